// S3 requests signed by the AWS SDK itself (PutObject, GetObject, UploadPart), captured before
// sending so that a load generator can replay them for a few minutes (a SigV4 signature stays
// valid for 15).

import { GetObjectCommand, PutObjectCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface PresignedRequest {
  readonly method: string;
  /** Path and query string, as signed. */
  readonly path: string;
  /** As signed, content-length included when there is a body. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | null;
}

interface SdkRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: unknown;
}

class Captured extends Error {
  constructor(readonly request: PresignedRequest) {
    super('captured');
  }
}

function toBuffer(body: unknown): Buffer | null {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  throw new Error(`cannot replay a request body of type ${typeof body}`);
}

const capturingHandler = {
  handle: async (req: SdkRequest): Promise<never> => {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(req.query ?? {})) for (const one of [v ?? ''].flat()) query.append(k, one);
    const search = query.toString();
    throw new Captured({ method: req.method, path: search ? `${req.path}?${search}` : req.path, headers: { ...req.headers }, body: toBuffer(req.body) });
  },
};

/** Signs requests for one endpoint and one set of credentials, path-style, region us-east-1. */
export class RequestSigner {
  private readonly client: S3Client;

  constructor(url: string, credentials: Credentials) {
    this.client = new S3Client({
      endpoint: url, region: 'us-east-1', credentials, forcePathStyle: true, maxAttempts: 1, requestHandler: capturingHandler as never,
    });
  }

  private async capture(send: () => Promise<unknown>): Promise<PresignedRequest> {
    try {
      await send();
    } catch (error) {
      if (error instanceof Captured) return error.request;
      throw error;
    }
    throw new Error('the SDK sent a request past the capturing handler');
  }

  put(bucket: string, key: string, body: Buffer): Promise<PresignedRequest> {
    return this.capture(() => this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body })));
  }

  /** The SDK hashes the part (SHA-256 for the signature, CRC32 for its checksum header) here, not when it is sent. */
  uploadPart(bucket: string, key: string, uploadId: string, partNumber: number, body: Buffer): Promise<PresignedRequest> {
    return this.capture(() => this.client.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: partNumber, Body: body })));
  }

  get(bucket: string, key: string): Promise<PresignedRequest> {
    return this.capture(() => this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key })));
  }

  destroy(): void {
    this.client.destroy();
  }
}
