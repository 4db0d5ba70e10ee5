import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { apiErrorSchema } from '@payready/shared/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test-utils/src/index.js';
import { killAllServes, postJson, scriptedPlugin, serveHome, startServe, type ServeProcess } from './serve-process.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const ALICE = 'alice-token-0123456789';
const BOB = 'bob-token-from-the-file';

let serve: ServeProcess;
let home: ReturnType<typeof serveHome>;

beforeAll(async () => {
  home = serveHome('');
  const tokensFile = join(home.root, 'tokens');
  writeFileSync(tokensFile, `# name sha256\nbob ${sha256(BOB)}\n`);
  home.write(
    [
      `plugins: {paths: [${scriptedPlugin}]}`,
      'routing: {circuit_breaker: {enabled: false}}',
      'server:',
      '  body_limit_bytes: 4096',
      '  request_timeout: 400ms',
      `  tokens_file: ${tokensFile}`,
      `  tokens: [{name: alice, sha256: ${sha256(ALICE)}, requests_per_minute: 1, burst: 2}]`,
      '  rate_limit: {requests_per_minute: 600, burst: 50}',
      '',
    ].join('\n'),
  );
  serve = await startServe({ env: home.env, args: ['--config', home.configFile] });
});
afterAll(async () => {
  await serve?.stop();
  killAllServes();
  home.cleanup();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('bearer tokens', () => {
  it('refuses /v1 without a token or with a wrong one, with a Bearer challenge', async () => {
    for (const headers of [{}, bearer('nope'), { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }]) {
      const response = await postJson(`${serve.url}/v1/route`, { prompt: 'x' }, headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="payready"');
      expect(apiErrorSchema.parse(response.json).error.type).toBe('unauthorized');
    }
  });

  it('accepts tokens from server.tokens and from server.tokens_file', async () => {
    expect((await postJson(`${serve.url}/v1/route`, { prompt: 'x @alpha' }, bearer(BOB))).status).toBe(200);
    const viaFile = await fetch(`${serve.url}/v1/agents`, { headers: bearer(BOB) });
    expect(viaFile.status).toBe(200);
  });

  it('leaves /health, /ready and /metrics open for probes and scrapers', async () => {
    for (const path of ['/health', '/ready', '/metrics']) expect((await fetch(`${serve.url}${path}`)).status).toBe(200);
  });
});

describe('limits', () => {
  it('413 for a body over server.body_limit_bytes', async () => {
    const response = await postJson(`${serve.url}/v1/ask`, { prompt: 'x'.repeat(8192) }, bearer(BOB));
    expect(response.status).toBe(413);
    expect(apiErrorSchema.parse(response.json).error.type).toBe('payload_too_large');
  });

  it('504 when a request outlives server.request_timeout', async () => {
    const response = await postJson(`${serve.url}/v1/ask`, { prompt: 'hang', agent: 'alpha' }, bearer(BOB));
    expect(response.status).toBe(504);
    expect(apiErrorSchema.parse(response.json).error).toMatchObject({ type: 'request_timeout', kind: 'timeout' });
  });

  it('429 with retry-after once a token spends its burst; other tokens keep theirs', async () => {
    const statuses = [];
    let last: Awaited<ReturnType<typeof postJson>> | undefined;
    for (let index = 0; index < 3; index++) {
      last = await postJson(`${serve.url}/v1/route`, { prompt: 'x' }, bearer(ALICE));
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(last!.headers.get('retry-after-ms'))).toBeGreaterThan(0);
    expect(apiErrorSchema.parse(last!.json).error).toMatchObject({ type: 'rate_limited', kind: 'rate_limit' });
    expect((await postJson(`${serve.url}/v1/route`, { prompt: 'x' }, bearer(BOB))).status).toBe(200);
    const metrics = await (await fetch(`${serve.url}/metrics`)).text();
    expect(metrics).toMatch(/payready_rate_limited_total\{token="alice"\} 1/);
  });
});

describe('binding', () => {
  it('refuses a non-loopback address without tokens, unless --insecure', async () => {
    const bare = serveHome(`plugins: {paths: [${scriptedPlugin}]}\n`);
    try {
      const refused = await runCli(['serve', '--host', '0.0.0.0', '--port', '0', '--config', bare.configFile], {
        env: bare.env,
        killAfterMs: 20_000,
      });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('refusing to listen on 0.0.0.0 without authentication');
      const insecure = await startServe({
        env: bare.env,
        args: ['--host', '0.0.0.0', '--insecure', '--config', bare.configFile],
      });
      expect((await postJson(`${insecure.url}/v1/route`, { prompt: 'x @alpha' })).status).toBe(200);
      expect((await insecure.stop()).code).toBe(0);
    } finally {
      bare.cleanup();
    }
  });
});
