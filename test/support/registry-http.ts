// Raw HTTP to Gantry's registry (OCI Distribution) for the ECR end-to-end tests: one request,
// its whole answer read back, the registry's error JSON a call away.

import { request, type ClientRequest } from 'node:http';

export interface RegistryAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  json: () => { errors: { code: string; message: string; detail: unknown }[] } & Record<string, unknown>;
}

/** Sends one request to the registry listening on `port`; `send` writes its body (if any) and ends it. */
export function registryRequest(
  port: number, method: string, path: string, headers: Record<string, string>, send: (req: ClientRequest) => void,
): Promise<RegistryAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const data = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data, json: () => JSON.parse(data.toString()) });
      });
    });
    req.on('error', reject);
    send(req);
  });
}

export interface RegistryCallOptions {
  headers?: Record<string, string>;
  body?: Buffer | string;
  host?: string;
  /** The Authorization header; null sends none. */
  auth?: string | null;
}

/** One request with a whole body (or none), its Content-Length set. */
export function registryCall(port: number, method: string, path: string, options: RegistryCallOptions = {}): Promise<RegistryAnswer> {
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.auth !== undefined && options.auth !== null) headers['authorization'] = options.auth;
  if (options.host) headers['host'] = options.host;
  if (body) headers['content-length'] = String(body.length);
  return registryRequest(port, method, path, headers, (req) => req.end(body));
}
