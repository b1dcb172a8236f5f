// A listener that only counts: the untrusted-workspace flow points a workspace's endpoint settings at it and proves
// that nothing ever connects. Every TCP connection is counted (not only well-formed HTTP requests) and answered 418.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { onCleanup } from './cleanup';

export interface CountingServer {
  /** http://127.0.0.1:<port> */
  url: string;
  connections(): number;
  requests(): string[];
  stop(): Promise<void>;
}

export async function startCountingServer(): Promise<CountingServer> {
  let connections = 0;
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method ?? '?'} ${req.url ?? ''}`);
    res.writeHead(418, { 'content-type': 'text/plain' }).end('not an endpoint\n');
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  const early = onCleanup(`stop the counting server on ${port}`, stop);
  return { url: `http://127.0.0.1:${port}`, connections: () => connections, requests: () => [...requests], stop: early };
}
