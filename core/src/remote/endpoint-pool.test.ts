import { describe, expect, it } from 'vitest';
import type { ConsulClient, ConsulInstance } from './consul-client.js';
import { consulUrl } from './consul-client.js';
import { EndpointPool } from './endpoint-pool.js';

const signal = new AbortController().signal;

describe('EndpointPool', () => {
  it('round-robins over static endpoints and skips one marked down while others remain', async () => {
    let now = 0;
    const pool = new EndpointPool({
      source: { kind: 'static', urls: ['http://a:1/', 'http://b:2'] },
      downMs: 1000,
      now: () => now,
    });
    expect([await pool.next(signal), await pool.next(signal), await pool.next(signal)]).toEqual([
      'http://a:1',
      'http://b:2',
      'http://a:1',
    ]);
    pool.markDown('http://b:2');
    expect([await pool.next(signal), await pool.next(signal)]).toEqual(['http://a:1', 'http://a:1']);
    pool.markDown('http://a:1');
    expect(await pool.next(signal)).toMatch(/^http:\/\/[ab]/);
    now += 1001;
    expect(new Set([await pool.next(signal), await pool.next(signal)])).toEqual(new Set(['http://a:1', 'http://b:2']));
  });

  it('discovers healthy instances in Consul, caches them briefly, and keeps the last list when Consul fails', async () => {
    let now = 0;
    let calls = 0;
    let answer: ConsulInstance[] | Error = [{ id: 'x', address: '10.0.0.1', port: 8000, tags: [] }];
    const client = {
      healthy: async () => {
        calls++;
        if (answer instanceof Error) throw answer;
        return answer;
      },
    } as unknown as ConsulClient;
    const pool = new EndpointPool({
      source: { kind: 'consul', client, service: 'payready' },
      discoveryTtlMs: 100,
      now: () => now,
    });
    expect(await pool.next(signal)).toBe('http://10.0.0.1:8000');
    await pool.next(signal);
    expect(calls).toBe(1);
    now += 200;
    answer = new Error('consul down');
    expect(await pool.next(signal)).toBe('http://10.0.0.1:8000');
    answer = [];
    now += 200;
    await expect(pool.next(signal)).rejects.toMatchObject({
      kind: 'unavailable',
      message: expect.stringContaining('no healthy instance'),
    });
  });

  it('reads CONSUL_HTTP_ADDR with or without a scheme', () => {
    expect(consulUrl(undefined, {})).toBe('http://127.0.0.1:8500');
    expect(consulUrl(undefined, { CONSUL_HTTP_ADDR: '10.1.1.1:8500' })).toBe('http://10.1.1.1:8500');
    expect(consulUrl('https://consul.example/', { CONSUL_HTTP_ADDR: 'x:1' })).toBe('https://consul.example');
  });
});
