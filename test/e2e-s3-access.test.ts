// S3 access end to end: IAM users denied with S3's texts, bucket policies allowing and
// denying (anonymous callers with Principal "*" too), presigned URLs (and expired ones),
// virtual-hosted-style addressing, and uploads whose declared hash or chunk signatures lie
// are refused with nothing left behind.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateBucketCommand, DeleteBucketPolicyCommand, DeletePublicAccessBlockCommand, GetBucketPolicyCommand, GetObjectCommand, ListObjectsV2Command, PutBucketPolicyCommand,
  PutObjectCommand, PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { chunkSignature, deriveSigningKey } from '../src/core/sigv4/index.js';
import { openDatabase } from '../src/store/index.js';
import { clientConfig } from './support/gantry-fixture.js';
import { useGantry } from './support/use-gantry.js';
import { send, sha256Hex, signS3 } from './support/raw-http.js';
import { rejects } from './support/aws-error.js';
import { s3Client, userWithPolicy } from './support/s3-helpers.js';

const ACCT = '111122223333';
const gantry = useGantry({ accountId: ACCT }, async () => {
  await s3Client(gantry).send(new CreateBucketCommand({ Bucket: 'shared' }));
  await s3Client(gantry).send(new PutObjectCommand({ Bucket: 'shared', Key: 'public/readme.txt', Body: 'hello' }));
  await s3Client(gantry).send(new PutObjectCommand({ Bucket: 'shared', Key: 'private/secret.txt', Body: 'secret' }));
});

const policy = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

test('IAM users: denied with the quoted resource ARN until allowed; missing keys are 403 without s3:ListBucket', async () => {
  const reader = await userWithPolicy(gantry, 'reader', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/public/*' }]);
  const s3 = s3Client(gantry, reader);
  assert.equal(await (await s3.send(new GetObjectCommand({ Bucket: 'shared', Key: 'public/readme.txt' }))).Body!.transformToString(), 'hello');
  await rejects(s3.send(new GetObjectCommand({ Bucket: 'shared', Key: 'private/secret.txt' })), 'AccessDenied',
    `User: arn:aws:iam::${ACCT}:user/reader is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::shared/private/secret.txt" because no identity-based policy allows the s3:GetObject action`, 403);
  await rejects(s3.send(new GetObjectCommand({ Bucket: 'shared', Key: 'public/missing' })), 'AccessDenied', 'Access Denied', 403);
  await rejects(s3.send(new PutObjectCommand({ Bucket: 'shared', Key: 'public/x', Body: 'x' })), 'AccessDenied',
    /not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::shared\/public\/x" because no identity-based policy allows/);
});

test('bucket policies: validated with S3 texts, grant to a user, explicit deny wins, anonymous access with Principal "*"', async () => {
  const root = s3Client(gantry);
  await rejects(root.send(new PutBucketPolicyCommand({ Bucket: 'shared', Policy: 'not json' })), 'MalformedPolicy',
    "Policies must be valid JSON and the first byte must be '{'", 400);
  await rejects(root.send(new PutBucketPolicyCommand({
    Bucket: 'shared', Policy: policy([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::other/*' }]),
  })), 'MalformedPolicy', 'Policy has invalid resource');
  await rejects(root.send(new PutBucketPolicyCommand({
    Bucket: 'shared', Policy: policy([{ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::shared' }]),
  })), 'MalformedPolicy', 'Action does not apply to any resource(s) in statement');
  await rejects(root.send(new PutBucketPolicyCommand({
    Bucket: 'shared', Policy: policy([{ Effect: 'Allow', Principal: { AWS: 'user' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*' }]),
  })), 'MalformedPolicy', 'Invalid principal in policy');
  await rejects(root.send(new GetBucketPolicyCommand({ Bucket: 'shared' })), 'NoSuchBucketPolicy', 'The bucket policy does not exist', 404);

  const nobody = await userWithPolicy(gantry, 'nobody');
  const anonymousGet = () => send(gantry.url, 'GET', '/shared/public/readme.txt');
  const denied = await anonymousGet();
  assert.equal(denied.status, 403);
  assert.match(denied.body.toString(), /<Code>AccessDenied<\/Code><Message>Access Denied<\/Message><RequestId>[^<]+<\/RequestId><HostId>[^<]+<\/HostId><\/Error>/);
  assert.ok(denied.headers['x-amz-request-id'] && denied.headers['x-amz-id-2']);

  const document = policy([
    { Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/public/*' },
    { Sid: 'NobodyLists', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:user/nobody` }, Action: 's3:ListBucket', Resource: 'arn:aws:s3:::shared' },
    { Sid: 'NoSecrets', Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/private/*' },
  ]);
  // New buckets block public policies (as on AWS since April 2023): lift the block first, as an AWS user must.
  await rejects(root.send(new PutBucketPolicyCommand({ Bucket: 'shared', Policy: document })), 'AccessDenied', 'Access Denied', 403);
  await root.send(new DeletePublicAccessBlockCommand({ Bucket: 'shared' }));
  await root.send(new PutBucketPolicyCommand({ Bucket: 'shared', Policy: document }));
  assert.equal((await root.send(new GetBucketPolicyCommand({ Bucket: 'shared' }))).Policy, document);
  const allowed = await anonymousGet();
  assert.equal(allowed.status, 200);
  assert.equal(allowed.body.toString(), 'hello');
  const vhost = await send(gantry.url, 'GET', '/public/readme.txt', { host: `shared.s3.localhost:${new URL(gantry.url).port}` });
  assert.equal(vhost.body.toString(), 'hello');
  const local = await send(gantry.url, 'GET', '/public/readme.txt', { host: `shared.localhost:${new URL(gantry.url).port}` });
  assert.equal(local.status, 200);
  assert.equal((await send(gantry.url, 'GET', '/shared/private/secret.txt')).status, 403);
  const listed = await s3Client(gantry, nobody).send(new ListObjectsV2Command({ Bucket: 'shared' }));
  assert.equal(listed.KeyCount, 2);
  await rejects(s3Client(gantry).send(new GetObjectCommand({ Bucket: 'shared', Key: 'private/secret.txt' })), 'AccessDenied',
    `User: arn:aws:iam::${ACCT}:root is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::shared/private/secret.txt" with an explicit deny in a resource-based policy`);

  await root.send(new PutPublicAccessBlockCommand({ Bucket: 'shared', PublicAccessBlockConfiguration: { RestrictPublicBuckets: true, BlockPublicPolicy: true } }));
  assert.equal((await anonymousGet()).status, 403);
  await rejects(root.send(new PutBucketPolicyCommand({ Bucket: 'shared', Policy: document })), 'AccessDenied');
  await root.send(new PutPublicAccessBlockCommand({ Bucket: 'shared', PublicAccessBlockConfiguration: {} }));
  await root.send(new DeleteBucketPolicyCommand({ Bucket: 'shared' }));
  assert.equal((await anonymousGet()).status, 403);
});

test('ACL headers need s3:PutObjectAcl too; s3:x-amz-acl and s3:x-amz-storage-class are condition keys of a write', async () => {
  const writer = await userWithPolicy(gantry, 'acl-writer', [{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::shared/uploads/*' }]);
  const s3 = s3Client(gantry, writer);
  await s3.send(new PutObjectCommand({ Bucket: 'shared', Key: 'uploads/plain.txt', Body: 'x' }));
  await rejects(s3.send(new PutObjectCommand({ Bucket: 'shared', Key: 'uploads/acl.txt', Body: 'x', ACL: 'bucket-owner-full-control' })), 'AccessDenied',
    /not authorized to perform: s3:PutObjectAcl on resource: "arn:aws:s3:::shared\/uploads\/acl.txt"/, 403);
  const full = await userWithPolicy(gantry, 'acl-full', [{ Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectAcl'], Resource: 'arn:aws:s3:::shared/uploads/*' }]);
  await s3Client(gantry, full).send(new PutObjectCommand({ Bucket: 'shared', Key: 'uploads/acl.txt', Body: 'x', ACL: 'bucket-owner-full-control' }));

  const condition = await userWithPolicy(gantry, 'acl-conditions', [
    { Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectAcl'], Resource: 'arn:aws:s3:::shared/uploads/*' },
    { Effect: 'Deny', Action: 's3:PutObject', Resource: 'arn:aws:s3:::shared/uploads/*', Condition: { StringNotEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } } },
    { Effect: 'Deny', Action: 's3:PutObject', Resource: 'arn:aws:s3:::shared/uploads/*', Condition: { StringEquals: { 's3:x-amz-storage-class': 'GLACIER' } } },
  ]);
  const guarded = s3Client(gantry, condition);
  await rejects(guarded.send(new PutObjectCommand({ Bucket: 'shared', Key: 'uploads/c.txt', Body: 'x' })), 'AccessDenied', /with an explicit deny in an identity-based policy/);
  await guarded.send(new PutObjectCommand({ Bucket: 'shared', Key: 'uploads/c.txt', Body: 'x', ACL: 'bucket-owner-full-control' }));
  await rejects(guarded.send(new PutObjectCommand({ Bucket: 'shared', Key: 'uploads/c.txt', Body: 'x', ACL: 'bucket-owner-full-control', StorageClass: 'GLACIER' })),
    'AccessDenied', /explicit deny/);
});

test('presigned URLs: GET and PUT work, expired ones are refused', async () => {
  const s3 = s3Client(gantry);
  const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket: 'shared', Key: 'presigned.txt' }), { expiresIn: 60 });
  const put = await fetch(putUrl, { method: 'PUT', body: 'uploaded via presigned url' });
  assert.equal(put.status, 200);
  const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'shared', Key: 'presigned.txt' }), { expiresIn: 60 });
  assert.equal(await (await fetch(getUrl)).text(), 'uploaded via presigned url');
  const expiredUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'shared', Key: 'presigned.txt' }), {
    expiresIn: 60, signingDate: new Date(Date.now() - 3_600_000),
  });
  const expired = await fetch(expiredUrl);
  assert.equal(expired.status, 403);
  assert.match(await expired.text(), /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
});

test('a presigned URL used with an x-amz-* header it did not sign is AccessDenied naming the header; a header it signed is fine', async () => {
  // Recorded against AWS: test_s3.snapshot.json, test_s3_put_presigned_url_same_header_and_qs_parameter ("override-signed-qs").
  const s3 = s3Client(gantry);
  const putUrl = await getSignedUrl(s3, new PutObjectCommand({ Bucket: 'shared', Key: 'presigned-headers.txt' }), { expiresIn: 60 });
  const stretched = await fetch(putUrl, { method: 'PUT', body: 'test_data', headers: { 'x-amz-expires': '5' } });
  assert.equal(stretched.status, 403);
  const body = await stretched.text();
  assert.match(body, /<Code>AccessDenied<\/Code><Message>There were headers present in the request which were not signed<\/Message>/);
  assert.match(body, /<HeadersNotSigned>x-amz-expires<\/HeadersNotSigned>/);
  const signedMeta = await getSignedUrl(s3, new PutObjectCommand({ Bucket: 'shared', Key: 'presigned-headers.txt', Metadata: { team: 'ml' } }),
    { expiresIn: 60, unhoistableHeaders: new Set(['x-amz-meta-team']) });
  assert.equal((await fetch(signedMeta, { method: 'PUT', body: 'test_data', headers: { 'x-amz-meta-team': 'ml' } })).status, 200);
  // The payload hash header is the exception: clients send it with any S3 request, signed or not.
  const withHash = await fetch(putUrl, { method: 'PUT', body: 'test_data', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
  assert.equal(withHash.status, 200, await withHash.text());
});

test('presigned URLs refused as AWS refuses them: expired with its X-Amz-Expires, Expires and ServerTime; over a week; used with another method', async () => {
  const s3 = s3Client(gantry);
  const signingDate = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000);
  const expired = await fetch(await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'shared', Key: 'public/readme.txt' }), { expiresIn: 60, signingDate }));
  assert.equal(expired.status, 403);
  const body = await expired.text();
  // Recorded against AWS: localstack tests/aws/services/s3/test_s3.snapshot.json, test_s3_presigned_url_expired.
  assert.match(body, /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
  assert.match(body, /<X-Amz-Expires>60<\/X-Amz-Expires>/);
  assert.match(body, new RegExp(`<Expires>${new Date(signingDate.getTime() + 60_000).toISOString().replace('.000', '')}</Expires>`));
  assert.match(body, /<ServerTime>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/ServerTime>/);

  const getUrl = await getSignedUrl(s3, new GetObjectCommand({ Bucket: 'shared', Key: 'public/readme.txt' }), { expiresIn: 60 });
  const tooLong = await fetch(getUrl.replace(/X-Amz-Expires=\d+/, 'X-Amz-Expires=604801'));
  assert.equal(tooLong.status, 400);
  assert.match(await tooLong.text(), /<Code>AuthorizationQueryParametersError<\/Code><Message>X-Amz-Expires must be less than a week \(in seconds\); that is, the given X-Amz-Expires must be less than 604800 seconds<\/Message>/);
  const asPut = await fetch(getUrl, { method: 'PUT', body: 'overwrite' });
  assert.equal(asPut.status, 403);
  assert.match(await asPut.text(), /<Code>SignatureDoesNotMatch<\/Code>.*<SignatureProvided>[0-9a-f]{64}<\/SignatureProvided>/s);
});

test('a URL presigned with session credentials carries X-Amz-Security-Token and works', async () => {
  const reader = await userWithPolicy(gantry, 'presign-reader', [
    { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/public/*' },
  ]);
  const session = await new STSClient(clientConfig(gantry, reader)).send(new GetSessionTokenCommand({}));
  const creds = {
    accessKeyId: session.Credentials?.AccessKeyId as string, secretAccessKey: session.Credentials?.SecretAccessKey as string,
    sessionToken: session.Credentials?.SessionToken as string,
  };
  const url = await getSignedUrl(s3Client(gantry, creds), new GetObjectCommand({ Bucket: 'shared', Key: 'public/readme.txt' }), { expiresIn: 60 });
  assert.equal(new URL(url).searchParams.get('X-Amz-Security-Token'), creds.sessionToken);
  assert.equal(await (await fetch(url)).text(), 'hello');
  const denied = await fetch(await getSignedUrl(s3Client(gantry, creds), new GetObjectCommand({ Bucket: 'shared', Key: 'private/secret.txt' }), { expiresIn: 60 }));
  assert.equal(denied.status, 403);
  const stripped = new URL(url);
  stripped.searchParams.delete('X-Amz-Security-Token');
  assert.equal((await fetch(stripped)).status, 403, 'the temporary key without its token is not a key');
});

/** Stored blobs: files under objects/ and small objects' rows in the database. */
function storedBlobs(): number {
  const root = join(gantry.dataDir, 'objects');
  const files = existsSync(root) ? readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0;
  const db = openDatabase(join(gantry.dataDir, 'gantry.db'));
  try {
    return files + Number(db.prepare('SELECT count(*) AS n FROM s3_inline_blobs').get()?.['n']);
  } finally {
    db.close();
  }
}

test('uploads whose payload hash or chunk signature lies are refused and leave nothing behind', async () => {
  const before = storedBlobs();
  const body = Buffer.from('the real body');
  const headers = await signS3(gantry.url, gantry.root, 'PUT', '/shared/lying.txt', { 'x-amz-content-sha256': sha256Hex('another body') });
  const lied = await send(gantry.url, 'PUT', '/shared/lying.txt', { ...headers, 'content-length': String(body.length) }, body);
  assert.equal(lied.status, 400);
  assert.match(lied.body.toString(), /<Code>XAmzContentSHA256Mismatch<\/Code>/);

  const date = new Date();
  const amzDate = date.toISOString().replace(/[-:]|\.\d{3}/g, '');
  const chunkHeaders = {
    'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '11',
  };
  const signed = await signS3(gantry.url, gantry.root, 'PUT', '/shared/chunked.txt', chunkHeaders, date);
  const seed = /Signature=([0-9a-f]{64})/.exec(signed['authorization'] ?? '')?.[1] as string;
  const ctx = { signingKey: deriveSigningKey(gantry.root.secretAccessKey, amzDate.slice(0, 8), 'us-east-1', 's3'), amzDate, scope: `${amzDate.slice(0, 8)}/us-east-1/s3/aws4_request`, seedSignature: seed };
  const chunked = (seedSignature: string, data: Buffer[], tamper = false) => {
    let previous = seedSignature;
    const parts: Buffer[] = [];
    for (const chunk of [...data, Buffer.alloc(0)]) {
      const signature = chunkSignature({ ...ctx, seedSignature }, previous, chunk);
      previous = signature;
      const sent = tamper && chunk.length > 0 ? Buffer.from(chunk.toString().toUpperCase()) : chunk;
      parts.push(Buffer.from(`${chunk.length.toString(16)};chunk-signature=${signature}\r\n`), sent, Buffer.from('\r\n'));
    }
    return Buffer.concat(parts);
  };
  const good = chunked(seed, [Buffer.from('hello '), Buffer.from('world')]);
  const ok = await send(gantry.url, 'PUT', '/shared/chunked.txt', { ...signed, 'content-length': String(good.length) }, good);
  assert.equal(ok.status, 200, ok.body.toString());
  assert.equal(await (await s3Client(gantry).send(new GetObjectCommand({ Bucket: 'shared', Key: 'chunked.txt' }))).Body!.transformToString(), 'hello world');
  const signedBad = await signS3(gantry.url, gantry.root, 'PUT', '/shared/tampered.txt', chunkHeaders, date);
  const seedBad = /Signature=([0-9a-f]{64})/.exec(signedBad['authorization'] ?? '')?.[1] as string;
  const bad = chunked(seedBad, [Buffer.from('hello '), Buffer.from('world')], true);
  const tampered = await send(gantry.url, 'PUT', '/shared/tampered.txt', { ...signedBad, 'content-length': String(bad.length) }, bad);
  assert.equal(tampered.status, 403);
  assert.match(tampered.body.toString(), /<Code>SignatureDoesNotMatch<\/Code>/);
  await rejects(s3Client(gantry).send(new GetObjectCommand({ Bucket: 'shared', Key: 'tampered.txt' })), 'NoSuchKey');
  await rejects(s3Client(gantry).send(new GetObjectCommand({ Bucket: 'shared', Key: 'lying.txt' })), 'NoSuchKey');
  assert.equal(storedBlobs(), before + 1, 'only the good chunked upload added a blob');
});
