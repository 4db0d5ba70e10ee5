import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../test-utils/src/index.js';
import { createCacheHome, sleep, type CacheHome } from './cache-test-env.js';

const homes: CacheHome[] = [];
function home(env: Record<string, string> = {}): CacheHome {
  const created = createCacheHome(env);
  homes.push(created);
  return created;
}
afterEach(() => {
  for (const created of homes.splice(0)) created.cleanup();
});

describe('answer cache through the CLI (memory → disk, no Redis)', () => {
  it('a repeated question is answered from disk with no upstream call; --json reports it', async () => {
    const user = home();
    const first = await user.ask(['what is a monad?']);
    expect(first.json).toMatchObject({ cached: false, cacheLevel: null, stale: false, agent: 'counter' });
    const second = await user.ask(['what is a monad?']);
    expect(second.json).toMatchObject({
      cached: true,
      cacheLevel: 'disk',
      stale: false,
      agent: 'counter',
      answer: first.json.answer,
      usage: { inputTokens: 7, outputTokens: 11 },
    });
    expect(second.json.cachedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(user.calls()).toBe(1);
    expect(user.answers()).toHaveLength(1);
    const file = join(user.cacheDir, 'answers', user.answers()[0]!);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(user.cacheDir, 'answers')).mode & 0o777).toBe(0o700);
  });

  it('stdin and model are part of the key', async () => {
    const user = home();
    await user.ask(['review']);
    await runCli(['ask', '--json', '--agent', 'counter', 'review'], { env: user.env, input: 'diff one' });
    await runCli(['ask', '--json', '--agent', 'counter', 'review'], { env: user.env, input: 'diff two' });
    await user.ask(['--model', 'bigger', 'review']);
    expect(user.calls()).toBe(4);
    await runCli(['ask', '--json', '--agent', 'counter', 'review'], { env: user.env, input: 'diff two' });
    expect(user.calls()).toBe(4);
  });

  it('--no-cache neither reads nor writes; --refresh asks upstream and rewrites', async () => {
    const user = home();
    await user.ask(['--no-cache', 'q1']);
    expect(user.answers()).toHaveLength(0);
    await user.ask(['q1']);
    expect((await user.ask(['--no-cache', 'q1'])).json.cached).toBe(false);
    expect((await user.ask(['--refresh', 'q1'])).json.cached).toBe(false);
    expect(user.calls()).toBe(4);
    expect((await user.ask(['q1'])).json.cached).toBe(true);
    expect(user.calls()).toBe(4);
  });

  it('cache.enabled false (config/test.yaml) writes nothing', async () => {
    const user = home({ PAYREADY_ENV: 'test' });
    await user.ask(['q']);
    await user.ask(['q']);
    expect(user.calls()).toBe(2);
    expect(user.answers()).toHaveLength(0);
  });

  it('an entry expires with its agent TTL, and the expired file is removed', async () => {
    const user = home({ PAYREADY_AGENTS__COUNTER__CACHE_TTL: '4s', PAYREADY_CACHE__STALE_TTL: '0' });
    await user.ask(['short-lived']);
    expect((await user.ask(['short-lived'])).json.cached).toBe(true);
    const [file] = user.answers();
    await sleep(4200);
    expect((await user.ask(['short-lived'])).json.cached).toBe(false);
    expect(user.calls()).toBe(2);
    expect(user.answers()).toEqual([file]); // deleted on the expired read, then written anew
  });

  it('a truncated entry is a miss: answered upstream and rewritten whole', async () => {
    const user = home();
    await user.ask(['truncate me']);
    const file = join(user.cacheDir, 'answers', user.answers()[0]!);
    writeFileSync(file, readFileSync(file).subarray(0, 30));
    const again = await user.ask(['truncate me']);
    expect(again.json.cached).toBe(false);
    expect(user.calls()).toBe(2);
    expect((await user.ask(['truncate me'])).json.cached).toBe(true);
  });

  it('a full disk (size limit) bounds the entries and never stops an answer', async () => {
    const user = home({ PAYREADY_CACHE__DISK__MAX_BYTES: '6000' });
    for (let index = 0; index < 12; index++) {
      const run = await user.ask([`question ${index} pad:900`]);
      expect(run.json.answer).toContain(`question ${index}`);
      expect(user.answersBytes()).toBeLessThanOrEqual(6000);
    }
    expect(user.answers().length).toBeGreaterThan(0);
    expect((await user.ask(['question 11 pad:900'])).json.cached).toBe(true);
  });

  it('a disk that cannot be written costs the cache, not the answer', async () => {
    const user = home();
    writeFileSync(join(user.root, 'not-a-dir'), '');
    const run = await user.ask(['q'], { XDG_CACHE_HOME: join(user.root, 'not-a-dir') });
    expect(run.json.answer).toContain('counted: q');
    expect(run.stderr.match(/not written to disk/g)).toHaveLength(1);
  });

  it('8 processes writing the same key at once leave one whole entry', async () => {
    const user = home();
    const runs = await Promise.all(Array.from({ length: 8 }, () => user.ask(['--refresh', 'same question pad:20000'])));
    expect(runs.every((run) => run.json.answer.startsWith('counted: same question'))).toBe(true);
    expect(user.answers()).toHaveLength(1);
    expect(readdirSync(join(user.cacheDir, 'answers')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const hit = await user.ask(['same question pad:20000']);
    expect(hit.json).toMatchObject({ cached: true, cacheLevel: 'disk', answer: runs[0]!.json.answer });
  });

  it('when every agent fails, a kept stale answer is served, marked stale', async () => {
    const user = home({ PAYREADY_AGENTS__COUNTER__CACHE_TTL: '300ms' });
    await user.ask(['--no-fallback', 'keep me']);
    await sleep(400);
    const run = await user.ask(['--no-fallback', 'keep me'], { COUNTING_AGENT_FAIL: '1' });
    expect(run.json).toMatchObject({ cached: true, stale: true, answer: 'counted: keep me' });
    expect(run.stderr).toContain('stale');
    const fresh = await user.ask(['--no-fallback', 'keep me']);
    expect(fresh.json).toMatchObject({ cached: false, stale: false });
  });

  it('cache stats, clear and path', async () => {
    const user = home();
    await user.ask(['one']);
    await user.ask(['one']);
    await user.ask(['two']);
    const stats = await runCli(['cache', 'stats', '--json'], { env: user.env });
    expect(JSON.parse(stats.stdout)).toMatchObject({
      enabled: true,
      levels: { disk: { entries: 2 } },
      hits: { disk: 1 },
      misses: 2,
      hitRatio: 1 / 3,
    });
    const text = await runCli(['cache', 'stats'], { env: user.env });
    expect(text.stdout).toContain('hit ratio: 33.3%');
    expect((await runCli(['cache', 'path'], { env: user.env })).stdout.trim()).toBe(join(user.cacheDir, 'answers'));
    const cleared = await runCli(['cache', 'clear', '--level', 'disk'], { env: user.env });
    expect(cleared.code).toBe(0);
    expect(cleared.stderr).toContain('disk 2');
    expect(user.answers()).toHaveLength(0);
    const bad = await runCli(['cache', 'clear', '--level', 'nope'], { env: user.env });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('Allowed choices are memory, redis, disk');
  });
});
