import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

/**
 * Starts each server on a free loopback port before the file's tests and stops it after them. The returned
 * record is filled with each server's base URL by the time the tests run.
 */
export function serveDuringTests<K extends string>(servers: Record<K, () => Server>): Record<K, string> {
  const urls = {} as Record<K, string>;
  const running: Server[] = [];
  beforeAll(async () => {
    for (const [name, make] of Object.entries(servers) as [K, () => Server][]) {
      const server = make();
      await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
      running.push(server);
      urls[name] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }
  });
  afterAll(async () => {
    for (const server of running) {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    }
  });
  return urls;
}
