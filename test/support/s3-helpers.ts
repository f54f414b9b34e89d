// Helpers shared by the S3 end-to-end tests (and borrowed by the KMS ones): clients, users with
// policies, deterministic bodies.

import { S3Client } from '@aws-sdk/client-s3';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreatePolicyCommand, CreateUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { clientConfig, type Credentials, type RunningGantry } from './gantry-fixture.js';

export function s3Client(gantry: RunningGantry, credentials: Credentials = gantry.root): S3Client {
  return new S3Client({ ...clientConfig(gantry, credentials), forcePathStyle: true });
}

/**
 * A client that sends a checksum only when an operation requires one, as the AWS CLI before 2.23,
 * presigned URLs and most other S3 clients do: S3 sees uploads without checksums.
 */
export function bareS3Client(gantry: RunningGantry, credentials: Credentials = gantry.root): S3Client {
  return new S3Client({ ...clientConfig(gantry, credentials), forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' });
}

export function iamClient(gantry: RunningGantry, credentials: Credentials = gantry.root): IAMClient {
  return new IAMClient(clientConfig(gantry, credentials));
}

export function kmsClient(gantry: RunningGantry, credentials: Credentials = gantry.root): KMSClient {
  return new KMSClient(clientConfig(gantry, credentials));
}

/** An IAM user with an access key and, optionally, one managed policy attached. */
export async function userWithPolicy(gantry: RunningGantry, name: string, statements?: object[]): Promise<Credentials> {
  const iam = iamClient(gantry);
  await iam.send(new CreateUserCommand({ UserName: name }));
  const key = await iam.send(new CreateAccessKeyCommand({ UserName: name }));
  if (statements) {
    const policy = await iam.send(new CreatePolicyCommand({
      PolicyName: `${name}-policy`, PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
    }));
    await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: policy.Policy?.Arn }));
  }
  return { accessKeyId: key.AccessKey?.AccessKeyId as string, secretAccessKey: key.AccessKey?.SecretAccessKey as string };
}

export function bytes(size: number, seed = 1): Buffer {
  const out = Buffer.alloc(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}
