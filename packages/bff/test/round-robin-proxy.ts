import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A tiny load balancer for tests: each request goes to the next target in turn. */
export interface RoundRobinProxy {
  url: string;
  /** The instances behind it (set once they listen). */
  targets: string[];
  /** Requests sent to each target. */
  counts: Map<string, number>;
  close(): Promise<void>;
}

export async function startRoundRobinProxy(): Promise<RoundRobinProxy> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const counts = new Map<string, number>();
  let next = 0;
  const proxy: RoundRobinProxy = { url: '', targets: [], counts, close: async () => undefined };
  const server = http.createServer((req, res) => {
    const target = proxy.targets[next % proxy.targets.length];
    next += 1;
    if (!target) {
      res.writeHead(503).end();
      return;
    }
    counts.set(target, (counts.get(target) ?? 0) + 1);
    const to = new URL(target);
    const upstream = http.request(
      {
        host: to.hostname,
        port: to.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      agent.destroy();
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return proxy;
}
