// End to end: a bucket's CORS configuration is applied. PutBucketCors refuses what AWS refuses;
// preflight OPTIONS requests (unsigned, path or virtual-host style) are answered from the rules
// and audited; actual requests with an Origin get the Access-Control-* headers of their rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import {
  CreateBucketCommand, DeleteBucketCorsCommand, GetBucketCorsCommand, GetObjectCommand, PutBucketCorsCommand, PutObjectCommand, type CORSRule,
} from '@aws-sdk/client-s3';
import { useGantry } from './support/use-gantry.js';
import { rejects } from './support/aws-error.js';
import { s3Client } from './support/s3-helpers.js';

const SITE = 'https://app.example.com';
const RULES: CORSRule[] = [
  { AllowedOrigins: [SITE, 'http://*.example.org'], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['x-amz-*', 'Content-Type'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 3000 },
  { AllowedOrigins: ['*'], AllowedMethods: ['GET'] },
];

const gantry = useGantry({ accountId: '111122223333' }, async () => {
  const s3 = s3Client(gantry);
  await s3.send(new CreateBucketCommand({ Bucket: 'with-cors' }));
  await s3.send(new CreateBucketCommand({ Bucket: 'without-cors' }));
  await s3.send(new PutObjectCommand({ Bucket: 'with-cors', Key: 'page.html', Body: 'hello' }));
  await s3.send(new PutBucketCorsCommand({ Bucket: 'with-cors', CORSConfiguration: { CORSRules: RULES } }));
});

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One raw HTTP request (node:http lets a test set Host, as a virtual-hosted-style client does). */
function send(method: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL(path, gantry.url);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

const corsOf = (answer: Answer) => Object.fromEntries(Object.entries(answer.headers).filter(([name]) => name.startsWith('access-control-') || name === 'vary'));
const field = (body: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(body)?.[1];
const NOT_ALLOWED = 'CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method '
  + "or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";
const VARY = 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method';

test('PutBucketCors refuses unsupported methods, too many rules and a second wildcard; nothing refused is stored', async () => {
  const s3 = s3Client(gantry);
  const put = (CORSRules: CORSRule[]) => s3.send(new PutBucketCorsCommand({ Bucket: 'without-cors', CORSConfiguration: { CORSRules } }));
  await rejects(put([{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PATCH'] }]), 'InvalidRequest', 'Found unsupported HTTP method in CORS config. Unsupported method is PATCH', 400);
  await rejects(put([{ AllowedOrigins: ['http://*.*.com'], AllowedMethods: ['GET'] }]), 'InvalidRequest', 'AllowedOrigin "http://*.*.com" can not have more than one wildcard.', 400);
  await rejects(put([{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], AllowedHeaders: ['*-amz-*'] }]), 'InvalidRequest', 'AllowedHeader "*-amz-*" can not have more than one wildcard.', 400);
  const many = Array.from({ length: 101 }, () => ({ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }));
  await rejects(put(many), 'InvalidRequest', 'The number of CORS rules should not exceed allowed limit of 100 rules.', 400);
  await rejects(s3.send(new GetBucketCorsCommand({ Bucket: 'without-cors' })), 'NoSuchCORSConfiguration');
});

test('PutBucketCors refuses a configuration over 64 KB, as a request too big, and accepts one just under', async () => {
  const s3 = s3Client(gantry);
  // 100 rules, each one long origin: about 59 KB of XML, then about 79 KB.
  const rules = (originLength: number) => Array.from({ length: 100 }, (_, i) => ({
    AllowedOrigins: [`https://${String(i).padStart(3, '0')}${'a'.repeat(originLength)}.example.com`], AllowedMethods: ['GET'],
  }));
  const put = (CORSRules: CORSRule[]) => s3.send(new PutBucketCorsCommand({ Bucket: 'without-cors', CORSConfiguration: { CORSRules } }));
  await rejects(put(rules(700)), 'MaxMessageLengthExceeded', 'Your request was too big.', 400);
  await rejects(s3.send(new GetBucketCorsCommand({ Bucket: 'without-cors' })), 'NoSuchCORSConfiguration');
  await put(rules(500));
  const stored = await s3.send(new GetBucketCorsCommand({ Bucket: 'without-cors' }));
  assert.equal(stored.CORSRules?.length, 100);
  await s3.send(new DeleteBucketCorsCommand({ Bucket: 'without-cors' }));
});

test('a matching preflight is answered 200 with the rule\'s headers, unsigned, and audited without a caller or a decision', async () => {
  const answer = await send('OPTIONS', '/with-cors/page.html', {
    Origin: SITE, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'X-Amz-Date,content-type',
  });
  assert.equal(answer.status, 200);
  assert.equal(answer.body, '');
  assert.deepEqual(corsOf(answer), {
    'access-control-allow-origin': SITE,
    'access-control-allow-methods': 'GET, PUT',
    'access-control-allow-credentials': 'true',
    'access-control-allow-headers': 'x-amz-date, content-type',
    'access-control-expose-headers': 'ETag',
    'access-control-max-age': '3000',
    vary: VARY,
  });
  gantry.platform.audit.flush();
  const record = gantry.platform.audit.get(answer.headers['x-amz-request-id'] as string);
  assert.equal(record?.operation, 'PreflightRequest');
  assert.equal(record?.principal, null);
  assert.deepEqual(record?.decisions, []);
  assert.equal(record?.status, 200);

  // The second rule: any origin may GET, answered with a bare * and no credentials.
  const anyone = await send('OPTIONS', '/with-cors', { Origin: 'http://random:1234', 'Access-Control-Request-Method': 'GET' });
  assert.equal(anyone.status, 200);
  assert.deepEqual(corsOf(anyone), { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET', vary: VARY });
});

test('a preflight in virtual-hosted style matches an origin by its wildcard', async () => {
  const answer = await send('OPTIONS', '/page.html', { Host: 'with-cors.s3.localhost', Origin: 'http://shop.example.org', 'Access-Control-Request-Method': 'GET' });
  assert.equal(answer.status, 200);
  assert.equal(answer.headers['access-control-allow-origin'], 'http://shop.example.org');
});

test('refused preflights: no Origin, no bucket, no CORS, no announced method, nothing matching', async () => {
  const noOrigin = await send('OPTIONS', '/with-cors/page.html', { 'Access-Control-Request-Method': 'GET' });
  assert.equal(noOrigin.status, 400);
  assert.equal(field(noOrigin.body, 'Code'), 'BadRequest');
  assert.equal(field(noOrigin.body, 'Message'), 'Insufficient information. Origin request header needed.');

  const noBucket = await send('OPTIONS', '/no-such-bucket/page.html', { Origin: SITE });
  assert.equal(noBucket.status, 403);
  assert.equal(field(noBucket.body, 'Code'), 'AccessForbidden');
  assert.equal(field(noBucket.body, 'Message'), 'CORSResponse: Bucket not found');
  assert.equal(field(noBucket.body, 'Method'), 'OPTIONS');
  assert.equal(field(noBucket.body, 'ResourceType'), 'BUCKET');

  const disabled = await send('OPTIONS', '/without-cors/page.html', { Origin: SITE, 'Access-Control-Request-Method': 'PUT' });
  assert.equal(disabled.status, 403);
  assert.equal(field(disabled.body, 'Message'), 'CORSResponse: CORS is not enabled for this bucket.');
  assert.equal(field(disabled.body, 'Method'), 'PUT');
  assert.equal(field(disabled.body, 'ResourceType'), 'BUCKET');

  const noMethod = await send('OPTIONS', '/with-cors/page.html', { Origin: SITE });
  assert.equal(noMethod.status, 400);
  assert.equal(field(noMethod.body, 'Code'), 'BadRequest');

  for (const [path, headers, resourceType] of [
    ['/with-cors/page.html', { Origin: 'https://evil.example.net', 'Access-Control-Request-Method': 'PUT' }, 'OBJECT'],
    ['/with-cors/page.html', { Origin: SITE, 'Access-Control-Request-Method': 'DELETE' }, 'OBJECT'],
    ['/with-cors', { Origin: SITE, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'authorization' }, 'BUCKET'],
  ] as const) {
    const refused = await send('OPTIONS', path, headers);
    assert.equal(refused.status, 403, path);
    assert.equal(field(refused.body, 'Code'), 'AccessForbidden');
    assert.equal(field(refused.body, 'Message'), NOT_ALLOWED);
    assert.equal(field(refused.body, 'Method'), headers['Access-Control-Request-Method']);
    assert.equal(field(refused.body, 'ResourceType'), resourceType);
    assert.deepEqual(corsOf(refused), {});
  }
});

test('an SDK GetObject with a matching Origin gets the CORS headers; another origin or none gets none', async () => {
  const withOrigin = (origin: string | null) => {
    const s3 = s3Client(gantry);
    let headers: Record<string, string> = {};
    s3.middlewareStack.add((next) => async (args) => {
      if (origin !== null) (args.request as { headers: Record<string, string> }).headers['origin'] = origin;
      const result = await next(args);
      headers = (result.response as { headers: Record<string, string> }).headers;
      return result;
    }, { step: 'build' });
    return s3.send(new GetObjectCommand({ Bucket: 'with-cors', Key: 'page.html' })).then(async (out) => ({ body: await out.Body?.transformToString(), headers }));
  };
  const site = await withOrigin(SITE);
  assert.equal(site.body, 'hello');
  assert.equal(site.headers['access-control-allow-origin'], SITE);
  assert.equal(site.headers['access-control-allow-credentials'], 'true');
  assert.equal(site.headers['access-control-allow-methods'], 'GET, PUT');
  assert.equal(site.headers['access-control-expose-headers'], 'ETag');
  assert.equal(site.headers['vary'], VARY);
  assert.equal(site.headers['access-control-allow-headers'], undefined);
  // No rule lets https://evil.example.net PUT, but the * rule lets anyone GET.
  assert.equal((await withOrigin('https://evil.example.net')).headers['access-control-allow-origin'], '*');
  assert.deepEqual(Object.keys((await withOrigin(null)).headers).filter((name) => name.startsWith('access-control-')), []);
});

test('actual requests with an Origin: headers on errors too, judged by the method, none without a rule', async () => {
  // Unsigned: refused by IAM, and the browser still sees the CORS headers so that it can read the error.
  const denied = await send('GET', '/with-cors/page.html', { Origin: SITE });
  assert.equal(denied.status, 403);
  assert.equal(field(denied.body, 'Code'), 'AccessDenied');
  assert.equal(denied.headers['access-control-allow-origin'], SITE);
  // Only GET is allowed to every origin: a DELETE from elsewhere gets no CORS headers.
  const deleted = await send('DELETE', '/with-cors/page.html', { Origin: 'https://evil.example.net' });
  assert.deepEqual(corsOf(deleted), {});
  // A request announcing a method like a preflight is judged by that method, as on AWS.
  const announced = await send('GET', '/with-cors/page.html', { Origin: 'https://evil.example.net', 'Access-Control-Request-Method': 'PUT' });
  assert.deepEqual(corsOf(announced), {});
  const noCors = await send('GET', '/without-cors/page.html', { Origin: SITE });
  assert.deepEqual(corsOf(noCors), {});
});
