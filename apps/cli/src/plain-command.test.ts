import { describe, expect, it } from 'vitest';
import { plainCommand } from './plain-command.js';

describe('plainCommand', () => {
  it('takes ask and route followed only by words', () => {
    expect(plainCommand(['route', 'write', 'a', 'function'])).toBe('route');
    expect(plainCommand(['ask', 'what is CAP?'])).toBe('ask');
  });

  it('leaves everything with a flag, no words, or another command to the parser', () => {
    expect(plainCommand(['route', '--json', 'x'])).toBeUndefined();
    expect(plainCommand(['route', 'x', '-a', 'claude'])).toBeUndefined();
    expect(plainCommand(['ask', '--', 'x'])).toBeUndefined();
    expect(plainCommand(['ask'])).toBeUndefined();
    expect(plainCommand(['agents'])).toBeUndefined();
    expect(plainCommand(['help', 'ask'])).toBeUndefined();
    expect(plainCommand([])).toBeUndefined();
  });
});
