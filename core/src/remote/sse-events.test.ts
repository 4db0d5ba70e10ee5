import { describe, expect, it } from 'vitest';
import { sseEvents } from './sse-events.js';

async function decode(chunks: string[]) {
  const encoder = new TextEncoder();
  const source = (async function* () {
    for (const chunk of chunks) yield encoder.encode(chunk);
  })();
  const events = [];
  for await (const event of sseEvents(source)) events.push(event);
  return events;
}

describe('sseEvents', () => {
  it('decodes named and data-only events split anywhere, CRLF included', async () => {
    expect(
      await decode(['event: text-del', 'ta\r\ndata: {"a"', ':1}\r\n\r\n: comment\n\ndata: one\ndata:two\n\n']),
    ).toEqual([
      { event: 'text-delta', data: '{"a":1}' },
      { event: 'message', data: 'one\ntwo' },
    ]);
  });

  it('drops an event without its dispatching blank line', async () => {
    expect(await decode(['data: complete\n\n', 'data: cut off\n'])).toEqual([{ event: 'message', data: 'complete' }]);
  });
});
