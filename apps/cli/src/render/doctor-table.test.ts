import { describe, expect, it } from 'vitest';
import { doctorReport } from './doctor-report.js';
import { formatDoctorTable } from './doctor-table.js';

const report = doctorReport({
  agents: [
    {
      name: 'claude',
      enabled: true,
      usable: true,
      available: { ok: true },
      health: { ok: true, details: { reachable: true, model: 'claude-sonnet-5-5', modelKnown: true } },
      keys: [{ names: ['ANTHROPIC_API_KEY'], source: 'env:ANTHROPIC_API_KEY' }],
      ms: 12,
    },
    {
      name: 'codex',
      enabled: true,
      usable: false,
      available: { ok: false, reason: 'OPENAI_API_KEY is not set', fix: 'export OPENAI_API_KEY=…' },
      keys: [{ names: ['OPENAI_API_KEY'] }],
      ms: 0,
    },
    {
      name: 'ollama',
      enabled: true,
      usable: true,
      available: { ok: true },
      health: { ok: true, details: { reachable: true, model: 'llama3.2', modelNote: 'server does not list models' } },
      keys: [],
      ms: 3,
    },
    { name: 'agno', enabled: false, usable: false, available: { ok: false, reason: 'off' }, keys: [], ms: 0 },
  ],
  services: [{ name: 'redis', target: '127.0.0.1:6379', ok: false, reason: 'connect ECONNREFUSED', ms: 4 }],
  failures: [],
});

describe('doctorReport', () => {
  it('is ok only when every enabled agent is usable', () => {
    expect(report.ok).toBe(false);
    expect(report.agents.find((agent) => agent.name === 'codex')).toMatchObject({
      key: { found: false, source: null, names: ['OPENAI_API_KEY'] },
      reason: 'OPENAI_API_KEY is not set',
      reachable: null,
    });
    expect(report).toMatchObject({ redis: { ok: false, target: '127.0.0.1:6379' }, tracing: null });
    expect(doctorReport({ agents: [], services: [], failures: [] }).ok).toBe(false);
  });
});

describe('formatDoctorTable', () => {
  it('uses ok/FAIL words without marks, lists each problem with its fix, and ends with a verdict', () => {
    const text = formatDoctorTable(report, { marks: false });
    expect(text.split('\n')).toEqual([
      'agent   enabled  key                       reachable  model              listed  status',
      'claude  yes      env:ANTHROPIC_API_KEY     ok         claude-sonnet-5-5  ok      ok',
      'codex   yes      not set (OPENAI_API_KEY)  -          -                  -       FAIL',
      'ollama  yes      -                         ok         llama3.2           ?       ok',
      'agno    no       -                         -          -                  -       disabled',
      '',
      'service  target          status',
      'redis    127.0.0.1:6379  FAIL (4 ms)',
      '',
      'codex: OPENAI_API_KEY is not set',
      '  fix: export OPENAI_API_KEY=…',
      'ollama: model llama3.2 unknown (server does not list models)',
      'redis: 127.0.0.1:6379: connect ECONNREFUSED',
      '',
      'FAIL: 1 of 3 enabled agents not usable',
      '',
    ]);
  });

  it('uses ✓ and ✗ when asked for marks', () => {
    const text = formatDoctorTable(report, { marks: true });
    expect(text).toMatch(/^claude .* ✓ +✓$/m);
    expect(text).toMatch(/^codex .* ✗$/m);
    expect(text).not.toMatch(/\bFAIL\b/);
  });
});
