// End to end: the built `gantry` binary decides requests from a file, from standard input,
// and in batch mode, and answers malformed input with errors that name the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const example = fileURLToPath(new URL('../../examples/simulate-kms-denied.json', import.meta.url));

function gantry(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const allowLine = JSON.stringify({
  request: { principal: 'arn:aws:iam::111122223333:user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' },
  identityPolicies: ['{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}'],
});

test('simulate FILE prints the decision with AWS message', () => {
  const { code, stdout } = gantry(['iam', 'simulate', example]);
  assert.equal(code, 0);
  const decision = JSON.parse(stdout);
  assert.equal(decision.decision, 'ImplicitDeny');
  assert.equal(decision.decidedBy, 'resource');
  assert.equal(
    decision.message,
    'User: arn:aws:sts::111122223333:assumed-role/SageMakerExecution/job-42 is not authorized to perform: kms:GenerateDataKey on resource: arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab because no resource-based policy allows the kms:GenerateDataKey action',
  );
});

test('simulate reads standard input and reports a malformed policy by field', () => {
  assert.equal(JSON.parse(gantry(['iam', 'simulate'], allowLine).stdout).decision, 'Allow');
  const bad = JSON.stringify({ request: { principal: 'arn:aws:iam::111122223333:user/a', action: 's3:GetObject', resource: '*' }, identityPolicies: [{ Statement: { Effect: 'Allow', Resource: '*' } }] });
  const { code, stdout } = gantry(['iam', 'simulate', '-'], bad);
  assert.equal(code, 1);
  assert.deepEqual(JSON.parse(stdout), { error: { field: 'identityPolicies[0]/Statement', message: 'MalformedPolicyDocument: Policy statement must contain actions.' } });
  const missing = gantry(['iam', 'simulate'], '{"request":{"principal":"*","resource":"*"}}');
  assert.deepEqual(JSON.parse(missing.stdout).error, { field: 'request.action', message: 'is required and must be a non-empty string' });
});

test('--batch answers one line per request, in order, errors in place', () => {
  const deny = allowLine.replace('s3:GetObject', 'ec2:RunInstances').replace('"s3:*"', '"s3:Get*"');
  const lines = [allowLine, 'not json', deny, allowLine].join('\n');
  const { code, stdout } = gantry(['iam', 'simulate', '--batch'], `${lines}\n`);
  assert.equal(code, 0);
  const out = stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
  assert.equal(out.length, 4);
  assert.deepEqual(out.map((o) => o.decision ?? 'error'), ['Allow', 'error', 'ImplicitDeny', 'Allow']);
  assert.match(out[1].error.message, /^not valid JSON/);
});

test('usage errors exit 2 and say how to call', () => {
  const { code, stderr } = gantry(['iam', 'simulate', 'a', 'b']);
  assert.equal(code, 2);
  assert.match(stderr, /usage: gantry iam simulate/);
  assert.equal(gantry(['nope']).code, 2);
});
