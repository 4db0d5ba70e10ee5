import type { AgentEvent } from '@payready/agent-contract';
import { agnoHttpError, agnoMalformed, agnoRequestFailure } from './agno-error.js';
import { parseSse, runOutputEvents, toAgentEvents } from './agno-events.js';

export interface AgnoClientOptions {
  baseUrl: string;
  agentId: string;
  /** Sent as `Authorization: Bearer`; the server's `OS_SECURITY_KEY`. */
  apiKey?: string;
}

export interface AgnoCallOptions {
  signal: AbortSignal;
  /** Bounds the whole call, streaming included. */
  timeoutMs: number;
}

export interface AgnoRunOptions extends AgnoCallOptions {
  message: string;
  sessionId?: string;
}

export interface AgnoClient {
  run(options: AgnoRunOptions): AsyncGenerator<AgentEvent>;
  /** `GET /health` then `GET /agents/{agent_id}`; throws AgentError when either fails. */
  health(options: AgnoCallOptions): Promise<void>;
}

function url(baseUrl: string, path: string): URL {
  return new URL(path, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
}

/** A client for one agent of an Agno AgentOS (agno 2.x HTTP API). */
export function createAgnoClient(options: AgnoClientOptions): AgnoClient {
  const auth: Record<string, string> = options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {};
  const agentPath = `agents/${encodeURIComponent(options.agentId)}`;

  async function call(path: string, init: RequestInit, call: AgnoCallOptions & { local: AbortController }) {
    const timeout = AbortSignal.timeout(call.timeoutMs);
    const failure = (error: unknown) =>
      agnoRequestFailure(error, { signal: call.signal, timeout, timeoutMs: call.timeoutMs });
    try {
      const response = await fetch(url(options.baseUrl, path), {
        ...init,
        headers: { ...auth, ...(init.headers as Record<string, string>) },
        signal: AbortSignal.any([call.signal, timeout, call.local.signal]),
      });
      if (!response.ok) {
        throw agnoHttpError({ status: response.status, headers: response.headers, body: await response.text() });
      }
      return { response, failure };
    } catch (error) {
      throw failure(error);
    }
  }

  return {
    async *run(run) {
      // Aborted in `finally`, so a consumer that stops early releases the connection.
      const local = new AbortController();
      try {
        // The run route takes form fields, not JSON; `stream` is the string Agno's own client sends.
        const form = new URLSearchParams({ message: run.message, stream: 'true' });
        if (run.sessionId) form.set('session_id', run.sessionId);
        const { response, failure } = await call(
          `${agentPath}/runs`,
          { method: 'POST', body: form, headers: { accept: 'text/event-stream' } },
          { ...run, local },
        );
        try {
          if (!response.headers.get('content-type')?.includes('text/event-stream')) {
            const text = await response.text();
            let output: unknown;
            try {
              output = JSON.parse(text);
            } catch (error) {
              throw agnoMalformed('a run response that is neither an event stream nor JSON', error);
            }
            yield* runOutputEvents(output);
            return;
          }
          if (!response.body) throw agnoMalformed('an event stream without a body');
          yield* toAgentEvents(parseSse(response.body));
        } catch (error) {
          throw failure(error);
        }
      } finally {
        local.abort();
      }
    },
    async health(health) {
      const local = new AbortController();
      try {
        for (const path of ['health', agentPath]) {
          const { response, failure } = await call(
            path,
            { headers: { accept: 'application/json' } },
            { ...health, local },
          );
          await response.text().catch((error: unknown) => {
            throw failure(error);
          });
        }
      } finally {
        local.abort();
      }
    },
  };
}
