// botocore's query protocol fixtures (input, output, legacy) run in reverse against the server codec.
import { runFixtureFile } from './fixture-runner.js';

for (const file of ['input/query.json', 'output/query.json', 'legacy/input/query.json', 'legacy/output/query.json']) runFixtureFile(file);
