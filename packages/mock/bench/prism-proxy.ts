// The other design, at its cheapest: a node:http layer that forwards every request to a Prism process
// over a keep-alive connection and pipes the answer back. No validation of its own, so this is a lower
// bound on the cost of fronting a Prism process.
import { Agent, createServer, request } from 'node:http';
import { parseCommandLine, usageError } from '@phone-api/tooling/args';

const cli = {
  usage: 'node bench/prism-proxy.ts <port> <prism port>',
  options: {},
  positionals: ['port', 'upstream'],
};
const { positionals } = parseCommandLine(cli);
if (positionals[1] === undefined) usageError(cli, 'the port of the Prism process is missing');
const port = Number(positionals[0] ?? 0);
const upstream = Number(positionals[1]);
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
createServer((req, res) => {
  const out = request(
    { host: '127.0.0.1', port: upstream, method: req.method, path: req.url, headers: req.headers, agent },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  out.on('error', () => {
    res.writeHead(502);
    res.end();
  });
  req.pipe(out);
}).listen(port, '127.0.0.1');
