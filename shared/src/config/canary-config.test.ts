import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configFixture, problemsOf, type ConfigFixture } from './config-test-fixture.js';
import { loadConfig } from './load-config.js';

let fx: ConfigFixture;
beforeEach(() => {
  fx = configFixture();
});
afterEach(() => fx.remove());

const project = (text: string): string => fx.write('project/.payready.yaml', text);

describe('agents.<name>.canary', () => {
  it('loads a canary with a model or an endpoint, with its origin', async () => {
    const file = project(
      'agents:\n  codex:\n    canary: {model: gpt-5, percent: 5}\n  claude:\n    canary:\n      endpoint: http://127.0.0.1:9/\n      percent: 12.5\n',
    );
    const loaded = await loadConfig(fx.options());
    expect(loaded.config.agents.codex.canary).toEqual({ model: 'gpt-5', percent: 5 });
    expect(loaded.config.agents.claude.canary).toEqual({ endpoint: 'http://127.0.0.1:9/', percent: 12.5 });
    expect(loaded.origins['agents.claude.canary.percent']).toEqual({ source: file, line: 7, column: 7 });
  });

  it('needs model or endpoint, and says so at the canary in the file', async () => {
    const file = project('agents:\n  codex:\n    canary:\n      percent: 5\n');
    expect(await problemsOf(loadConfig(fx.options()))).toEqual([
      {
        source: file,
        line: 4,
        column: 7,
        keyPath: 'agents.codex.canary',
        message: 'a canary needs model or endpoint (what differs from the stable variant)',
        got: 'a mapping',
      },
    ]);
  });

  it('needs a percent from 0 to 100, and an endpoint that is a URL', async () => {
    const file = project('agents:\n  codex:\n    canary: {model: gpt-5, endpoint: nope, percent: 150}\n');
    const problems = await problemsOf(loadConfig(fx.options()));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          source: file,
          line: 3,
          keyPath: 'agents.codex.canary.percent',
          message: 'out of range',
        }),
        expect.objectContaining({ source: file, line: 3, keyPath: 'agents.codex.canary.endpoint', expected: 'a URL' }),
      ]),
    );
    const missing = project('agents:\n  codex:\n    canary: {model: gpt-5}\n');
    expect(await problemsOf(loadConfig(fx.options()))).toEqual([
      expect.objectContaining({ source: missing, keyPath: 'agents.codex.canary.percent', message: 'wrong type' }),
    ]);
  });

  it('rejects an endpoint for agents that have no upstream URL (web, local), naming the valid keys', async () => {
    const file = project('agents:\n  web:\n    canary: {endpoint: "http://x/", percent: 5}\n');
    const problems = await problemsOf(loadConfig(fx.options()));
    expect(problems).toHaveLength(2);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          source: file,
          line: 3,
          keyPath: 'agents.web.canary.endpoint',
          message: 'unknown key (valid keys: model, percent)',
        }),
        expect.objectContaining({ keyPath: 'agents.web.canary.model', message: 'wrong type' }),
      ]),
    );
  });

  it('a typo in the block names the nearest key', async () => {
    project('agents:\n  codex:\n    canary: {modle: gpt-5, percent: 5}\n');
    const problems = await problemsOf(loadConfig(fx.options()));
    expect(problems.map((problem) => problem.message)).toContain('unknown key (did you mean model?)');
  });
});
