import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinInput } from '../prompts/render-template.js';
import { answerSettings, cacheKey, canonicalKeyInput, type CacheKeyInput } from './cache-key.js';
import { canonicalJson } from './canonical-json.js';

const base: CacheKeyInput = {
  agent: 'claude',
  model: 'claude-sonnet-4-5',
  persona: { name: 'reviewer', system: 'Be terse.', temperature: 0.2, template: '{{input}}' },
  options: { temperature: 0.3, max_tokens: 4096 },
  text: 'review this\n\ndiff --git a b',
  history: [{ role: 'user', content: 'earlier' }],
  context: { branch: 'main' },
};

const text = fc.string({ maxLength: 40 });
const inputArb: fc.Arbitrary<CacheKeyInput> = fc.record({
  agent: fc.constantFrom('claude', 'codex', 'web', 'local', 'agno'),
  model: fc.option(text, { nil: null }),
  persona: fc.record(
    {
      name: text,
      system: text,
      temperature: fc.double({ min: 0, max: 2, noNaN: true }),
      maxTokens: fc.integer({ min: 1, max: 100_000 }),
      template: text,
    },
    { requiredKeys: ['name'] },
  ),
  options: fc.record(
    { temperature: fc.double({ min: 0, max: 2, noNaN: true }), max_tokens: fc.integer({ min: 1, max: 100_000 }) },
    { requiredKeys: [] },
  ),
  text,
  history: fc.array(fc.record({ role: fc.constantFrom('user' as const, 'assistant' as const), content: text }), {
    maxLength: 3,
  }),
});

type Mutation = (input: CacheKeyInput) => CacheKeyInput;
// Each mutation changes exactly one input to a value different from what it was.
const mutations: Record<string, Mutation> = {
  agent: (input) => ({ ...input, agent: `${input.agent}x` }),
  model: (input) => ({ ...input, model: input.model === null ? 'm' : `${input.model}x` }),
  'options.temperature': (input) => ({
    ...input,
    options: { ...input.options, temperature: ((input.options.temperature as number | undefined) ?? 0) + 0.5 },
  }),
  'options.max_tokens': (input) => ({
    ...input,
    options: { ...input.options, max_tokens: ((input.options.max_tokens as number | undefined) ?? 0) + 1 },
  }),
  'persona.name': (input) => ({ ...input, persona: { ...input.persona, name: `${input.persona.name}x` } }),
  'persona.system': (input) => ({ ...input, persona: { ...input.persona, system: `${input.persona.system ?? ''}x` } }),
  'persona.temperature': (input) => ({
    ...input,
    persona: { ...input.persona, temperature: (input.persona.temperature ?? 0) + 0.25 },
  }),
  'persona.template': (input) => ({
    ...input,
    persona: { ...input.persona, template: `${input.persona.template ?? ''}x` },
  }),
  text: (input) => ({ ...input, text: `${input.text}x` }),
  history: (input) => ({ ...input, history: [...(input.history ?? []), { role: 'user', content: '' }] }),
  context: (input) => ({ ...input, context: { ...input.context, date: '2031-01-01' } }),
};

describe('cacheKey', () => {
  it('is a sha256 hex digest, stable for the same inputs', () => {
    expect(cacheKey(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey(base)).toBe(cacheKey(structuredClone(base)));
  });

  it('does not depend on the order keys were built in', () => {
    const reordered: CacheKeyInput = {
      context: { branch: 'main' },
      history: [{ content: 'earlier', role: 'user' }],
      text: base.text,
      options: { max_tokens: 4096, temperature: 0.3 },
      persona: { template: '{{input}}', temperature: 0.2, system: 'Be terse.', name: 'reviewer' },
      model: base.model,
      agent: base.agent,
    };
    expect(cacheKey(reordered)).toBe(cacheKey(base));
  });

  for (const [field, mutate] of Object.entries(mutations)) {
    it(`property: any change of ${field} changes the key`, () => {
      fc.assert(
        fc.property(inputArb, (input) => {
          expect(cacheKey(mutate(input))).not.toBe(cacheKey(input));
        }),
        { numRuns: 200 },
      );
    });
  }

  // Prompt and stdin reach the key through the text sent (joinInput, or a persona's template).
  it('property: any change of the prompt or of stdin changes the key', () => {
    const keyOf = (prompt: string, stdin: string) => cacheKey({ ...base, text: joinInput(prompt, stdin) });
    fc.assert(
      fc.property(text, text, text, (prompt, stdin, other) => {
        fc.pre(prompt !== other && prompt.trim() + stdin.trim() !== '');
        expect(keyOf(other, stdin)).not.toBe(keyOf(prompt, stdin));
        fc.pre(stdin !== other);
        expect(keyOf(prompt, other)).not.toBe(keyOf(prompt, stdin));
      }),
      { numRuns: 500 },
    );
  });

  it('never contains a credential or the environment', () => {
    const settings = answerSettings({
      api_key: 'sk-secret',
      token: 't0k',
      password: 'p',
      model: 'm',
      max_tokens: 10,
      enabled: true,
      fallback: 'codex',
      cache_ttl: '1h',
      base_url: 'http://x',
    });
    expect(settings).toEqual({ model: 'm', max_tokens: 10, base_url: 'http://x' });
    const encoded = canonicalKeyInput({ ...base, options: settings });
    expect(encoded).not.toContain('sk-secret');
    process.env.PAYREADY_KEY_TEST = 'changed';
    const before = cacheKey(base);
    process.env.PAYREADY_KEY_TEST = 'changed again';
    expect(cacheKey(base)).toBe(before);
    delete process.env.PAYREADY_KEY_TEST;
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: undefined }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"z":1}]},"b":1}',
    );
  });

  it('property: equal values encode equally, different strings differently', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(canonicalJson(JSON.parse(JSON.stringify(value))));
      }),
    );
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        fc.pre(a !== b);
        expect(canonicalJson({ s: a })).not.toBe(canonicalJson({ s: b }));
      }),
    );
  });
});
