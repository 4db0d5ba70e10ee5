import { describe, expect, it } from 'vitest';
import { createRedactor } from './create-redactor.js';
import { createStreamRedactor } from './stream-redactor.js';

describe('createStreamRedactor', () => {
  const secret = 'sk-live-0123456789abcdefghij';
  const redactor = createRedactor({ secrets: [secret] });
  const text = `${'lorem ipsum '.repeat(40)}key=${secret} and ${'dolor sit '.repeat(40)}Bearer ${'t'.repeat(30)}.`;

  it('redacts a secret split across chunks at any position', () => {
    const start = text.indexOf(secret);
    for (let split = start - 3; split <= start + secret.length + 3; split++) {
      const stream = createStreamRedactor(redactor, { holdBack: 40 });
      const output = stream.write(text.slice(0, split)) + stream.write(text.slice(split)) + stream.end();
      expect(output).toBe(redactor(text));
    }
  });

  it('gives the same result as one-shot redaction, one character at a time', () => {
    const stream = createStreamRedactor(redactor, { holdBack: 32 });
    let output = '';
    for (const character of text) output += stream.write(character);
    output += stream.end();
    expect(output).toBe(redactor(text));
    expect(output).not.toContain(secret);
  });
});
