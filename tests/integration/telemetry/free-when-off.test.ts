import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempHome, freePort, runCliRecordingLoads, type TempHome } from '../../test-utils/src/index.js';
import { telemetryEnv } from './telemetry-helpers.js';

// How we know what a run loaded: the CLI is one esbuild bundle split into chunks, so "was the OpenTelemetry
// SDK loaded" means "was a chunk holding it read". A loader hook preloaded with `node --import` records every
// file the ESM loader loads (each chunk is an ESM module), and esbuild heads each bundled module with a
// `// node_modules/.pnpm/<pkg>/…` comment, which names the packages inside a chunk. This holds whatever the
// chunks are called and however esbuild groups modules.
const MARKERS: Record<string, RegExp> = {
  'OpenTelemetry SDK': /^\/\/ node_modules\/\.pnpm\/@opentelemetry\+sdk-trace/m,
  'OTLP exporter': /^\/\/ node_modules\/\.pnpm\/@opentelemetry\+exporter-trace-otlp-http/m,
  'Jaeger exporter': /^\/\/ node_modules\/\.pnpm\/@opentelemetry\+exporter-jaeger/m,
  'OpenTelemetry API': /^\/\/ node_modules\/\.pnpm\/@opentelemetry\+api@/m,
  'prom-client': /^\/\/ node_modules\/\.pnpm\/prom-client@/m,
};

let home: TempHome;
beforeAll(() => {
  home = createTempHome();
});
afterAll(() => home.cleanup());

/** Runs `payready ask` and names the heavy packages among the files it loaded. */
async function loadedPackages(extra: Record<string, string>): Promise<string[]> {
  const { run, files } = await runCliRecordingLoads(['ask', '--agent', 'metered', '@metered what did you load?'], {
    env: telemetryEnv(home, extra),
  });
  expect(run.code, run.stderr).toBe(0);
  expect(files.some((file) => file.endsWith('payready.cjs'))).toBe(true);
  const contents = files.filter((file) => file.includes('/dist/')).map((file) => readFileSync(file, 'utf8'));
  return Object.entries(MARKERS)
    .filter(([, marker]) => contents.some((text) => marker.test(text)))
    .map(([name]) => name);
}

describe('telemetry is free when off', () => {
  it('tracing off and no Pushgateway: neither prom-client nor any OpenTelemetry module is loaded', async () => {
    expect(await loadedPackages({})).toEqual([]);
  });

  it('the detector works: tracing on loads the SDK and its exporter', async () => {
    const port = await freePort();
    const loaded = await loadedPackages({
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
    });
    expect(loaded).toEqual(expect.arrayContaining(['OpenTelemetry SDK', 'OTLP exporter', 'OpenTelemetry API']));
    expect(loaded).not.toContain('prom-client');
  });

  it('metrics only (a Pushgateway): prom-client, and no OpenTelemetry SDK or exporter', async () => {
    const port = await freePort();
    const loaded = await loadedPackages({ PAYREADY_MONITORING__PUSHGATEWAY: `http://127.0.0.1:${port}` });
    // prom-client itself requires @opentelemetry/api (for exemplars); the SDK stays out.
    expect(loaded.filter((name) => name !== 'OpenTelemetry API')).toEqual(['prom-client']);
  });
});
