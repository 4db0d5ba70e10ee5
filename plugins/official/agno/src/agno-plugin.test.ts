import type { AgentEnvironment, AgentSettings } from '@payready/agent-contract';
import { describe, expect, it } from 'vitest';
import { agnoHttpError } from './agno-error.js';
import { agnoMessage, createAgnoPlugin } from './agno-plugin.js';

function environment(settings: AgentSettings): AgentEnvironment {
  return {
    settings,
    env: {},
    paths: { cacheDir: '/tmp/c', dataDir: '/tmp/d', configDir: '/tmp/f', stateDir: '/tmp/s', cwd: '/tmp' },
    logger: { debug() {}, info() {}, warn() {} },
    resolveKey: () => undefined,
  };
}

describe('agno available()', () => {
  const plugin = createAgnoPlugin();
  it('needs enabled, url and agent_id', () => {
    expect(plugin.available(environment({ enabled: false, url: 'http://x', agent_id: 'a' }))).toMatchObject({
      ok: false,
    });
    expect(plugin.available(environment({ enabled: true, agent_id: 'a' }))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('url'),
    });
    expect(plugin.available(environment({ enabled: true, url: 'http://x' }))).toMatchObject({
      ok: false,
      reason: expect.stringContaining('agent_id'),
    });
    expect(plugin.available(environment({ enabled: true, url: 'http://x', agent_id: 'a' }))).toEqual({ ok: true });
  });

  it('scores with the shared intent model', () => {
    const book = plugin.canHandle({ prompt: 'book a table', text: 'book a table on the website' });
    const plain = plugin.canHandle({ prompt: 'hi', text: 'hi' });
    expect(typeof book === 'number' ? book : book.score).toBeGreaterThan(
      typeof plain === 'number' ? plain : plain.score,
    );
  });
});

describe('agnoMessage', () => {
  it('is the text alone without history, and carries earlier turns inline otherwise', () => {
    expect(agnoMessage({ text: 'q', persona: { name: 'default' } })).toBe('q');
    const message = agnoMessage({
      text: 'and then?',
      persona: { name: 'default' },
      history: [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'answer' },
      ],
    });
    expect(message).toBe('Conversation so far:\nUser: first\nAssistant: answer\n\nUser: and then?');
  });
});

describe('agnoHttpError', () => {
  it('reads FastAPI detail bodies and maps statuses', () => {
    const auth = agnoHttpError({
      status: 401,
      headers: new Headers(),
      body: '{"detail":"Invalid authentication token"}',
    });
    expect(auth).toMatchObject({ kind: 'auth', status: 401 });
    expect(auth.message).toContain('Invalid authentication token');
    expect(auth.message).toContain('AGNO_API_KEY');
    const validation = agnoHttpError({
      status: 422,
      headers: new Headers(),
      body: '{"detail":[{"msg":"Field required"}]}',
    });
    expect(validation).toMatchObject({ kind: 'bad_request' });
    expect(validation.message).toContain('Field required');
    expect(agnoHttpError({ status: 404, headers: new Headers(), body: '{"detail":"Agent not found"}' }).kind).toBe(
      'unavailable',
    );
    expect(agnoHttpError({ status: 429, headers: new Headers({ 'retry-after': '2' }), body: '' })).toMatchObject({
      kind: 'rate_limit',
      retryAfterMs: 2000,
    });
    expect(agnoHttpError({ status: 503, headers: new Headers(), body: '' }).kind).toBe('overloaded');
  });
});
