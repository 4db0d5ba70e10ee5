import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempHome, repoRoot, runCli, type TempHome } from '../test-utils/src/index.js';

let home: TempHome;
beforeAll(() => {
  home = createTempHome();
});
afterAll(() => home.cleanup());

describe('circuit breaker across CLI processes', () => {
  it('an agent that timed out is skipped by the next ask during the cool-down', async () => {
    const env = { ...home.env, PAYREADY_PLUGINS__PATHS: `[${join(repoRoot, 'tests/fixtures/plugins/scripted.mjs')}]` };
    const args = [
      'ask',
      '--json',
      '--no-cache',
      '--agent',
      'alpha',
      '--timeout',
      '300ms',
      'hang on, what is in the README?',
    ];
    const first = await runCli(args, { env });
    expect(first.code).toBe(0);
    const firstResult = JSON.parse(first.stdout) as {
      agent: string;
      attempts: Array<{ agent: string; errorKind: string | null; skipped?: boolean }>;
    };
    expect(firstResult.attempts[0]).toMatchObject({ agent: 'alpha', errorKind: 'timeout' });
    expect(firstResult.attempts.filter((attempt) => attempt.agent === 'alpha')).toHaveLength(1);

    const second = await runCli(args, { env });
    const secondResult = JSON.parse(second.stdout) as typeof firstResult;
    expect(secondResult.attempts[0]).toMatchObject({ agent: 'alpha', errorKind: 'unavailable', skipped: true });
    expect(secondResult.agent).toBe(firstResult.agent);
  });
});
