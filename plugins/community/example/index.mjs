// A complete community agent plugin, in plain JavaScript: it echoes the question back.
// Enable it with, in .payready.yaml:
//   plugins:
//     paths: [./plugins/community/example]
// It needs no runtime import of payready: everything comes through registerPlugins(register, api).

/** @typedef {import('@payready/agent-contract').AgentPlugin} AgentPlugin */

/** @type {import('@payready/agent-contract').RegisterPlugins} */
export function registerPlugins(register, api) {
  /** @type {AgentPlugin} */
  const plugin = {
    contractVersion: api.contractVersion,
    name: 'echo',
    version: '0.1.0',
    description: 'Echoes the question back (a worked example of a community plugin).',
    // Pure and synchronous: claim queries that start with "echo".
    canHandle(query) {
      return /^\s*echo\b/i.test(query.prompt) ? { score: 0.99, reasons: ['starts with "echo"'] } : 0;
    },
    available(environment) {
      return environment.settings.enabled === false ? { ok: false, reason: 'disabled' } : { ok: true };
    },
    async *execute(request, context) {
      if (context.signal.aborted) throw context.signal.reason;
      if (request.text.includes('fail:rate_limit')) {
        throw new api.AgentError({ kind: 'rate_limit', message: 'echo is rate-limited (as asked)', retryAfterMs: 10 });
      }
      yield { type: 'text-delta', text: request.text.replace(/^\s*echo\s*/i, '') };
      yield { type: 'done', finishReason: 'stop', model: 'echo-1' };
    },
  };
  register(plugin);
}
