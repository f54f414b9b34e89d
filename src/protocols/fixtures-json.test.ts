// botocore's json protocol fixtures (input, output, legacy) run in reverse against the server codec.
import { runFixtureFile } from './fixture-runner.js';

for (const file of ['input/json.json', 'output/json.json', 'legacy/input/json.json', 'legacy/output/json.json']) runFixtureFile(file);
