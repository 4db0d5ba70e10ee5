import { relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTempHome,
  repoRoot,
  runCliRecordingLoads,
  startFakeAnthropic,
  type FakeAnthropic,
  type TempHome,
} from '../../test-utils/src/index.js';

// Issue 4: an ask answered from the disk cache must not load what answering upstream needs. The agent is the
// official claude plugin against a local Anthropic stand-in, as a user with a key would ask.
let anthropic: FakeAnthropic;
let home: TempHome;
let env: Record<string, string>;
beforeAll(async () => {
  anthropic = await startFakeAnthropic({ apiKey: 'sk-ant-loads' });
  home = createTempHome('payready-hit-loads-');
  env = { ...home.env, ANTHROPIC_API_KEY: 'sk-ant-loads', ANTHROPIC_BASE_URL: anthropic.url };
});
afterAll(async () => {
  home.cleanup();
  await anthropic.close();
});

const ask = ['ask', '--json', '--agent', 'claude', 'review this diff for mistakes'];
const distFiles = (files: string[]) =>
  files.filter((file) => file.includes('/dist/')).map((file) => relative(repoRoot, file));

describe('what a cached ask loads (built CLI)', () => {
  it('a disk hit loads no SDK, no ioredis, no OpenTelemetry and no node:crypto; the miss before it did', async () => {
    const miss = await runCliRecordingLoads(ask, { env });
    expect(miss.run.code, miss.run.stderr).toBe(0);
    expect(JSON.parse(miss.run.stdout)).toMatchObject({ agent: 'claude', cached: false });
    expect(distFiles(miss.files)).toContainEqual(expect.stringMatching(/vendor\/anthropic-ai__sdk/));
    expect(miss.builtins).toContain('crypto');

    const hit = await runCliRecordingLoads(ask, { env });
    expect(hit.run.code, hit.run.stderr).toBe(0);
    expect(JSON.parse(hit.run.stdout)).toMatchObject({ agent: 'claude', cached: true, cacheLevel: 'disk' });
    expect(anthropic.requestCount).toBe(1);
    // dist/hot/main.cjs is read by the code-cache loader, not required, so it is not in the list.
    expect(new Set(distFiles(hit.files))).toEqual(new Set(['apps/cli/dist/payready.cjs']));
    expect(hit.builtins).not.toContain('crypto');
  });
});
