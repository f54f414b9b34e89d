// Round trips with the real IAM and STS models over the awsQuery protocol.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeRequest, encodeError, encodeResponse, hasOperation, loadModel, validateInput } from './index.js';
import { AwsError } from '../core/aws-error.js';

const form = (body: string) => ({
  method: 'POST', url: '/', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body,
});

test('IAM CreateRole input from a form body', () => {
  const iam = loadModel('iam');
  const policy = '{"Version":"2012-10-17","Statement":[]}';
  const body = `Action=CreateRole&Version=2010-05-08&RoleName=app-role&Path=%2Fservice%2F`
    + `&AssumeRolePolicyDocument=${encodeURIComponent(policy)}&MaxSessionDuration=7200`
    + '&Tags.member.1.Key=team&Tags.member.1.Value=ml&Tags.member.2.Key=env&Tags.member.2.Value=dev';
  const { operation, input } = decodeRequest(iam, form(body));
  assert.equal(operation, 'CreateRole');
  assert.deepEqual(input, {
    Path: '/service/', RoleName: 'app-role', AssumeRolePolicyDocument: policy, MaxSessionDuration: 7200,
    Tags: [{ Key: 'team', Value: 'ml' }, { Key: 'env', Value: 'dev' }],
  });
  assert.equal(validateInput(iam, operation, input), null);
});

test('IAM GET query string works like a form body', () => {
  const iam = loadModel('iam');
  const { operation, input } = decodeRequest(iam, { method: 'GET', url: '/?Action=GetRole&Version=2010-05-08&RoleName=r', headers: {}, body: '' });
  assert.equal(operation, 'GetRole');
  assert.deepEqual(input, { RoleName: 'r' });
});

test('IAM GetRole response serialization', () => {
  const iam = loadModel('iam');
  const res = encodeResponse(iam, 'GetRole', {
    Role: {
      Path: '/', RoleName: 'r', RoleId: 'AROAEXAMPLE', Arn: 'arn:aws:iam::123456789012:role/r',
      CreateDate: new Date('2024-01-02T03:04:05Z'), AssumeRolePolicyDocument: '%7B%7D', MaxSessionDuration: 3600,
      Tags: [{ Key: 'a', Value: 'b&c' }], RoleLastUsed: {},
    },
  }, 'req-1');
  assert.equal(res.status, 200);
  assert.equal(res.headers['Content-Type'], 'text/xml');
  assert.equal(res.body, '<?xml version="1.0" encoding="UTF-8"?>'
    + '<GetRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetRoleResult><Role>'
    + '<Path>/</Path><RoleName>r</RoleName><RoleId>AROAEXAMPLE</RoleId><Arn>arn:aws:iam::123456789012:role/r</Arn>'
    + '<CreateDate>2024-01-02T03:04:05Z</CreateDate><AssumeRolePolicyDocument>%7B%7D</AssumeRolePolicyDocument>'
    + '<MaxSessionDuration>3600</MaxSessionDuration><Tags><member><Key>a</Key><Value>b&amp;c</Value></member></Tags>'
    + '<RoleLastUsed/></Role></GetRoleResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></GetRoleResponse>');
});

test('operations without output members still get the Response wrapper', () => {
  const iam = loadModel('iam');
  const res = encodeResponse(iam, 'DeleteRole', undefined, 'req-2');
  assert.equal(res.body, '<?xml version="1.0" encoding="UTF-8"?><DeleteRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">'
    + '<ResponseMetadata><RequestId>req-2</RequestId></ResponseMetadata></DeleteRoleResponse>');
});

test('IAM error uses the shape code and status (NoSuchEntity, 404)', () => {
  const iam = loadModel('iam');
  for (const code of ['NoSuchEntity', 'NoSuchEntityException']) {
    const res = encodeError(iam, { code, message: 'The role with name r cannot be found.' }, 'req-3');
    assert.equal(res.status, 404);
    assert.equal(res.body, '<?xml version="1.0" encoding="UTF-8"?><ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">'
      + '<Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role with name r cannot be found.</Message></Error>'
      + '<RequestId>req-3</RequestId></ErrorResponse>');
  }
  const failure = encodeError(iam, new AwsError('ServiceFailure', 'boom', 500, false), 'req-4');
  assert.equal(failure.status, 500);
  assert.match(String(failure.body), /<Type>Receiver<\/Type><Code>ServiceFailure<\/Code>/);
});

test('unknown query action is InvalidAction; hasOperation tells known ones', () => {
  const sts = loadModel('sts');
  assert.throws(() => decodeRequest(sts, form('Action=Nope&Version=2011-06-15')), (err: unknown) => {
    assert.ok(err instanceof AwsError);
    assert.equal(err.code, 'InvalidAction');
    assert.equal(err.status, 400);
    assert.equal(err.message, 'Could not find operation Nope for version 2011-06-15');
    return true;
  });
  assert.equal(hasOperation(sts, 'AssumeRole'), true);
  assert.equal(hasOperation(sts, 'toString'), false);
});

test('STS AssumeRole validation message and GetCallerIdentity response', () => {
  const sts = loadModel('sts');
  const { operation, input } = decodeRequest(sts, form(
    'Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=a%3Ab&DurationSeconds=900',
  ));
  assert.equal(validateInput(sts, operation, input),
    "1 validation error detected: Value 'a:b' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
  const res = encodeResponse(sts, 'GetCallerIdentity', { UserId: 'AIDA', Account: '123456789012', Arn: 'arn:aws:iam::123456789012:user/u' }, 'rid');
  assert.equal(res.body, '<?xml version="1.0" encoding="UTF-8"?><GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
    + '<GetCallerIdentityResult><UserId>AIDA</UserId><Account>123456789012</Account><Arn>arn:aws:iam::123456789012:user/u</Arn>'
    + '</GetCallerIdentityResult><ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata></GetCallerIdentityResponse>');
});

test('several violations are counted and joined with "; "', () => {
  const sts = loadModel('sts');
  const message = validateInput(sts, 'AssumeRole', { RoleArn: 'short', RoleSessionName: 'x' });
  assert.equal(message, '2 validation errors detected: '
    + "Value 'short' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20; "
    + "Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2");
});
