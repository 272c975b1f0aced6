/**
 * `phone-api-reference-server [--seed] [--mock] [--reset] [--port N] [--host H]
 *   [--data-dir DIR | --memory | --memory-store | --database-url URL]`
 *
 * Starts the reference server. `--seed` makes it the stateful mock: the demo workspace is loaded on the
 * first start and its API keys are printed. `--reset` empties the embedded store first (with `--seed`, the
 * demo data comes back as it was). `--memory-store` runs on the in-memory store (no database; the store
 * of the in-browser mock); else PostgreSQL is used when `--database-url` or `DATABASE_URL` is given;
 * otherwise the embedded store in `--data-dir` (default `.data/embedded`), or in a temporary directory
 * with `--memory`. Latency and faults (`--delay`, `--fault-rate`, `--faults`, `--fault-seed`,
 * `--faults-config`, and `Prefer: delay=` / `Prefer: fault=` per request) are on with `--mock` or any of
 * those flags; `--mock` also answers `/__mock` (request log, scripted answers, reset). A deployed server
 * (and the benchmark) runs without them.
 */
import { FAULT_FLAGS, FAULT_FLAGS_HELP, type FaultOptions, faultOptionsFromFlags } from '@phone-api/server';
import { parseCommandLine, usageError } from '@phone-api/tooling/args';

const cli = {
  usage:
    'phone-api-reference-server [--seed] [--mock] [--reset] [--port 4011] [--host 127.0.0.1] [--data-dir DIR | --memory | --memory-store | --database-url URL] [--no-validate-responses]',
  options: {
    port: { type: 'string', default: '4011' },
    host: { type: 'string', default: '127.0.0.1' },
    seed: { type: 'boolean', default: false },
    // The stateful mock's tools: latency and faults on demand, and /__mock (request log, scripts, reset).
    mock: { type: 'boolean', default: false },
    reset: { type: 'boolean', default: false },
    'data-dir': { type: 'string', default: '.data/embedded' },
    memory: { type: 'boolean', default: false },
    'memory-store': { type: 'boolean', default: false },
    'database-url': { type: 'string' },
    'no-validate-responses': { type: 'boolean', default: false },
    ...FAULT_FLAGS,
  },
  help: `  --mock           the stateful mock's tools: Prefer: delay= / fault=, and /__mock (request log, scripted answers, reset)
  latency and faults (on with --mock, or with any of these):
${FAULT_FLAGS_HELP}`,
} as const;
const { values } = parseCommandLine(cli);
if (!/^\d+$/.test(values.port) || Number(values.port) > 65535) {
  usageError(cli, `--port must be a port number, got "${values.port}"`);
}

// --mock (the stateful mock), or any fault flag, turns on latency and faults (Prefer: delay= / fault=).
const faultFlagGiven = Object.keys(FAULT_FLAGS).some(
  (flag) => values[flag as keyof typeof FAULT_FLAGS] !== undefined,
);
let faults: FaultOptions | undefined;
try {
  faults = values.mock || faultFlagGiven ? faultOptionsFromFlags(values) : undefined;
} catch (error) {
  usageError(cli, error instanceof Error ? error.message : String(error));
}

// Loaded after the arguments are checked: a usage error needs neither the server nor its store.
const { startReferenceServer } = await import('./server.ts');
const { resetEmbedded } = await import('./store/index.ts');

if (values['memory-store'] && values['database-url'] !== undefined) {
  usageError(cli, '--memory-store and --database-url name two stores; give one.');
}
// The flag wins over the environment's DATABASE_URL: it was asked for on this command line.
const databaseUrl = values['memory-store'] ? undefined : (values['database-url'] ?? process.env.DATABASE_URL);
if (values.reset && !values['memory-store']) {
  if (databaseUrl) {
    usageError(
      cli,
      '--reset empties the embedded store only; to start PostgreSQL afresh, drop its database.',
    );
  }
  // A --memory store starts empty anyway.
  if (!values.memory) await resetEmbedded(values['data-dir']);
}
const server = await startReferenceServer({
  port: Number(values.port),
  host: values.host,
  seed: values.seed,
  ...(values['memory-store']
    ? { database: 'memory' }
    : databaseUrl
      ? { database: databaseUrl }
      : values.memory
        ? {}
        : { dataDir: values['data-dir'] }),
  ...(values['no-validate-responses'] ? { validateResponses: false } : {}),
  ...(faults ? { faults } : {}),
  // The stateful mock's control endpoints: request log, scripted answers, reset to the demo data.
  ...(values.mock ? { control: true } : {}),
});

const where =
  server.storage === 'postgres'
    ? 'PostgreSQL'
    : server.storage === 'memory'
      ? 'in memory (nothing kept)'
      : values.memory
        ? 'embedded (temporary)'
        : `embedded (${values['data-dir']})`;
console.log(`Reference server listening on ${server.url} (Node.js ${process.version})`);
console.log(`  storage:   ${where}`);
if (values.mock)
  console.log(`  control:   ${server.url}/__mock/requests, POST ${server.url}/__mock/reset, /__mock/scripts`);
console.log(
  `  faults:    ${faults ? 'on (Prefer: delay=800, Prefer: fault=429|500|503|reset|timeout|truncated; see --help)' : 'off'}`,
);
console.log(`  workspace: ${server.workspaceId}${values.seed ? ' (demo)' : ''}`);
console.log(`  agents key (Authorization: Bearer ...): ${server.apiKeys.agents}`);
console.log(`  convai key (xi-api-key: ...):           ${server.apiKeys.convai}`);
console.log(`  agents:    ${server.agentIds.join(', ')}`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
