import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { SERVER_NODE_OPTIONS } from './server-node-options.js';

const here = (path: string) => new URL(path, import.meta.url);

test('the gantry command starts node with the server options', () => {
  const shebang = readFileSync(here('./main.js'), 'utf8').split('\n', 1)[0];
  assert.equal(shebang, `#!/usr/bin/env -S node ${SERVER_NODE_OPTIONS.join(' ')}`);
});

test('npm start starts the server with the same options', () => {
  const manifest = JSON.parse(readFileSync(here('../../../package.json'), 'utf8')) as { scripts: Record<string, string> };
  assert.equal(manifest.scripts['start'], `node ${SERVER_NODE_OPTIONS.join(' ')} dist/src/cli/main.js up`);
});

test('the options are ones this node accepts', () => {
  const run = spawnSync(process.execPath, [...SERVER_NODE_OPTIONS, '-e', 'process.stdout.write("ok")'], { encoding: 'utf8' });
  assert.equal(run.stderr, '');
  assert.equal(run.stdout, 'ok');
});
