// The floor of any Node.js mock: node:http answering one fixed JSON body, the request body drained.
import { createServer } from 'node:http';

const body = JSON.stringify({ id: 'phone_01kjqh7vm8fg9vjw2pv29p5pjw', label: 'Front desk' });
const port = Number(process.argv[2] ?? 0);
createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
}).listen(port, '127.0.0.1');
