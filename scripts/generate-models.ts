// Regenerates specs/models/*.json from the installed botocore (python3 -m pip install botocore).
// Usage: npx tsc -p tsconfig.json && node dist/scripts/generate-models.js
import { fileURLToPath } from 'node:url';
import { findBotocore, generateModels } from '../src/protocols/model-generate.js';

const botocore = findBotocore();
if (typeof botocore === 'string') {
  process.stderr.write(`generate-models: ${botocore}\n`);
  process.exit(1);
}
const outDir = fileURLToPath(new URL('../../specs/models', import.meta.url));
for (const file of generateModels(botocore, outDir)) process.stdout.write(`wrote ${file}\n`);
