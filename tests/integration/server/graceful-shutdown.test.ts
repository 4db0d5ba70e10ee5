import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { apiErrorSchema } from '@payready/shared/api';
import { afterAll, describe, expect, it } from 'vitest';
import {
  countingPlugin,
  killAllServes,
  postJson,
  scriptedPlugin,
  serveHome,
  sleep,
  startServe,
  until,
} from './serve-process.js';

afterAll(() => killAllServes());

/** True when a TCP connection to the port is refused (nothing listens any more). */
function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('SIGTERM', () => {
  it('stops accepting at once, finishes the requests in flight, then exits 0', async () => {
    const home = serveHome(
      `plugins: {paths: [${countingPlugin}]}\ncache: {enabled: false}\nserver: {shutdown_grace: 20s}\n`,
    );
    const log = join(home.root, 'upstream.log');
    try {
      const serve = await startServe({
        env: { ...home.env, COUNTING_AGENT_LOG: log },
        args: ['--config', home.configFile],
      });
      const inFlight = [1, 2, 3].map((n) =>
        postJson(`${serve.url}/v1/ask`, { prompt: `request ${n} slow:1500`, agent: 'counter' }),
      );
      await until(
        () => existsSync(log) && readFileSync(log, 'utf8').trim().split('\n').length === 3,
        'three requests upstream',
      );
      serve.child.kill('SIGTERM');
      await until(() => refused(serve.port), 'the listener to close');
      const answers = await Promise.all(inFlight);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
      expect(answers.map((answer) => (answer.json as { answer: string }).answer)).toEqual(
        [1, 2, 3].map((n) => `counted: request ${n} slow:1500`),
      );
      expect(await serve.exited).toEqual({ code: 0, signal: null });
      expect(serve.logs()).toMatch(/shutting down[\s\S]*stopped/);
    } finally {
      home.cleanup();
    }
  });

  it('answers 503 to what is still running when the grace runs out, and still exits 0', async () => {
    const home = serveHome(`plugins: {paths: [${scriptedPlugin}]}\nserver: {shutdown_grace: 500ms}\n`);
    try {
      const serve = await startServe({ env: home.env, args: ['--config', home.configFile] });
      const stuck = postJson(`${serve.url}/v1/ask`, { prompt: 'hang', agent: 'alpha' });
      await sleep(300);
      serve.child.kill('SIGTERM');
      const answer = await stuck;
      expect(answer.status).toBe(503);
      expect(apiErrorSchema.parse(answer.json).error.type).toBe('shutting_down');
      expect(await serve.exited).toEqual({ code: 0, signal: null });
    } finally {
      home.cleanup();
    }
  });
});
