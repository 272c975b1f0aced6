/**
 * The shared behaviour table of `@phone-api/server` against the mock: the same pipeline, so the same CORS,
 * 401 before 400, 413, 415, malformed JSON and 500 as the router. The mock accepts any present credential.
 * The 500 rows run on a mock whose Prism fails (a real Prism does not fail on demand).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  behaviourTable,
  controlTable,
  FAULT_TIMEOUT_MS,
  faultTable,
  httpTarget,
} from '@phone-api/server/test/behaviour-table';
import { startMock } from '../src/index.ts';
import { specPath, speechlessEngine } from './helpers.ts';

const keys = { agents: 'sk_test_mock', convai: 'test-key' };

behaviourTable('the mock', async () => {
  const mock = await startMock({ port: 0, specPath });
  const failingEngine = speechlessEngine('agentsListPhoneNumbers', undefined, async () => {
    throw new Error('Prism failed');
  });
  const throwing = speechlessEngine('convaiListPhoneNumbers', undefined, async () => {
    throw new Error('Prism failed');
  });
  // One server for both failing lists: each engine fails one of them.
  const failing = createServer((req, res) =>
    (req.url?.startsWith('/v1/convai') ? throwing : failingEngine).listener(req, res),
  );
  await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
  return {
    target: httpTarget(mock.url, keys, false),
    failing: httpTarget(`http://127.0.0.1:${(failing.address() as AddressInfo).port}`, keys, false),
    close: async () => {
      failing.closeAllConnections();
      failing.close();
      await mock.close();
    },
  };
});

faultTable('the mock', async () => {
  const mock = await startMock({ port: 0, specPath, faults: { timeoutMs: FAULT_TIMEOUT_MS } });
  return { target: httpTarget(mock.url, keys, false), close: () => mock.close() };
});

controlTable('the mock', async () => {
  const mock = await startMock({ port: 0, specPath });
  return { target: httpTarget(mock.url, keys, false), close: () => mock.close() };
});
