import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from './prom-metrics.js';
import { pushMetrics } from './push-metrics.js';

interface Received {
  method: string;
  url: string;
  contentType: string | undefined;
  body: string;
}

const servers: Array<{ server: Server; sockets: Set<Socket> }> = [];
afterEach(async () => {
  for (const { server, sockets } of servers.splice(0)) {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function gateway(behaviour: 'ok' | 'hang' | 'reject'): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        method: req.method!,
        url: req.url!,
        contentType: req.headers['content-type'],
        body: Buffer.concat(chunks).toString(),
      });
      if (behaviour === 'hang') return;
      res
        .writeHead(behaviour === 'ok' ? 200 : 400)
        .end(behaviour === 'ok' ? '' : 'text format parsing error in line 1');
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({ server, sockets });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

describe('pushMetrics', () => {
  it('PUTs the exposition text to job/payready/instance/<host>', async () => {
    const { url, received } = await gateway('ok');
    const metrics = await createMetrics();
    metrics.requests.inc({ tool: 'claude', status: 'success' });
    await pushMetrics({ url: `${url}/`, registry: metrics.registry, instance: 'laptop', timeoutMs: 2000 });
    expect(received[0]).toMatchObject({ method: 'PUT', url: '/metrics/job/payready/instance/laptop' });
    expect(received[0]!.contentType).toContain('text/plain; version=0.0.4');
    expect(received[0]!.body).toContain('ai_requests_total{tool="claude",status="success"} 1');
  });

  it('pushes running totals across short-lived processes (counters and histograms summed)', async () => {
    const { url, received } = await gateway('ok');
    const dir = mkdtempSync(join(tmpdir(), 'payready-push-'));
    try {
      const totalsFile = join(dir, 'metrics.json');
      for (let run = 0; run < 3; run++) {
        const metrics = await createMetrics(); // a new process: every counter starts at zero
        metrics.requests.inc({ tool: 'claude', status: 'success' });
        metrics.duration.observe({ tool: 'claude' }, 0.2);
        if (run === 2) metrics.cacheHits.inc({ cache_type: 'disk' });
        await pushMetrics({ url, registry: metrics.registry, instance: 'laptop', timeoutMs: 2000, totalsFile });
      }
      const last = received.at(-1)!.body;
      expect(last).toContain('ai_requests_total{tool="claude",status="success"} 3');
      expect(last).toContain('ai_request_duration_seconds_count{tool="claude"} 3');
      expect(last).toContain('ai_request_duration_seconds_bucket{le="0.25",tool="claude"} 3');
      expect(last).toContain('ai_cache_hits_total{cache_type="disk"} 1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects with the gateway status and body', async () => {
    const { url } = await gateway('reject');
    const metrics = await createMetrics();
    await expect(pushMetrics({ url, registry: metrics.registry, timeoutMs: 2000 })).rejects.toThrow(
      /400: text format parsing error/,
    );
  });

  it('gives up after timeoutMs when the gateway never answers', async () => {
    const { url } = await gateway('hang');
    const metrics = await createMetrics();
    await expect(pushMetrics({ url, registry: metrics.registry, timeoutMs: 200 })).rejects.toThrow(/timeout|aborted/i);
  });
});
