import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  cliBundle,
  createTempHome,
  freePort,
  repoRoot,
  startHttpProcess,
  type HttpProcess,
  type TempHome,
} from '../../test-utils/src/index.js';

export const scriptedPlugin = join(repoRoot, 'tests/fixtures/plugins/scripted.mjs');
export const countingPlugin = join(repoRoot, 'tests/fixtures/plugins/counting.mjs');

/** `payready serve` as a test sees it. */
export type ServeProcess = HttpProcess;

const running = new Set<ChildProcess>();

/** Kills (SIGKILL) every serve process still running: an afterAll safety net. */
export function killAllServes(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

/** `payready serve` from the built CLI on a free port; resolves once /health answers. */
export async function startServe(options: {
  env: Record<string, string>;
  args?: string[];
  cwd?: string;
  port?: number;
}): Promise<ServeProcess> {
  const port = options.port ?? (await freePort());
  return startHttpProcess({
    command: process.execPath,
    args: [cliBundle, 'serve', '--port', String(port), ...(options.args ?? [])],
    cwd: options.cwd ?? repoRoot,
    env: { PATH: process.env.PATH, ...options.env },
    port,
    what: 'payready serve',
    timeoutMs: 20_000,
    onSpawn: (child) => {
      running.add(child);
      child.once('exit', () => running.delete(child));
    },
  });
}

/** A temp home with a config file for `--config`; `write()` replaces it (hot reload tests). */
export function serveHome(yaml: string): TempHome & { configFile: string; write(yaml: string): void } {
  const home = createTempHome('payready-serve-it-');
  const configFile = join(home.root, 'serve.yaml');
  writeFileSync(configFile, yaml);
  return { ...home, configFile, write: (next: string) => writeFileSync(configFile, next) };
}

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: unknown }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, json };
}

export interface SseFrame {
  event: string;
  data: string;
}

/** Every event of an SSE response body, in order. */
export async function readSse(response: Response): Promise<SseFrame[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '' && !block.startsWith(':'))
    .map((block) => {
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      return { event, data: data.join('\n') };
    });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `predicate` until it holds; fails naming `what` after 15 s. */
export async function until(predicate: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
