import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, requireBinary } from '../../test-utils/src/index.js';

const dir = join(repoRoot, 'infrastructure/monitoring');
const METRICS = [
  'ai_requests_total',
  'ai_request_duration_seconds',
  'ai_active_requests',
  'ai_cache_hits_total',
  'ai_cache_misses_total',
  'ai_errors_total',
  'ai_fallbacks_total',
  'ai_tokens_total',
  'ai_route_duration_seconds',
];

function promtool(...args: string[]): string {
  return execFileSync(requireBinary('promtool', 'prometheus'), args, {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Every `ai_…` metric an expression uses (recording rules `level:name:ops` aside), histogram suffixes stripped. */
function metricNames(text: string): string[] {
  return [
    ...new Set(
      [...text.matchAll(/(?<![:\w])ai_[a-z_]+(?![\w:])/g)].map((match) => match[0].replace(/_(bucket|count|sum)$/, '')),
    ),
  ];
}

describe('infrastructure/monitoring', () => {
  it('promtool accepts the scrape config and the rules, and every alert fires on its scenario (promtool test rules)', () => {
    expect(promtool('check', 'config', 'prometheus.yml')).toContain('SUCCESS');
    expect(promtool('check', 'rules', 'alerts.yml')).toMatch(/SUCCESS: 8 rules found/);
    expect(promtool('test', 'rules', 'alerts.test.yml')).toContain('SUCCESS');
  });

  it('the rules and the Grafana dashboard use only metrics payready records', () => {
    const dashboard = JSON.parse(readFileSync(join(dir, 'grafana/payready-dashboard.json'), 'utf8')) as {
      panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
    };
    const expressions = dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr));
    expect(expressions.length).toBeGreaterThanOrEqual(10);
    const used = metricNames([...expressions, readFileSync(join(dir, 'alerts.yml'), 'utf8')].join('\n'));
    expect(used.filter((name) => !METRICS.includes(name))).toEqual([]);
    for (const name of METRICS) expect(used, name).toContain(name);
  });
});
