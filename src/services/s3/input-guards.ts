// Inputs S3 answers before any handler runs, because Gantry does not serve them: customer-
// provided keys (customer-keys.ts) and the additional checksums it does not compute
// (unbuilt-checksums.ts). Each guard throws its error; a request that passes them all reaches
// its handler unchanged.

import type { Input, OperationHandler } from '../service-types.js';

export type InputGuard = (input: Input) => void;

/** The same handlers, each running `guards` on its input first. */
export function guardingInputs(operations: Readonly<Record<string, OperationHandler>>, guards: readonly InputGuard[]): Record<string, OperationHandler> {
  const guarded: Record<string, OperationHandler> = {};
  for (const [name, handler] of Object.entries(operations)) {
    guarded[name] = (input, ctx) => {
      for (const guard of guards) guard(input);
      return handler(input, ctx);
    };
  }
  return guarded;
}
