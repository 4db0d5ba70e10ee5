import type { RouteQuery } from '@payready/agent-contract';
import { joinInput } from '@payready/core';
import { UsageError } from '@payready/shared';
import type { CliIO } from '../cli-io.js';
import { readStdin } from '../input/read-stdin.js';

/** Prompt words + piped stdin → the query, or a usage error when both are empty. */
export async function prepareQuery(
  io: CliIO,
  words: readonly string[],
  options: { readStdin: boolean; maxStdinBytes: number },
): Promise<RouteQuery> {
  const prompt = words.join(' ').trim();
  const stdin = options.readStdin && !io.stdin.isTTY ? await readStdin(io.stdin, options.maxStdinBytes) : '';
  const text = joinInput(prompt, stdin.trimEnd());
  if (text.trim() === '') {
    throw new UsageError('empty prompt: give a question as an argument or pipe text on stdin', {
      hint: 'payready ask "how do I undo the last commit?"   or   git diff | payready ask "review this"',
    });
  }
  return { prompt, ...(stdin ? { stdin } : {}), text };
}
