import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRedactor, REDACTED } from './create-redactor.js';

const SECRET = 'sk-test-Zq8rT2vYx9LmN4pQ7wKa';
const OTHER = 'hunter2-but-longer!"\\/+';

const encodings = (secret: string): Record<string, string> => {
  const bytes = Buffer.from(secret);
  return {
    raw: secret,
    base64: bytes.toString('base64'),
    base64url: bytes.toString('base64url'),
    hex: bytes.toString('hex'),
    HEX: bytes.toString('hex').toUpperCase(),
    json: JSON.stringify(secret).slice(1, -1),
    url: encodeURIComponent(secret),
  };
};

describe('createRedactor: known secrets', () => {
  const redact = createRedactor({ secrets: [SECRET, OTHER, undefined, ''], patterns: false });

  for (const [form, spelled] of Object.entries({ ...encodings(SECRET), ...encodings(OTHER) })) {
    it(`redacts the ${form} spelling`, () => {
      const output = redact(`before ${spelled} after`);
      expect(output).toBe(`before ${REDACTED} after`);
    });
  }

  it('redacts a secret inside a larger base64 payload at every alignment (Basic auth)', () => {
    for (const user of ['u', 'us', 'usr', 'user']) {
      const basic = Buffer.from(`${user}:${SECRET}`).toString('base64');
      const output = redact(`Authorization: Basic ${basic}`);
      const fragment = Buffer.from(SECRET).toString('base64').slice(4, -4);
      expect(output).toContain(REDACTED);
      expect(output).not.toContain(fragment.slice(0, 8));
    }
  });

  it('leaves text without secrets alone (same string back)', () => {
    const text = 'nothing to see here: sk is not a key, neither is 1234';
    expect(redact(text)).toBe(text);
  });

  it('ignores secrets too short to redact safely', () => {
    expect(createRedactor({ secrets: ['abc'], patterns: false })('abc abc')).toBe('abc abc');
  });

  it('prefers the longest secret when one contains another', () => {
    const redactBoth = createRedactor({ secrets: ['abcdefgh', 'abcdefgh-ijklmnop'], patterns: false });
    expect(redactBoth('x abcdefgh-ijklmnop y')).toBe(`x ${REDACTED} y`);
  });
});

describe('createRedactor: credential patterns', () => {
  const redact = createRedactor({ secrets: [] });
  const cases: Array<[string, string]> = [
    ['key sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789 end', `key ${REDACTED} end`],
    ['sk-proj-abcdefghijklmnopqrstuvwxyz012345', REDACTED],
    ['sk-abcdefghijklmnopqrstuvwxyz012345', REDACTED],
    ['tvly-dev-abcdefghijklmnop1234', REDACTED],
    ['BSAabcdefghijklmnopqrstuvwxyz12', REDACTED],
    ['Authorization: Bearer abc.def.ghi-jkl_mno', `Authorization: Bearer ${REDACTED}`],
    ['authorization: Basic dXNlcjpwYXNz', `authorization: Basic ${REDACTED}`],
    ['curl -H "Bearer eyJhbGciOiJIUzI1NiJ9.payload"', `curl -H "Bearer ${REDACTED}"`],
    ['x-api-key: abc123', `x-api-key: ${REDACTED}`],
    ['{"x-api-key":"abc123","model":"m"}', `{"x-api-key":"${REDACTED}","model":"m"}`],
    ['{"api_key": "k-1", "apiKey": "k-2"}', `{"api_key": "${REDACTED}", "apiKey": "${REDACTED}"}`],
    ['ANTHROPIC_API_KEY=whatever-it-is', `ANTHROPIC_API_KEY=${REDACTED}`],
    ['https://api.example.com/search?api_key=abc&q=cats', `https://api.example.com/search?api_key=${REDACTED}&q=cats`],
  ];
  for (const [input, expected] of cases) {
    it(`redacts ${JSON.stringify(input.slice(0, 30))}`, () => {
      expect(redact(input)).toBe(expected);
    });
  }

  it('leaves prose alone', () => {
    const prose =
      'Bearer in mind the basic idea: a task-based desk-lamp, sk-learn, BSA rules and an API key: see docs.';
    expect(redact(prose)).toBe(prose);
  });

  it('does not stop inside a known secret that a pattern runs into', () => {
    const secret = 'abc def"ghi;jkl';
    const both = createRedactor({ secrets: [secret] });
    const output = both(`x-api-key: ${secret} tail`);
    expect(output).toBe(`x-api-key: ${REDACTED} tail`);
  });

  it('reports spans with the kept prefix', () => {
    expect(redact.spans('a x-api-key: k1 b')).toEqual([{ start: 4, end: 15, replacement: `api-key: ${REDACTED}` }]);
  });
});

describe('createRedactor: property', () => {
  const secretArbitrary = fc.oneof(
    fc.string({ minLength: 8, maxLength: 60 }),
    fc.string({ minLength: 8, maxLength: 40, unit: 'grapheme' }),
    fc.stringMatching(/^[A-Za-z0-9_-]{20,60}$/),
  );
  const spellings = (secret: string): string[] => {
    const bytes = Buffer.from(secret);
    return [secret, bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex')];
  };

  it('no spelling of any secret survives, wherever it sits in the text', () => {
    fc.assert(
      fc.property(
        fc.array(secretArbitrary, { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(fc.string({ maxLength: 20 }), fc.nat(), fc.nat(6)), { minLength: 1, maxLength: 8 }),
        (secrets, pieces) => {
          const redact = createRedactor({ secrets });
          const text = pieces
            .map(([filler, which, form]) => {
              const secret = secrets[which % secrets.length]!;
              const bytes = Buffer.from(secret);
              const all = [
                ...spellings(secret),
                bytes.toString('hex').toUpperCase(),
                JSON.stringify(secret).slice(1, -1),
                Buffer.from(`user:${secret}`).toString('base64'),
              ];
              return filler + all[form % all.length]!;
            })
            .join(' ');
          const output = redact(text);
          for (const secret of secrets) {
            for (const spelled of spellings(secret)) expect(output).not.toContain(spelled);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
