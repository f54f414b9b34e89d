// One registry request after authentication: the engine call as the token's principal, the
// repository it addresses, and what the handlers read from the HTTP request.

import type { IncomingHttpHeaders } from 'node:http';
import type { EcrCall, RegistryContext, RepositoryKey } from '../engines/registry/index.js';

export interface RegistryRoute {
  readonly ctx: RegistryContext;
  readonly call: EcrCall;
  readonly key: RepositoryKey;
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
  readonly query: URLSearchParams;
}
