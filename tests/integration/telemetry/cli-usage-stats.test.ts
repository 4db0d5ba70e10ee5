import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UsageRecord, UsageSummary } from '@payready/shared';
import { createTempHome, type TempHome, runCli } from '../../test-utils/src/index.js';
import { telemetryEnv } from './telemetry-helpers.js';

let home: TempHome;
beforeEach(() => {
  home = createTempHome();
});
afterEach(() => home.cleanup());

const usageLog = () => join(home.stateDir, 'usage.jsonl');
const records = (file = usageLog()) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as UsageRecord);

describe('usage log and `payready stats`', () => {
  it('one line per ask: agent, model, status, error kind, ms, cache level, tokens, fallbacks; no prompt text', async () => {
    const env = telemetryEnv(home, { PAYREADY_ROUTING__MAX_RETRIES: '0' });
    const ask = (...args: string[]) => runCli(['ask', ...args], { env });
    expect((await ask('--agent', 'metered', '@metered private question')).code).toBe(0);
    expect((await ask('--agent', 'metered', '@metered private question')).code).toBe(0); // disk cache
    expect((await ask('--no-cache', '--agent', 'metered', '@metered fail:overloaded')).code).toBe(0); // local answers
    expect((await ask('--no-cache', '--agent', 'metered', '--no-fallback', '@metered fail:bad_request')).code).toBe(1);

    const lines = records();
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({
      agent: 'metered',
      model: 'metered-1',
      status: 'ok',
      error: null,
      cache: null,
      input_tokens: 12,
      output_tokens: 7,
      fallbacks: 0,
    });
    expect(lines[1]).toMatchObject({
      agent: 'metered',
      status: 'ok',
      cache: 'disk',
      input_tokens: 0,
      output_tokens: 0,
    });
    expect(lines[2]).toMatchObject({ agent: 'local', status: 'ok', fallbacks: 1 });
    expect(lines[3]).toMatchObject({ agent: 'metered', status: 'error', error: 'bad_request', model: null });
    for (const line of lines) {
      expect(Date.parse(line.time)).not.toBeNaN();
      expect(line.ms).toBeGreaterThan(0);
      expect(line).not.toHaveProperty('prompt');
    }
    expect(readFileSync(usageLog(), 'utf8')).not.toContain('private question');

    const stats = await runCli(['stats', '--json'], { env });
    expect(stats.code, stats.stderr).toBe(0);
    const summary = JSON.parse(stats.stdout) as UsageSummary;
    const metered = summary.agents.find((agent) => agent.agent === 'metered')!;
    expect(metered).toMatchObject({ requests: 3, errors: 1, inputTokens: 12, outputTokens: 7, fallbacks: 0 });
    expect(metered.errorRate).toBeCloseTo(1 / 3);
    expect(metered.cacheHitRatio).toBeCloseTo(1 / 3);
    expect(metered.p50Ms).toBeGreaterThan(0);
    expect(summary.agents.find((agent) => agent.agent === 'local')).toMatchObject({ requests: 1, fallbacks: 1 });
    expect(summary.total).toMatchObject({ requests: 4, errors: 1 });
  });

  it('monitoring.log_prompts: true keeps the prompt; the log rotates by size into usage.jsonl.1', async () => {
    const env = telemetryEnv(home, { PAYREADY_MONITORING__LOG_PROMPTS: 'true' });
    expect((await runCli(['ask', '--agent', 'metered', '@metered one'], { env })).code).toBe(0);
    // A bound between two and three records (records grow as fields are added): the third ask rotates.
    const recordBytes = statSync(usageLog()).size;
    env.PAYREADY_MONITORING__USAGE_LOG_MAX_BYTES = String(Math.floor(recordBytes * 2.5));
    for (const word of ['two', 'three'])
      expect((await runCli(['ask', '--agent', 'metered', `@metered ${word}`], { env })).code).toBe(0);
    expect(existsSync(`${usageLog()}.1`)).toBe(true);
    const all = [...records(`${usageLog()}.1`), ...records()];
    expect(all.map((line) => line.prompt)).toEqual(['@metered one', '@metered two', '@metered three']);
    const summary = JSON.parse((await runCli(['stats', '--json'], { env })).stdout) as UsageSummary;
    expect(summary.total.requests).toBe(3);
  });

  it('plain text when stdout is not a terminal; --since filters; a bad --since is a usage error', async () => {
    const env = telemetryEnv(home);
    expect((await runCli(['ask', '--agent', 'metered', '@metered hello'], { env })).code).toBe(0);
    const plain = await runCli(['stats', '--since', '7d'], { env });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(
      /^asks since .* \(7d\)\nagent\s+requests\s+errors\s+p50\s+p95\s+cache hits\s+fallbacks\s+tokens in\/out\nmetered\s+1\s+0%/,
    );
    expect(plain.stdout).not.toMatch(/[█▏▎▍▌▋▊▉]/);
    expect(plain.stdout).not.toContain('\u001b');
    const future = await runCli(['stats', '--since', '2999-01-01'], { env });
    expect(future.stdout).toBe('no asks recorded since 2999-01-01T00:00:00.000Z\n');
    const bad = await runCli(['stats', '--since', 'last tuesday'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since last tuesday: expected a window such as 30m, 12h, 7d, 2w');
  });
});
