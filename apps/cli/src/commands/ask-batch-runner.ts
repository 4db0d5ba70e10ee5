import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { CliIO } from '../cli-io.js';
import { BatchLineError, batchErrorJson, parseBatchLine, type BatchItem } from './ask-batch-item.js';
import { BatchProgress } from './ask-batch-progress.js';

export interface BatchOutcome {
  json: Record<string, unknown>;
  ok: boolean;
}

export interface RunBatchOptions {
  concurrency: number;
  ordered: boolean;
  signal: AbortSignal;
  /** Never rejects: a failure is an outcome with `ok: false`. */
  answer: (item: BatchItem) => Promise<BatchOutcome>;
}

/** stdout for results: in input order or as they come, and a promise to wait on while stdout is backed up. */
class ResultWriter {
  private readonly waiting = new Map<number, string>();
  nextToWrite = 0;
  drain: Promise<unknown> | undefined;

  constructor(
    private readonly io: CliIO,
    private readonly ordered: boolean,
  ) {}

  result(index: number, outcome: BatchOutcome): void {
    const text = `${JSON.stringify(outcome.json)}\n`;
    if (!this.ordered) return this.write(text);
    this.waiting.set(index, text);
    for (
      let ready = this.waiting.get(this.nextToWrite);
      ready !== undefined;
      ready = this.waiting.get(this.nextToWrite)
    ) {
      this.waiting.delete(this.nextToWrite);
      this.nextToWrite += 1;
      this.write(ready);
    }
  }

  private write(text: string): void {
    if (!this.io.stdout.write(text))
      this.drain ??= once(this.io.stdout, 'drain').finally(() => (this.drain = undefined));
  }
}

/**
 * The pool: a line is read only when fewer than `concurrency` asks run, stdout is not backed up and, when
 * ordered, the reorder buffer behind the slowest early item has room. Returns how many items failed.
 */
export async function runBatch(io: CliIO, options: RunBatchOptions): Promise<number> {
  const progress = new BatchProgress(io);
  const writer = new ResultWriter(io, options.ordered);
  const maxAhead = options.concurrency * 64;
  const running = new Set<Promise<void>>();
  let started = 0;
  let failed = 0;
  const finish = (index: number, outcome: BatchOutcome) => {
    if (!outcome.ok) failed += 1;
    progress.itemDone(outcome.ok);
    writer.result(index, outcome);
  };
  const busy = () =>
    running.size >= options.concurrency ||
    (options.ordered && started - writer.nextToWrite >= maxAhead) ||
    writer.drain !== undefined;
  let lineNumber = 0;
  for await (const line of createInterface({ input: io.stdin, crlfDelay: Infinity })) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    if (options.signal.aborted) break;
    while (busy()) await Promise.race([...running, ...(writer.drain ? [writer.drain] : [])]);
    const index = started++;
    progress.itemRead();
    let item: BatchItem;
    try {
      item = parseBatchLine(line, lineNumber);
    } catch (error) {
      const id = error instanceof BatchLineError ? error.id : null;
      finish(index, {
        ok: false,
        json: { id, line: lineNumber, ok: false, error: batchErrorJson(error), attempts: [] },
      });
      continue;
    }
    const tracked: Promise<void> = options
      .answer(item)
      .then((outcome) => finish(index, outcome))
      .finally(() => running.delete(tracked));
    running.add(tracked);
  }
  progress.endOfInput();
  await Promise.all(running);
  if (writer.drain) await writer.drain;
  progress.finish();
  return failed;
}
