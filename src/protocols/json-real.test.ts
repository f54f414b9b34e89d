// Round trips with the real KMS and SageMaker models over awsJson 1.1, and their validation messages.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AwsError } from '../core/aws-error.js';
import { decodeRequest, encodeError, encodeResponse, identifyOperation, loadModel, validateInput, validationErrorCode } from './index.js';

const kmsCall = (op: string, body: unknown) => ({
  method: 'POST', url: '/',
  headers: { 'X-Amz-Target': `TrentService.${op}`, 'Content-Type': 'application/x-amz-json-1.1' },
  body: JSON.stringify(body),
});

test('KMS Encrypt input: blobs arrive as bytes', () => {
  const kms = loadModel('kms');
  const { operation, input } = decodeRequest(kms, kmsCall('Encrypt', {
    KeyId: 'alias/app', Plaintext: Buffer.from('secret').toString('base64'), EncryptionContext: { purpose: 'test' },
  }));
  assert.equal(operation, 'Encrypt');
  assert.deepEqual(input, { KeyId: 'alias/app', Plaintext: Buffer.from('secret'), EncryptionContext: { purpose: 'test' } });
  assert.equal(validateInput(kms, operation, input), null);
  assert.equal(identifyOperation(kms, kmsCall('Decrypt', {})), 'Decrypt');
});

test('KMS validation messages match AWS', () => {
  const kms = loadModel('kms');
  assert.equal(validationErrorCode(kms), 'ValidationException');
  assert.equal(validateInput(kms, 'GenerateRandom', { NumberOfBytes: 1025 }),
    "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024");
  assert.equal(validateInput(kms, 'Encrypt', { KeyId: 'k', Plaintext: Buffer.alloc(4097) }),
    "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096");
  assert.equal(validateInput(kms, 'CreateKey', { KeyUsage: 'RANDOM' }),
    "1 validation error detected: Value 'RANDOM' at 'keyUsage' failed to satisfy constraint: Member must satisfy enum value set: [SIGN_VERIFY, ENCRYPT_DECRYPT, GENERATE_VERIFY_MAC, KEY_AGREEMENT]");
  assert.equal(validateInput(kms, 'Encrypt', { Plaintext: Buffer.from('x') }),
    "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null");
});

test('JSON nulls inside lists and maps are validation errors, never handed to a handler', () => {
  const kms = loadModel('kms');
  assert.equal(validateInput(kms, 'CreateKey', { Tags: [null] }),
    "1 validation error detected: Value null at 'tags.1.member' failed to satisfy constraint: Member must not be null");
  assert.equal(validateInput(kms, 'TagResource', { KeyId: 'k', Tags: [{ TagKey: 'a', TagValue: 'b' }, null] }),
    "1 validation error detected: Value null at 'tags.2.member' failed to satisfy constraint: Member must not be null");
  assert.equal(validateInput(kms, 'UntagResource', { KeyId: 'k', TagKeys: ['a', null] }),
    "1 validation error detected: Value '[a, null]' at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: [Member must not be null]");
  assert.match(validateInput(kms, 'Encrypt', { KeyId: 'k', Plaintext: Buffer.from('x'), EncryptionContext: { a: null } }) ?? '',
    /at 'encryptionContext' failed to satisfy constraint: Map value must satisfy constraint: \[Member must not be null\]$/);
  assert.equal(validateInput(kms, 'CreateKey', { Tags: [{ TagKey: 'a', TagValue: 'b' }] }), null);
});

test('KMS DescribeKey output: timestamps as epoch seconds', () => {
  const kms = loadModel('kms');
  const res = encodeResponse(kms, 'DescribeKey', {
    KeyMetadata: { KeyId: 'k', CreationDate: new Date('2024-01-02T03:04:05.500Z'), Enabled: true, KeyUsage: 'ENCRYPT_DECRYPT' },
  }, 'rid');
  assert.equal(res.status, 200);
  assert.equal(res.headers['Content-Type'], 'application/x-amz-json-1.1');
  assert.deepEqual(JSON.parse(String(res.body)), {
    KeyMetadata: { KeyId: 'k', CreationDate: 1704164645.5, Enabled: true, KeyUsage: 'ENCRYPT_DECRYPT' },
  });
  const enc = encodeResponse(kms, 'Encrypt', { CiphertextBlob: Buffer.from([1, 2, 3]), KeyId: 'k' }, 'rid');
  assert.deepEqual(JSON.parse(String(enc.body)), { CiphertextBlob: 'AQID', KeyId: 'k' });
});

test('json errors: __type, message and x-amzn-ErrorType', () => {
  const kms = loadModel('kms');
  const res = encodeError(kms, { code: 'NotFoundException', message: 'Key not found' }, 'rid');
  assert.equal(res.status, 400);
  assert.equal(res.headers['x-amzn-ErrorType'], 'NotFoundException');
  assert.deepEqual(JSON.parse(String(res.body)), { __type: 'NotFoundException', message: 'Key not found' });
  const sm = loadModel('sagemaker');
  const nf = encodeError(sm, { code: 'ResourceNotFound', message: 'gone' }, 'rid');
  assert.deepEqual(JSON.parse(String(nf.body)), { __type: 'ResourceNotFound', Message: 'gone' });
});

test('unknown json target is UnknownOperationException; bad JSON is SerializationException', () => {
  const kms = loadModel('kms');
  const code = (fn: () => unknown): string => {
    try {
      fn();
    } catch (err) {
      if (err instanceof AwsError) return `${err.code} ${err.status}`;
    }
    return 'no error';
  };
  assert.equal(code(() => decodeRequest(kms, kmsCall('Nope', {}))), 'UnknownOperationException 400');
  assert.equal(code(() => decodeRequest(kms, { ...kmsCall('Encrypt', {}), body: '{' })), 'SerializationException 400');
  assert.equal(code(() => decodeRequest(kms, kmsCall('GenerateRandom', { NumberOfBytes: 'ten' }))), 'SerializationException 400');
});

test('SageMaker echoes patterns with a leading ^ (behavior-spec §0.4)', () => {
  const sm = loadModel('sagemaker');
  const name = 'my_image_with_underscores-2021-01-01-00-00-00-000';
  assert.equal(validateInput(sm, 'DescribeProcessingJob', { ProcessingJobName: name }),
    `1 validation error detected: Value '${name}' at 'processingJobName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`);
});

test('nested list members use <list>.<n>.member.<field> paths', () => {
  const kms = loadModel('kms');
  const message = validateInput(kms, 'TagResource', { KeyId: 'k', Tags: [{ TagKey: 'ok', TagValue: 'v' }, { TagKey: '', TagValue: 'v' }] });
  assert.equal(message, "1 validation error detected: Value '' at 'tags.2.member.tagKey' failed to satisfy constraint: Member must have length greater than or equal to 1");
});

test('dotted target prefixes (CloudTrail) and Logs resolve their operations', () => {
  const ct = loadModel('cloudtrail');
  const target = `${String(ct.metadata.targetPrefix)}.LookupEvents`;
  const { operation, input } = decodeRequest(ct, {
    method: 'POST', url: '/', headers: { 'x-amz-target': target }, body: '{"StartTime": 1704164645, "MaxResults": 5}',
  });
  assert.equal(operation, 'LookupEvents');
  assert.deepEqual(input, { StartTime: new Date('2024-01-02T03:04:05Z'), MaxResults: 5 });
  const logs = loadModel('logs');
  assert.equal(identifyOperation(logs, { method: 'POST', url: '/', headers: { 'X-Amz-Target': 'Logs_20140328.CreateLogGroup' }, body: '' }), 'CreateLogGroup');
});
