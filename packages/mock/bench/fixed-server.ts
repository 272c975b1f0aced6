// The floor of any Node.js mock: node:http answering one fixed JSON body, the request body drained.
import { createServer } from 'node:http';
import { parseCommandLine } from '@phone-api/tooling/args';

const body = JSON.stringify({ id: 'phone_01kjqh7vm8fg9vjw2pv29p5pjw', label: 'Front desk' });
const { positionals } = parseCommandLine({
  usage: 'node bench/fixed-server.ts [port]',
  options: {},
  positionals: ['port'],
});
const port = Number(positionals[0] ?? 0);
createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
}).listen(port, '127.0.0.1');
