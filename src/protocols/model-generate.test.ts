// specs/models/*.json must be exactly what scripts/generate-models.ts writes from the botocore they name.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { findBotocore, trimmedModelText } from './model-generate.js';
import { loadModel, MODEL_SERVICES, specsModelsDir } from './model-loader.js';

const botocore = findBotocore();
const recorded = (JSON.parse(readFileSync(`${specsModelsDir()}iam.json`, 'utf8')) as { _generated: { generatedFrom: string } })._generated.generatedFrom;
const recordedVersion = /^botocore (\S+)/.exec(recorded)?.[1];

for (const service of MODEL_SERVICES) {
  let skip: string | false = false;
  if (typeof botocore === 'string') skip = `cannot regenerate: ${botocore}`;
  else if (botocore.version !== recordedVersion) skip = `installed botocore ${botocore.version}, models generated from ${recordedVersion ?? '?'}`;
  test(`specs/models/${service}.json regenerates byte for byte`, { skip }, () => {
    if (typeof botocore === 'string') return;
    const onDisk = readFileSync(`${specsModelsDir()}${service}.json`, 'utf8');
    assert.ok(onDisk === trimmedModelText(botocore, service), `${service}.json differs: run the generator`);
  });
}

test('models load lazily, once, and carry no documentation', () => {
  const start = process.hrtime.bigint();
  const first = loadModel('sagemaker');
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  assert.equal(loadModel('sagemaker'), first);
  assert.ok(ms < 1000, `sagemaker model took ${ms} ms to load`);
  assert.equal(first.metadata.protocol, 'json');
  assert.ok(!JSON.stringify(first.shapes).includes('"documentation"'));
});
