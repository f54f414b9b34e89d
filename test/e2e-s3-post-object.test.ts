// S3 POST Object end to end: forms made by @aws-sdk/s3-presigned-post's createPresignedPost,
// sent as real multipart/form-data with fetch + FormData. A signed form uploads through
// PutObject's governed path (an SSE-KMS bucket's data key asked for as the signer); its policy is
// enforced (expiry, conditions, fields it does not cover, content-length-range) and its signature
// checked; a signer without s3:PutObject is refused and audited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateBucketCommand, DeletePublicAccessBlockCommand, GetObjectCommand, GetObjectTaggingCommand, HeadObjectCommand, ListBucketsCommand,
  PutBucketEncryptionCommand, PutBucketPolicyCommand, S3Client,
} from '@aws-sdk/client-s3';
import { GetRoleCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import { createPresignedPost, type PresignedPostOptions } from '@aws-sdk/s3-presigned-post';
import { clientConfig, type Credentials } from './support/gantry-fixture.js';
import { useGantry } from './support/use-gantry.js';
import { send, signS3 } from './support/raw-http.js';
import { roleSession } from './support/role-session.js';
import { bytes, iamClient, kmsClient, s3Client, userWithPolicy } from './support/s3-helpers.js';

const ACCT = '111122223333';
const BUCKET = 'post-uploads';
let keyArn: string;
let uploader: Credentials;

const gantry = useGantry({ accountId: ACCT }, async () => {
  const created = await kmsClient(gantry).send(new CreateKeyCommand({ Description: 'post uploads' }));
  keyArn = created.KeyMetadata?.Arn as string;
  await s3Client(gantry).send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3Client(gantry).send(new PutBucketEncryptionCommand({
    Bucket: BUCKET,
    ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn } }] },
  }));
  uploader = await userWithPolicy(gantry, 'uploader', [
    { Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectTagging', 's3:GetObject'], Resource: `arn:aws:s3:::${BUCKET}/*` },
    { Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: '*' },
  ]);
});

/** A form for `options`, signed with `credentials` (the root user's unless named). */
function presign(options: Omit<PresignedPostOptions, 'Bucket'>, credentials: Credentials = gantry.root) {
  return createPresignedPost(s3Client(gantry, credentials), { Bucket: BUCKET, ...options });
}

/** Posts the form's fields and then the file (last, as S3 requires), as a browser would; `after` follows the file. */
async function post(url: string, fields: Record<string, string>, file: Buffer | string, filename = 'upload.bin', after: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', new Blob([file]), filename);
  for (const [name, value] of Object.entries(after)) form.append(name, value);
  const response = await fetch(url, { method: 'POST', body: form, redirect: 'manual' });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

const errorOf = (body: string) => ({
  code: /<Code>([^<]*)<\/Code>/.exec(body)?.[1],
  message: /<Message>([^<]*)<\/Message>/.exec(body)?.[1]?.replace(/&quot;/g, '"'),
});

test('a signed form uploads to an SSE-KMS bucket: 204 with ETag and Location, the bytes read back encrypted under the key', async () => {
  const body = bytes(300_000, 7);
  const { url, fields } = await presign({ Key: 'forms/data.bin', Fields: { 'Content-Type': 'application/x-data', 'x-amz-meta-origin': 'browser' } }, uploader);
  assert.equal(url, `${gantry.url}/${BUCKET}`);
  const answer = await post(url, fields, body);
  assert.equal(answer.status, 204, answer.body);
  assert.match(answer.headers.get('etag') ?? '', /^"[0-9a-f]{32}"$/);
  assert.equal(answer.headers.get('location'), `${gantry.url}/${BUCKET}/forms/data.bin`);
  assert.equal(answer.headers.get('x-amz-server-side-encryption'), 'aws:kms');
  assert.equal(answer.headers.get('x-amz-server-side-encryption-aws-kms-key-id'), keyArn);
  const read = await s3Client(gantry, uploader).send(new GetObjectCommand({ Bucket: BUCKET, Key: 'forms/data.bin' }));
  assert.deepEqual(Buffer.from(await read.Body!.transformToByteArray()), body);
  assert.deepEqual([read.ServerSideEncryption, read.SSEKMSKeyId, read.ContentType, read.Metadata?.['origin']], ['aws:kms', keyArn, 'application/x-data', 'browser']);
  assert.equal(read.ETag, answer.headers.get('etag'));
  // Authorized as the signer, data key included: KMS was asked by the uploader, not by Gantry.
  gantry.platform.audit.flush();
  const record = gantry.platform.audit.get(answer.headers.get('x-amz-request-id') ?? '');
  assert.equal(record?.operation, 'PostObject');
  assert.equal(record?.principal, `arn:aws:iam::${ACCT}:user/uploader`);
  assert.deepEqual(record?.decisions.map((d) => [d.action, d.decision.decision]), [['s3:PutObject', 'Allow'], ['kms:GenerateDataKey', 'Allow']]);
});

test('an expired policy is refused: AccessDenied "Policy expired."', async () => {
  const { url, fields } = await presign({ Key: 'late.txt', Expires: -10 });
  const answer = await post(url, fields, 'too late');
  assert.equal(answer.status, 403);
  assert.deepEqual(errorOf(answer.body), { code: 'AccessDenied', message: 'Invalid according to Policy: Policy expired.' });
});

test('a field no condition covers, or one that fails its condition, is refused', async () => {
  const { url, fields } = await presign({ Key: 'extra.txt' });
  const extra = await post(url, { ...fields, 'x-amz-meta-sneaky': 'yes' }, 'data');
  assert.equal(extra.status, 403);
  assert.deepEqual(errorOf(extra.body), { code: 'AccessDenied', message: 'Invalid according to Policy: Extra input fields: x-amz-meta-sneaky' });
  // x-ignore- fields need no condition.
  assert.equal((await post(url, { ...fields, 'x-ignore-note': 'fine' }, 'data')).status, 204);
  const moved = await post(url, { ...fields, key: 'elsewhere.txt' }, 'data');
  assert.equal(moved.status, 403);
  assert.deepEqual(errorOf(moved.body), { code: 'AccessDenied', message: 'Invalid according to Policy: Policy Condition failed: ["eq", "$key", "extra.txt"]' });
});

test('fields after the file are ignored: one the policy does not cover, a second key', async () => {
  const { url, fields } = await presign({ Key: 'after/kept.txt' });
  const answer = await post(url, fields, 'data', 'upload.bin', { 'x-amz-meta-z': 'late', key: 'after/moved.txt' });
  assert.equal(answer.status, 204, answer.body);
  assert.equal(answer.headers.get('location'), `${gantry.url}/${BUCKET}/after/kept.txt`);
  const read = await s3Client(gantry).send(new GetObjectCommand({ Bucket: BUCKET, Key: 'after/kept.txt' }));
  assert.equal(await read.Body!.transformToString(), 'data');
  assert.deepEqual(read.Metadata, {});
  await assert.rejects(s3Client(gantry).send(new GetObjectCommand({ Bucket: BUCKET, Key: 'after/moved.txt' })), { name: 'NoSuchKey' });
});

test('content-length-range: a larger file is EntityTooLarge, a smaller one EntityTooSmall, nothing is stored', async () => {
  const { url, fields } = await presign({ Key: 'sized.txt', Conditions: [['content-length-range', 5, 10]] });
  const large = await post(url, fields, 'a'.repeat(12));
  assert.equal(large.status, 400);
  assert.deepEqual(errorOf(large.body), { code: 'EntityTooLarge', message: 'Your proposed upload exceeds the maximum allowed size' });
  assert.match(large.body, /<ProposedSize>12<\/ProposedSize>/);
  assert.match(large.body, /<MaxSizeAllowed>10<\/MaxSizeAllowed>/);
  const small = await post(url, fields, 'a');
  assert.equal(small.status, 400);
  assert.equal(errorOf(small.body).code, 'EntityTooSmall');
  assert.match(small.body, /<ProposedSize>1<\/ProposedSize>/);
  assert.match(small.body, /<MinSizeAllowed>5<\/MinSizeAllowed>/);
  await assert.rejects(s3Client(gantry).send(new GetObjectCommand({ Bucket: BUCKET, Key: 'sized.txt' })), { name: 'NoSuchKey' });
  assert.equal((await post(url, fields, 'a'.repeat(10))).status, 204);
});

test('a wrong signature is SignatureDoesNotMatch naming the policy as the string to sign', async () => {
  const { url, fields } = await presign({ Key: 'forged.txt' });
  const forged = { ...fields, 'X-Amz-Signature': '0'.repeat(64) };
  const answer = await post(url, forged, 'data');
  assert.equal(answer.status, 403);
  assert.equal(errorOf(answer.body).code, 'SignatureDoesNotMatch');
  assert.match(answer.body, new RegExp(`<StringToSign>${fields['Policy']}</StringToSign>`));
  const { 'X-Amz-Signature': _dropped, ...unsigned } = fields;
  const missing = await post(url, unsigned, 'data');
  assert.equal(missing.status, 400);
  assert.deepEqual(errorOf(missing.body), {
    code: 'InvalidArgument', message: "Bucket POST must contain a field named 'X-Amz-Signature'.  If it is specified, please check the order of the fields.",
  });
});

test('a signer whose IAM policy lacks s3:PutObject is refused, and the audit trail records the decision', async () => {
  const reader = await userWithPolicy(gantry, 'post-reader', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]);
  const { url, fields } = await presign({ Key: 'denied.txt' }, reader);
  const answer = await post(url, fields, 'data');
  assert.equal(answer.status, 403);
  assert.deepEqual(errorOf(answer.body), {
    code: 'AccessDenied',
    message: `User: arn:aws:iam::${ACCT}:user/post-reader is not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::${BUCKET}/denied.txt" because no identity-based policy allows the s3:PutObject action`,
  });
  gantry.platform.audit.flush();
  const record = gantry.platform.audit.get(answer.headers.get('x-amz-request-id') ?? '');
  assert.equal(record?.operation, 'PostObject');
  assert.equal(record?.principal, `arn:aws:iam::${ACCT}:user/post-reader`);
  assert.equal(record?.errorCode, 'AccessDenied');
  assert.deepEqual(record?.decisions.map((d) => [d.action, d.resource, d.decision.decision]), [['s3:PutObject', `arn:aws:s3:::${BUCKET}/denied.txt`, 'ImplicitDeny']]);
});

test('a form signed by a role session is that role\'s use: GetRole\'s RoleLastUsed names the Region of its credential scope', async () => {
  const session = await roleSession(gantry, 'post-role', [
    { Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/*` },
    { Effect: 'Allow', Action: 'kms:GenerateDataKey', Resource: '*' },
  ]);
  assert.deepEqual((await iamClient(gantry).send(new GetRoleCommand({ RoleName: 'post-role' }))).Role?.RoleLastUsed, {});
  const { url, fields } = await presign({ Key: 'by-role.txt' }, session.creds);
  assert.ok(fields['X-Amz-Security-Token'], 'the session token travels as a form field');
  const answer = await post(url, fields, 'data');
  assert.equal(answer.status, 204, answer.body);
  const used = (await iamClient(gantry).send(new GetRoleCommand({ RoleName: 'post-role' }))).Role?.RoleLastUsed;
  assert.equal(used?.Region, 'us-east-1');
  assert.ok(used?.LastUsedDate);
});

test('a form whose x-amz-credential scope names another Region than the bucket\'s is AuthorizationHeaderMalformed naming the bucket\'s Region', async () => {
  // [INFER] No AWS-recorded answer to a form signed for the wrong Region was found (LocalStack's
  // snapshots record none); S3 answers a header-signed request so, and the form gets the same
  // answer, from the same check against the bucket's Region, after its signature is verified.
  const west = new S3Client({ ...clientConfig(gantry, uploader), region: 'us-west-2', forcePathStyle: true });
  const { url, fields } = await createPresignedPost(west, { Bucket: BUCKET, Key: 'wrong-region.txt' });
  assert.match(fields['X-Amz-Credential'] ?? '', /\/us-west-2\/s3\/aws4_request$/);
  const answer = await post(url, fields, 'data');
  assert.equal(answer.status, 400);
  assert.deepEqual(errorOf(answer.body), {
    code: 'AuthorizationHeaderMalformed',
    message: "The authorization header is malformed; the region 'us-west-2' is wrong; expecting 'us-east-1'",
  });
  assert.match(answer.body, /<Region>us-east-1<\/Region>/);
  assert.equal(answer.headers.get('x-amz-bucket-region'), 'us-east-1');
  await assert.rejects(s3Client(gantry).send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'wrong-region.txt' })), { name: 'NotFound' });
});

test('a form refused before its file is read (no such bucket; a signer IAM refuses) leaves the server answering', async () => {
  const file = bytes(400_000, 5);
  const missing = await post(`${gantry.url}/no-such-post-bucket`, { key: 'k' }, file);
  assert.equal(missing.status, 404, missing.body);
  assert.equal(errorOf(missing.body).code, 'NoSuchBucket');
  const refusedUser = await userWithPolicy(gantry, 'post-refused', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]);
  const { url, fields } = await presign({ Key: 'refused.bin' }, refusedUser);
  const refused = await post(url, fields, file);
  assert.equal(refused.status, 403, refused.body);
  assert.equal(errorOf(refused.body).code, 'AccessDenied');
  // The unread file streams were abandoned without taking the process down.
  const listed = await s3Client(gantry).send(new ListBucketsCommand({}));
  assert.ok(listed.Buckets?.some((b) => b.Name === BUCKET));
});

test('${filename} in the key takes the uploaded file\'s name; 201 answers a PostResponse, tags come from the tagging field', async () => {
  const tagging = '<Tagging><TagSet><Tag><Key>team</Key><Value>ml</Value></Tag></TagSet></Tagging>';
  const { url, fields } = await presign({ Key: 'incoming/${filename}', Fields: { success_action_status: '201', tagging } }, uploader);
  const answer = await post(url, fields, 'report', 'report.csv');
  assert.equal(answer.status, 201, answer.body);
  assert.match(answer.body, new RegExp(`<PostResponse><Location>${gantry.url}/${BUCKET}/incoming/report.csv</Location><Bucket>${BUCKET}</Bucket><Key>incoming/report.csv</Key><ETag>"[0-9a-f]{32}"</ETag></PostResponse>`));
  const read = await s3Client(gantry).send(new GetObjectCommand({ Bucket: BUCKET, Key: 'incoming/report.csv' }));
  assert.equal(await read.Body!.transformToString(), 'report');
  const tags = await s3Client(gantry).send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: 'incoming/report.csv' }));
  assert.deepEqual(tags.TagSet, [{ Key: 'team', Value: 'ml' }]);
});

test('tag conditions are judged on the tags the form stores: its tagging field, never an x-amz-tagging field', async () => {
  const tagged = await userWithPolicy(gantry, 'post-tagged', [
    {
      Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectTagging'], Resource: `arn:aws:s3:::${BUCKET}/*`,
      Condition: { StringEquals: { 's3:RequestObjectTag/project': 'x' } },
    },
    { Effect: 'Allow', Action: ['kms:GenerateDataKey'], Resource: '*' },
  ]);
  const taggingOf = (project: string) => `<Tagging><TagSet><Tag><Key>project</Key><Value>${project}</Value></Tag></TagSet></Tagging>`;
  // The x-amz-tagging field says what the condition wants; the tags stored would be the XML's.
  const smuggled = await presign({ Key: 'tagged/smuggled.txt', Fields: { tagging: taggingOf('y'), 'x-amz-tagging': 'project=x' } }, tagged);
  const refused = await post(smuggled.url, smuggled.fields, 'data');
  assert.equal(refused.status, 403, refused.body);
  assert.equal(errorOf(refused.body).code, 'AccessDenied');
  await assert.rejects(s3Client(gantry).send(new GetObjectCommand({ Bucket: BUCKET, Key: 'tagged/smuggled.txt' })), { name: 'NoSuchKey' });
  const honest = await presign({ Key: 'tagged/honest.txt', Fields: { tagging: taggingOf('x') } }, tagged);
  const stored = await post(honest.url, honest.fields, 'data');
  assert.equal(stored.status, 204, stored.body);
  const tags = await s3Client(gantry).send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: 'tagged/honest.txt' }));
  assert.deepEqual(tags.TagSet, [{ Key: 'project', Value: 'x' }]);
});

test('success_action_redirect answers 303 to the URL with bucket, key and etag', async () => {
  const redirect = 'http://app.example/done';
  const { url, fields } = await presign({ Key: 'redirected.txt', Fields: { success_action_redirect: redirect } });
  const answer = await post(url, fields, 'data');
  assert.equal(answer.status, 303);
  const location = new URL(answer.headers.get('location') ?? '');
  assert.equal(`${location.origin}${location.pathname}`, redirect);
  assert.deepEqual([location.searchParams.get('bucket'), location.searchParams.get('key')], [BUCKET, 'redirected.txt']);
  assert.match(location.searchParams.get('etag') ?? '', /^"[0-9a-f]{32}"$/);
});

test('a POST to a bucket that is not a form is PreconditionFailed; an anonymous form needs the bucket policy', async () => {
  const notForm = await fetch(`${gantry.url}/${BUCKET}`, { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } });
  assert.equal(notForm.status, 412);
  assert.match(await notForm.text(), /<Code>PreconditionFailed<\/Code>.*<Condition>Bucket POST must be of the enclosure-type multipart\/form-data<\/Condition>/);
  const anonymous = await post(`${gantry.url}/${BUCKET}`, { key: 'anon.txt' }, 'data');
  assert.equal(anonymous.status, 403);
  assert.deepEqual(errorOf(anonymous.body), { code: 'AccessDenied', message: 'Access Denied' });
});

test('a part without a name is MalformedPOSTRequest; a bucket path that is not percent-encoding names no bucket', async () => {
  // A field, a field with no name parameter, a file part with no name.
  for (const disposition of ['form-data; name=""', 'form-data', 'form-data; filename="other.txt"']) {
    const body = `--XX\r\nContent-Disposition: ${disposition}\r\n\r\nvalue\r\n`
      + '--XX\r\nContent-Disposition: form-data; name="key"\r\n\r\nnameless.txt\r\n'
      + '--XX\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nabc\r\n--XX--\r\n';
    const answer = await send(gantry.url, 'POST', `/${BUCKET}`, { 'content-type': 'multipart/form-data; boundary=XX' }, body);
    assert.equal(answer.status, 400, answer.body.toString());
    assert.deepEqual(errorOf(answer.body.toString()), {
      code: 'MalformedPOSTRequest', message: 'The body of your POST request is not well-formed multipart/form-data.',
    });
  }
  // As a GET of /%E0 is answered: the segment is kept as sent, and no bucket has that name.
  const undecodable = await post(`${gantry.url}/%E0`, { key: 'k' }, 'data');
  assert.equal(undecodable.status, 404, undecodable.body);
  assert.equal(errorOf(undecodable.body).code, 'NoSuchBucket');
  assert.match(undecodable.body, /<BucketName>%E0<\/BucketName>/);
});

test('an anonymous form to a virtual-hosted bucket whose policy lets anyone put is stored; its policy field is not needed', async () => {
  await s3Client(gantry).send(new CreateBucketCommand({ Bucket: 'drop-box' }));
  await s3Client(gantry).send(new DeletePublicAccessBlockCommand({ Bucket: 'drop-box' }));
  await s3Client(gantry).send(new PutBucketPolicyCommand({
    Bucket: 'drop-box',
    Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::drop-box/*' }] }),
  }));
  const form = new FormData();
  form.append('key', 'inbox/${filename}');
  form.append('file', new Blob(['anonymous bytes']), 'note.txt');
  const request = new Request('http://unused/', { method: 'POST', body: form });
  const host = `drop-box.s3.localhost:${new URL(gantry.url).port}`;
  const answer = await send(gantry.url, 'POST', '/', { host, 'content-type': request.headers.get('content-type') ?? '' }, Buffer.from(await request.arrayBuffer()));
  assert.equal(answer.status, 204, answer.body.toString());
  assert.equal(answer.headers['location'], `http://${host}/inbox/note.txt`);
  const read = await s3Client(gantry).send(new GetObjectCommand({ Bucket: 'drop-box', Key: 'inbox/note.txt' }));
  assert.equal(await read.Body!.transformToString(), 'anonymous bytes');
});

test('fields that become headers: UTF-8 text is stored as its bytes and read back by GET and HEAD; control characters, or a name no header can have, are refused and nothing is stored', async () => {
  const disposition = 'attachment; filename="D’Arcy €.txt"';
  const note = 'naïve ☃';
  const signedGet = async (method: string, key: string) => {
    const headers = await signS3(gantry.url, gantry.root, method, `/${BUCKET}/${key}`, { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' });
    return send(gantry.url, method, `/${BUCKET}/${key}`, headers);
  };
  const stored = await presign({ Key: 'utf8-fields.txt', Fields: { 'Content-Disposition': disposition, 'x-amz-meta-note': note } });
  assert.equal((await post(stored.url, stored.fields, 'abc')).status, 204);
  for (const method of ['GET', 'HEAD']) {
    const read = await signedGet(method, 'utf8-fields.txt');
    assert.equal(read.status, 200, `${method}: ${read.body.toString()}`);
    // The bytes the form sent (Node reads header bytes as Latin-1 text).
    assert.deepEqual(Buffer.from(read.headers['content-disposition'] as string, 'latin1'), Buffer.from(disposition));
    assert.deepEqual(Buffer.from(read.headers['x-amz-meta-note'] as string, 'latin1'), Buffer.from(note));
  }
  const refused: [string, string, string][] = [
    ['Cache-Control', 'no-cache\r\nSet-Cookie: a=b', 'Header value contains characters that are not allowed in an HTTP header.'],
    ['x-amz-meta-bell', 'a\u0007b', 'Header value contains characters that are not allowed in an HTTP header.'],
    ['x-amz-meta-two words', 'v', 'Header name is not a valid HTTP header name.'],
  ];
  for (const [name, value, message] of refused) {
    const { url, fields } = await presign({ Key: 'refused-field.txt', Fields: { [name]: value } });
    const answer = await post(url, fields, 'abc');
    assert.equal(answer.status, 400, `${name}: ${answer.body}`);
    assert.deepEqual(errorOf(answer.body), { code: 'InvalidArgument', message });
    assert.equal((await signedGet('HEAD', 'refused-field.txt')).status, 404, 'nothing stored');
  }
});

test('a success_action_redirect a Location header cannot carry as sent is sent as the URL parses (ASCII), not a 500 after the object was stored', async () => {
  const { url, fields } = await presign({ Key: 'redirected-utf8.txt', Fields: { success_action_redirect: 'http://app.example/done/€' } });
  const answer = await post(url, fields, 'data');
  assert.equal(answer.status, 303, answer.body);
  const location = new URL(answer.headers.get('location') ?? '');
  assert.equal(`${location.origin}${location.pathname}`, 'http://app.example/done/%E2%82%AC');
  assert.equal(location.searchParams.get('key'), 'redirected-utf8.txt');
});
