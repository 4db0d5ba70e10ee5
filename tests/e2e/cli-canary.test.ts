import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { canarySide } from '../../core/src/canary/canary-split.js';
import { createTempHome, runCli, startFakeOpenAI, type FakeOpenAI, type TempHome } from '../test-utils/src/index.js';

// Issue 9 part 3: the in-app canary through the built CLI, the real OpenAI SDK and a fake speaking its wire
// protocol. Which side a query takes is computed here with the same pure function: the CLI, another process,
// must agree on every query.
let openai: FakeOpenAI;
let home: TempHome;
let configFile: string;

const CONFIG = `# codex against the fake; gpt-5 gets a quarter of the traffic
agents:
  codex:
    model: gpt-5-mini   # stable
    # the candidate
    canary:
      model: gpt-5
      percent: 25
  claude:
    enabled: false
`;

beforeAll(async () => {
  openai = await startFakeOpenAI({ apiKey: 'sk-oai-e2e' });
});
afterAll(() => openai.close());
beforeEach(() => {
  home?.cleanup();
  home = createTempHome();
  configFile = join(home.root, 'payready.yaml');
  writeFileSync(configFile, CONFIG);
  // The fake answers with the model it was asked for; gpt-5 fails on questions about queue 1, 10, 11, ….
  openai.setHandler((request) => {
    const body = request.body as { model: string; input?: unknown };
    if (body.model === 'gpt-5' && JSON.stringify(body.input).includes('queue 1'))
      return { kind: 'error', status: 500, type: 'server_error', message: 'boom' };
    return { kind: 'text', text: `answered by ${body.model}` };
  });
});

const env = () => ({
  ...home.env,
  OPENAI_API_KEY: 'sk-oai-e2e',
  OPENAI_BASE_URL: openai.url,
  PAYREADY_ROUTING__MAX_RETRIES: '0',
});

type Item = { id: number; ok: boolean; agent: string; variant: string; model: string; answer: string };

describe('canary through the built CLI', () => {
  it('sends exactly the canary-side queries to the canary model, and says so in --json', async () => {
    const questions = Array.from({ length: 40 }, (_, index) => `what does retry budget ${index} mean?`);
    const input = questions.map((query, id) => JSON.stringify({ id, query, agent: 'codex' })).join('\n');
    const run = await runCli(['ask', '--batch', '--no-cache', '--no-fallback', '--config', configFile], {
      input,
      env: { ...env(), PAYREADY_AGENTS__CODEX__CANARY__PERCENT: '50' },
    });
    const items = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Item)
      .filter((item) => item.ok);
    expect(items.length).toBeGreaterThan(30);
    for (const item of items) {
      const side = canarySide('codex', questions[item.id]!, 50);
      expect({ id: item.id, variant: item.variant, answer: item.answer }).toEqual({
        id: item.id,
        variant: side,
        answer: `answered by ${side === 'canary' ? 'gpt-5' : 'gpt-5-mini'}`,
      });
    }
    expect(new Set(items.map((item) => item.variant))).toEqual(new Set(['stable', 'canary']));
  });

  it('canary status compares the sides from the usage log the asks wrote', async () => {
    const questions = Array.from({ length: 12 }, (_, index) => `is queue ${index} healthy?`);
    const sides = questions.map((query) => canarySide('codex', query, 25));
    // A failed canary falls back (to local) and still counts against the canary: that must be in the sample.
    const failing = questions.filter((query, index) => sides[index] === 'canary' && query.includes('queue 1')).length;
    expect(failing).toBeGreaterThan(0);
    for (const query of questions)
      await runCli(['ask', '--agent', 'codex', '--no-cache', '--config', configFile, query], { env: env() });
    const status = await runCli(['canary', 'status', '--json', '--config', configFile], { env: env() });
    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout) as {
      agents: Array<{
        agent: string;
        percent: number;
        stable: { model: string; requests: number; errors: number; p95Ms: number | null };
        canary: { model: string; requests: number; errors: number; p95Ms: number | null };
      }>;
    };
    expect(report.agents).toHaveLength(1);
    expect(report.agents[0]).toMatchObject({
      agent: 'codex',
      percent: 25,
      stable: { model: 'gpt-5-mini', requests: sides.filter((side) => side === 'stable').length, errors: 0 },
      canary: { model: 'gpt-5', requests: sides.filter((side) => side === 'canary').length, errors: failing },
    });
    expect(report.agents[0]!.canary.p95Ms).toEqual(expect.any(Number));
    const table = await runCli(['canary', 'status', '--config', configFile], { env: env() });
    expect(table.stdout).toMatch(/codex\s+stable\s+75%\s+gpt-5-mini/);
    expect(table.stdout).toMatch(/canary\s+25%\s+gpt-5 /);
  });

  it('set, promote and rollback rewrite the file; promote then routes everything to the canary model', async () => {
    const set = await runCli(['canary', 'set', 'codex', '--percent', '40', '--config', configFile], { env: env() });
    expect(set.code).toBe(0);
    expect(readFileSync(configFile, 'utf8')).toBe(CONFIG.replace('percent: 25', 'percent: 40'));

    const rollback = await runCli(['canary', 'rollback', 'codex', '--config', configFile], { env: env() });
    expect(rollback.code).toBe(0);
    expect(readFileSync(configFile, 'utf8')).toBe(
      CONFIG.replace('    # the candidate\n    canary:\n      model: gpt-5\n      percent: 25\n', ''),
    );
    const again = await runCli(['canary', 'rollback', 'codex', '--config', configFile], { env: env() });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/agents\.codex has no canary/);

    writeFileSync(configFile, CONFIG);
    const promote = await runCli(['canary', 'promote', 'codex', '--config', configFile], { env: env() });
    expect(promote.code).toBe(0);
    expect(readFileSync(configFile, 'utf8')).toBe(
      CONFIG.replace('gpt-5-mini   # stable', 'gpt-5   # stable').replace(
        '    # the candidate\n    canary:\n      model: gpt-5\n      percent: 25\n',
        '',
      ),
    );
    const shown = await runCli(['config', 'show', '--json', '--config', configFile], { env: env() });
    expect(JSON.parse(shown.stdout).agents.codex).toMatchObject({ model: 'gpt-5' });
    expect(JSON.parse(shown.stdout).agents.codex.canary).toBeUndefined();
    const asked = await runCli(['ask', '--json', '--agent', 'codex', '--config', configFile, 'any question'], {
      env: env(),
    });
    expect(JSON.parse(asked.stdout)).toMatchObject({ variant: 'stable', answer: 'answered by gpt-5' });
  });

  it('refuses to rewrite a canary set by environment variables (exit 2)', async () => {
    const run = await runCli(['canary', 'promote', 'codex'], {
      env: { ...env(), PAYREADY_AGENTS__CODEX__CANARY__MODEL: 'gpt-5', PAYREADY_AGENTS__CODEX__CANARY__PERCENT: '5' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/set by env:PAYREADY_AGENTS__CODEX__CANARY__MODEL.*no file to rewrite/);
  });
});
