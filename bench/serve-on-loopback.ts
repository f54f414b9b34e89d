// How the benchmarks' own servers (peers, floors, ceilings) listen: on an ephemeral loopback
// port, keeping connections alive like Gantry, announcing "NAME listening on URL" on stdout
// (what server-process.ts waits for), and closing every connection on SIGTERM or SIGINT.

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export function serveOnLoopback(server: Server, name: string): void {
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${name} listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
  });
  const stop = () => {
    server.close();
    server.closeAllConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
