import cluster, { type Worker } from 'node:cluster';
import { MemoryTokenBucket } from '@payready/core';
import type { Logger } from '@payready/shared';
import type { ConsulRegistrationHandle } from '../consul-registration.js';
import { isWorkerRequest, type PrimaryReply, type WorkerRequest } from './cluster-messages.js';
import { serverUrl } from '../server-url.js';

export interface ClusterPrimaryOptions {
  workers: number;
  /** The address the workers bind, for the log. */
  host: string;
  logger: Logger;
  /** server.shutdown_grace: how long a worker may take to drain before it is killed (plus a margin). */
  graceMs: number;
  /** Registers the instance (Consul) once every worker listens; deregistered first on shutdown. */
  register?: (port: number) => Promise<ConsulRegistrationHandle | undefined>;
}

/** More exits than this within RESTART_WINDOW_MS stop the instance instead of restarting yet again. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;
const RESTART_DELAY_MS = 1000;
const KILL_MARGIN_MS = 5000;

/**
 * The primary of `payready serve --workers N`: forks N workers that share the listening socket (Node's
 * cluster, round-robin), answers their rate-limit takes and metrics requests, replaces a worker that dies,
 * and on SIGTERM/SIGINT drains them all. Resolves with the exit code: 0 after a shutdown, or the code of a
 * worker that failed before listening (its error is on stderr already).
 */
export async function runClusterPrimary(options: ClusterPrimaryOptions): Promise<number> {
  const { logger } = options;
  const buckets = new MemoryTokenBucket();
  const { clusterMetricsInPrimary } = await import('@payready/shared/telemetry');
  const clusterMetrics = await clusterMetricsInPrimary();
  let stopping = false;
  const exits: number[] = [];

  const answer = (worker: Worker, request: WorkerRequest, reply: Omit<PrimaryReply, 'type' | 'id'>) => {
    if (worker.isConnected()) worker.send({ type: 'payready:reply', id: request.id, ...reply } satisfies PrimaryReply);
  };
  cluster.on('message', (worker, message: unknown) => {
    if (!isWorkerRequest(message)) return;
    if (message.type === 'payready:take') {
      answer(worker, message, { result: buckets.take(message.key, message.limit) });
    } else {
      clusterMetrics().then(
        (text) => answer(worker, message, { result: text }),
        (error: unknown) => answer(worker, message, { error: error instanceof Error ? error.message : String(error) }),
      );
    }
  });

  const listening = new Promise<{ port: number } | { failed: number }>((resolve) => {
    let up = 0;
    const onListening = (_worker: Worker, address: { port: number }) => {
      if (++up === options.workers) {
        cluster.off('listening', onListening);
        cluster.off('exit', onEarlyExit);
        resolve({ port: address.port });
      }
    };
    const onEarlyExit = (_worker: Worker, code: number | null) => {
      cluster.off('listening', onListening);
      cluster.off('exit', onEarlyExit);
      resolve({ failed: code || 1 });
    };
    cluster.on('listening', onListening);
    cluster.on('exit', onEarlyExit);
  });
  for (let i = 0; i < options.workers; i++) cluster.fork();
  const started = await listening;
  if ('failed' in started) {
    await stopWorkers('SIGTERM', options.graceMs);
    return started.failed;
  }
  const { host } = options;
  const url = serverUrl(host, started.port);
  logger.info('listening', { url, workers: options.workers });
  const consul = await options.register?.(started.port);

  const restarts = new Set<NodeJS.Timeout>();
  const stopped = new Promise<number>((resolve) => {
    const stop = (reason: string, code: number) => {
      if (stopping) return;
      stopping = true;
      for (const timer of restarts) clearTimeout(timer);
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      logger.info('shutting down: draining every worker', { reason });
      void (async () => {
        await consul?.deregister();
        await stopWorkers('SIGTERM', options.graceMs);
        logger.info('stopped');
        resolve(code);
      })();
    };
    const onSignal = (signal: NodeJS.Signals) => stop(signal, 0);
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    cluster.on('exit', (worker, code, signal) => {
      if (stopping) return;
      const now = Date.now();
      exits.push(now);
      while (exits.length > 0 && exits[0]! < now - RESTART_WINDOW_MS) exits.shift();
      logger.error('worker exited; starting another', { worker: worker.process.pid, code, signal });
      if (exits.length > MAX_RESTARTS) {
        logger.error(`more than ${MAX_RESTARTS} worker exits within ${RESTART_WINDOW_MS / 1000} s; stopping`);
        stop('workers keep exiting', 1);
        return;
      }
      // One timer per exit: two workers dying within the delay are both replaced.
      const timer = setTimeout(() => {
        restarts.delete(timer);
        const replacement = cluster.fork();
        replacement.once('listening', () => logger.info('worker replaced', { worker: replacement.process.pid }));
      }, RESTART_DELAY_MS);
      restarts.add(timer);
    });
  });
  return stopped;
}

/** Signals every worker (each drains on its own) and waits for all to exit; kills those past the grace. */
async function stopWorkers(signal: NodeJS.Signals, graceMs: number): Promise<void> {
  const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) return resolve();
          const kill = setTimeout(() => worker.process.kill('SIGKILL'), graceMs + KILL_MARGIN_MS);
          worker.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          worker.process.kill(signal);
        }),
    ),
  );
}
