// One Gantry for a whole end-to-end test file, started before its tests and disposed after them.

import { after, before } from 'node:test';
import { startGantry, type RunningGantry } from './gantry-fixture.js';

/**
 * A Gantry for a whole test file: started (then `setup` run) in a `before` hook and disposed in
 * an `after` hook. The value stands for the running Gantry from then on; reading it before the
 * hook ran throws. (Set-up goes through `setup`, not a `before` of the file's own: Node 20 does
 * not wait for one async top-level `before` to finish before starting the next.)
 */
export function useGantry(options: { dataDir?: string; accountId?: string; bodyIdleMs?: number } = {}, setup?: () => Promise<void> | void): RunningGantry {
  let running: RunningGantry | null = null;
  const started = (): RunningGantry => {
    if (!running) throw new Error('the Gantry of this file is used before its before hook ran');
    return running;
  };
  before(async () => {
    running = await startGantry(options);
    await setup?.();
  });
  after(async () => {
    await running?.dispose();
  });
  return {
    get url() { return started().url; },
    get platform() { return started().platform; },
    get server() { return started().server; },
    get dataDir() { return started().dataDir; },
    get accountId() { return started().accountId; },
    get root() { return started().root; },
    get logLines() { return started().logLines; },
    stop: () => started().stop(),
    dispose: () => started().dispose(),
  };
}
