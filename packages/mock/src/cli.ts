import { FAULT_FLAGS, FAULT_FLAGS_HELP, type FaultOptions, faultOptionsFromFlags } from '@phone-api/server';
import { parseCommandLine, usageError } from '@phone-api/tooling/args';

const cli = {
  usage:
    'pnpm --filter @phone-api/mock start -- [--port 4010] [--host 127.0.0.1] [--dynamic] [--no-watch] [--spec <path>] [--quiet] [--delay MS] [--fault-rate R] [--faults KINDS] [--fault-seed N] [--faults-config FILE]',
  help: `  --port      port to listen on (default: $PORT, else 4010; 0 picks a free port)
  --host      interface to listen on (default 127.0.0.1)
  --dynamic   generated data instead of the spec's examples (per request: Prefer: dynamic=true|false)
  --no-watch  do not reload when the spec's sources change
  --spec      bundle (.json) or split source root (.yaml) to serve (default: the spec package's bundle and sources)
  --quiet     do not log each request
${FAULT_FLAGS_HELP}`,
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    dynamic: { type: 'boolean', default: false },
    'no-watch': { type: 'boolean', default: false },
    spec: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    ...FAULT_FLAGS,
  },
} as const;
const { values: args } = parseCommandLine(cli);

const portText = args.port ?? process.env.PORT ?? '4010';
const port = Number(portText);
if (!/^\d+$/.test(portText) || port > 65535)
  usageError(cli, `--port must be a port number, got "${portText}"`);

let faults: FaultOptions;
try {
  faults = faultOptionsFromFlags(args);
} catch (error) {
  usageError(cli, error instanceof Error ? error.message : String(error));
}

const watch = !args['no-watch'];
const stamp = () => new Date().toISOString().slice(11, 23);
// Loaded after the arguments are checked: Prism takes a second or more to import.
const { startMock } = await import('./index.ts');
const mock = await startMock({
  port,
  host: args.host ?? '127.0.0.1',
  dynamic: args.dynamic,
  faults,
  watch,
  ...(args.spec !== undefined ? { specPath: args.spec } : {}),
  log: (line) => {
    const isRequest = /^[A-Z]+ \S+ -> \d{3} /.test(line);
    if (!(args.quiet && isRequest)) process.stdout.write(`${stamp()} ${line}\n`);
  },
}).catch((error: unknown) => {
  process.stderr.write(`The mock did not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

const { url } = mock;
const id = 'phone_01kjqh7vm8fg9vjw2pv29p5pjw';
process.stdout.write(`Phone-number API mock listening on ${url}
  mode: ${args.dynamic ? 'dynamic (generated data)' : 'static (the spec examples)'}; ${watch ? 'reloads when spec/ changes' : 'no reload'}; Node.js ${process.version}

Agents surface   ${url}/v1/agents/phone-numbers[/{id}]                 header  Authorization: Bearer sk_test
Convai surface   ${url}/v1/convai/phone-numbers[/{phone_number_id}]    header  xi-api-key: test
Reference        ${url}/docs                                           send requests from the browser
Mock control     ${url}/__mock/requests (request log), POST /__mock/reset, POST /__mock/scripts/{operationId}

Try:
  curl -i ${url}/v1/agents/phone-numbers -H 'Authorization: Bearer sk_test'
  curl -i ${url}/v1/agents/phone-numbers/${id} -H 'Authorization: Bearer sk_test' -H 'Prefer: example=livekit'
  curl -i -X PATCH ${url}/v1/agents/phone-numbers/${id} -H 'Authorization: Bearer sk_test' -H 'Content-Type: application/json' -d '{"label":"Front desk"}'
  curl -i ${url}/v1/convai/phone-numbers/${id} -H 'xi-api-key: test' -H 'Prefer: example=sip_trunk'
  curl -i ${url}/v1/convai/phone-numbers/${id} -H 'xi-api-key: test' -H 'Prefer: code=404'

Pick a response with the Prefer header (undocumented choices are ignored):
  Prefer: code=404              a documented status of the operation (its example)
  Prefer: example=sip_trunk     a named example of the response
  Prefer: dynamic=true          generated, schema-valid data (dynamic=false for the examples)
  Prefer: delay=800             answer after 800 ms (a loading state)
  Prefer: fault=reset           a network failure: reset, timeout, truncated; or a documented 429, 503 or 500

Ctrl+C stops it.
`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`${signal}: stopping\n`);
  // A stuck close must not keep the terminal hostage.
  setTimeout(() => process.exit(1), 5000).unref();
  mock.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
