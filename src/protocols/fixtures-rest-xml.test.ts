// botocore's rest-xml protocol fixtures (input, output, legacy) run in reverse against the server codec.
import { runFixtureFile } from './fixture-runner.js';

for (const file of ['input/rest-xml.json', 'output/rest-xml.json', 'legacy/input/rest-xml.json', 'legacy/output/rest-xml.json']) runFixtureFile(file);
