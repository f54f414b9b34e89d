// Signed calls for the platform benchmark: requests signed by the AWS SDK itself, captured
// before sending so that they can be replayed (a signature stays valid for 15 minutes), sent
// once over a fresh connection, and the IAM user that the GetUser workload runs as.

import { request as httpRequest } from 'node:http';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateUserCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface SignedRequest {
  readonly method: string;
  readonly path: string;
  /** As signed, less content-length (the load generator writes its own, equal one). */
  readonly headers: Record<string, string>;
  readonly body: string;
}

export interface RecordedResponse {
  readonly status: number;
  /** Raw header pairs in the order received. */
  readonly headers: [string, string][];
  readonly body: Buffer;
}

/** The workloads: STS GetCallerIdentity (no policy needed) and IAM GetUser (authorized). */
export type CallKind = 'sts:GetCallerIdentity' | 'iam:GetUser';

export const BENCH_USER = 'bench-reader';

class Captured extends Error {
  constructor(readonly signed: SignedRequest) {
    super('captured');
  }
}

interface SdkRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

const capturingHandler = {
  handle: async (req: SdkRequest): Promise<never> => {
    const { 'content-length': _length, ...headers } = req.headers;
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(req.query ?? {})) for (const one of [v ?? ''].flat()) query.append(k, one);
    const search = query.toString();
    throw new Captured({ method: req.method, path: search ? `${req.path}?${search}` : req.path, headers, body: String(req.body ?? '') });
  },
};

function clientConfig(url: string, credentials: Credentials, capture: boolean) {
  return {
    endpoint: url,
    region: 'us-east-1',
    credentials,
    maxAttempts: 1,
    ...(capture ? { requestHandler: capturingHandler as never } : {}),
  };
}

/** A request for `kind`, signed now by the SDK with `credentials`, never sent. */
export async function signCall(kind: CallKind, url: string, credentials: Credentials): Promise<SignedRequest> {
  try {
    if (kind === 'sts:GetCallerIdentity') await new STSClient(clientConfig(url, credentials, true)).send(new GetCallerIdentityCommand({}));
    else await new IAMClient(clientConfig(url, credentials, true)).send(new GetUserCommand({ UserName: BENCH_USER }));
  } catch (error) {
    if (error instanceof Captured) return error.signed;
    throw error;
  }
  throw new Error('the SDK sent a request past the capturing handler');
}

/** Sends a signed request once, on a new connection, and records the answer. */
export function sendOnce(url: string, signed: SignedRequest): Promise<RecordedResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: signed.method,
        path: signed.path,
        headers: { ...signed.headers, 'content-length': String(Buffer.byteLength(signed.body)) },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const headers: [string, string][] = [];
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.push([res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string]);
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(signed.body);
  });
}

/** Creates the user GetUser runs as, allowed iam:GetUser on itself only; returns its key. */
export async function createBenchUser(url: string, root: Credentials, accountId: string): Promise<Credentials> {
  const iam = new IAMClient(clientConfig(url, root, false));
  await iam.send(new CreateUserCommand({ UserName: BENCH_USER }));
  const document = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: `arn:aws:iam::${accountId}:user/${BENCH_USER}` }] };
  const policy = await iam.send(new CreatePolicyCommand({ PolicyName: 'bench-get-self', PolicyDocument: JSON.stringify(document) }));
  await iam.send(new AttachUserPolicyCommand({ UserName: BENCH_USER, PolicyArn: policy.Policy?.Arn }));
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: BENCH_USER }));
  const accessKeyId = key.AccessKey?.AccessKeyId;
  const secretAccessKey = key.AccessKey?.SecretAccessKey;
  if (!accessKeyId || !secretAccessKey) throw new Error('CreateAccessKey returned no key');
  iam.destroy();
  return { accessKeyId, secretAccessKey };
}
