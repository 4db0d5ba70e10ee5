import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempHome, freePort, type TempHome, runCli } from '../../test-utils/src/index.js';
import { startPushgateway, telemetryEnv, type Pushgateway } from './telemetry-helpers.js';

let home: TempHome;
let gateway: Pushgateway;
beforeAll(async () => {
  home = createTempHome();
  gateway = await startPushgateway();
});
afterAll(async () => {
  await gateway?.stop();
  home.cleanup();
});

/** The value of one series in the gateway's exposition, labels in any order (the gateway adds job and instance). */
function value(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((pair) => [pair[1], pair[2]]),
    );
    if (Object.entries(labels).every(([key, wanted]) => have[key] === wanted)) return Number(match[3]);
  }
  return undefined;
}

describe('the CLI pushes to a real Pushgateway', () => {
  it('pushes running totals: requests, tokens, errors, fallbacks and cache hits across short-lived runs', async () => {
    const env = telemetryEnv(home, {
      PAYREADY_MONITORING__PUSHGATEWAY: gateway.url,
      PAYREADY_ROUTING__MAX_RETRIES: '0',
    });
    const ask = (...args: string[]) => runCli(['ask', ...args], { env });
    expect((await ask('--agent', 'metered', '@metered one')).code).toBe(0);
    expect((await ask('--agent', 'metered', '@metered two')).code).toBe(0);
    expect((await ask('--agent', 'metered', '@metered one')).code).toBe(0); // the disk cache answers
    expect((await ask('--no-cache', '--agent', 'metered', '@metered fail:overloaded')).code).toBe(0); // local answers
    const failed = await ask('--no-cache', '--agent', 'metered', '--no-fallback', '@metered fail:bad_request');
    expect(failed.code).toBe(1);

    const text = await gateway.metrics();
    const group = { job: 'payready' };
    expect(value(text, 'ai_requests_total', { ...group, tool: 'metered', status: 'success' })).toBe(2);
    expect(value(text, 'ai_requests_total', { ...group, tool: 'metered', status: 'error' })).toBe(2);
    expect(value(text, 'ai_requests_total', { ...group, tool: 'local', status: 'success' })).toBe(1);
    expect(value(text, 'ai_tokens_total', { ...group, tool: 'metered', direction: 'input' })).toBe(24);
    expect(value(text, 'ai_tokens_total', { ...group, tool: 'metered', direction: 'output' })).toBe(14);
    expect(value(text, 'ai_errors_total', { ...group, tool: 'metered', error_type: 'overloaded' })).toBe(1);
    expect(value(text, 'ai_errors_total', { ...group, tool: 'metered', error_type: 'bad_request' })).toBe(1);
    expect(value(text, 'ai_fallbacks_total', { ...group, from: 'metered', to: 'local', reason: 'overloaded' })).toBe(1);
    expect(value(text, 'ai_cache_hits_total', { ...group, cache_type: 'disk' })).toBe(1);
    expect(value(text, 'ai_cache_misses_total', group)).toBe(2);
    expect(value(text, 'ai_request_duration_seconds_count', { ...group, tool: 'metered' })).toBe(4);
    expect(value(text, 'ai_route_duration_seconds_count', group)).toBe(5);
    expect(value(text, 'ai_active_requests', { ...group, tool: 'metered' })).toBe(0);
    // Bounded labels only: no prompt text anywhere.
    expect(text).not.toContain('@metered');
  });

  it('a Pushgateway that is down never fails the ask', async () => {
    const port = await freePort();
    const run = await runCli(['ask', '--agent', 'metered', '@metered gateway down'], {
      env: telemetryEnv(home, { PAYREADY_MONITORING__PUSHGATEWAY: `http://127.0.0.1:${port}` }),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('metered: @metered gateway down');
    expect(run.stderr).toContain(`payready: warn: metrics not pushed to http://127.0.0.1:${port}`);
    expect(run.ms).toBeLessThan(7000); // hang guard: the push waits at most 2 s
  });
});
