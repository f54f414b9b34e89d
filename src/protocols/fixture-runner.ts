// Registers one node:test case per fixture case of a file, honours the skip list, and prints
// passed/failed/skipped counts per file; skips the whole file, saying why, when fixtures are absent.
import { after, describe, test } from 'node:test';
import { checkInput, checkOutput } from './fixture-checks.js';
import { caseLabel, caseModel, fixturesDir, loadSuites } from './fixture-support.js';
import { skipReason } from './fixture-skips.js';

export function runFixtureFile(file: string): void {
  const dir = fixturesDir();
  describe(`protocol fixtures ${file}`, () => {
    if (dir === undefined) {
      test(`fixtures ${file}`, { skip: 'shared/fixtures/protocols not found next to the repo root (../shared)' }, () => {});
      return;
    }
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const isInput = file.includes('input/');
    for (const suite of loadSuites(dir, file)) {
      suite.cases.forEach((c, i) => {
        const label = caseLabel(suite, c, i);
        const reason = skipReason(file, suite.description, label);
        if (reason !== undefined) {
          counts.skipped += 1;
          test(label, { skip: reason }, () => {});
          return;
        }
        test(label, () => {
          try {
            const model = caseModel(suite, c);
            if (isInput) checkInput(model, c);
            else checkOutput(model, c);
            counts.passed += 1;
          } catch (err) {
            counts.failed += 1;
            throw err;
          }
        });
      });
    }
    after(() => {
      process.stdout.write(`fixture file ${file}: passed=${counts.passed} failed=${counts.failed} skipped=${counts.skipped}\n`);
    });
  });
}
