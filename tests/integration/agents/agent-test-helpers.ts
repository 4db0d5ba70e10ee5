import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentError, type AgentEvent } from '@payready/agent-contract';
import { startHttpFixture } from '../../test-utils/src/http-fixture.js';

export interface Run {
  events: AgentEvent[];
  /** Concatenated text deltas. */
  text: string;
  error?: unknown;
}

/** Drains an agent's stream, keeping what it yielded before failing. */
export async function run(stream: AsyncIterable<AgentEvent>): Promise<Run> {
  const events: AgentEvent[] = [];
  try {
    for await (const event of stream) events.push(event);
    return { events, text: textOf(events) };
  } catch (error) {
    return { events, text: textOf(events), error };
  }
}

export function textOf(events: AgentEvent[]): string {
  return events.map((event) => (event.type === 'text-delta' ? event.text : '')).join('');
}

/** The AgentError a run ended with; fails the test when it ended otherwise. */
export function agentErrorOf(result: Run): AgentError {
  if (!AgentError.isInstance(result.error)) {
    throw new Error(`expected an AgentError, got ${result.error === undefined ? 'success' : String(result.error)}`);
  }
  return result.error;
}

/** A URL on 127.0.0.1 where nothing listens (a port that was just free). */
export async function refusedUrl(path = ''): Promise<string> {
  const fixture = await startHttpFixture(() => undefined);
  await fixture.close();
  return `${fixture.url}${path}`;
}

/** A directory holding an executable `name` with the given shell script body, for PATH-based CLI backends. */
export function fakeBinary(name: string, script: string): string {
  const directory = mkdtempSync(join(tmpdir(), 'payready-bin-'));
  const file = join(directory, name);
  writeFileSync(file, `#!/bin/sh\n${script}\n`);
  chmodSync(file, 0o755);
  return directory;
}

/** Whether a process with this pid still exists. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
