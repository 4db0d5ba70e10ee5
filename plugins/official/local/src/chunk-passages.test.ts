import { describe, expect, it } from 'vitest';
import { chunkPassages } from './chunk-passages.js';

function lineOf(content: string, line: number): string {
  return content.split('\n')[line - 1] ?? '';
}

describe('chunkPassages', () => {
  it('splits by heading and keeps the line of each passage’s first text line', () => {
    const doc = ['# Title', '', 'Intro paragraph.', '', '## Install', '', 'Run the installer.', 'Then restart.'].join(
      '\n',
    );
    const passages = chunkPassages(doc);
    expect(passages).toEqual([
      { line: 3, heading: 'Title', text: 'Intro paragraph.' },
      { line: 7, heading: 'Install', text: 'Run the installer.\nThen restart.' },
    ]);
    for (const passage of passages) expect(lineOf(doc, passage.line)).toBe(passage.text.split('\n')[0]);
  });

  it('merges short paragraphs under one heading up to the cap and splits beyond it', () => {
    const paragraph = 'word '.repeat(30).trim();
    const doc = ['# H', '', paragraph, '', paragraph, '', paragraph].join('\n');
    const passages = chunkPassages(doc, { maxChars: 320 });
    expect(passages.map((p) => p.line)).toEqual([3, 7]);
    expect(passages[0]!.text).toBe(`${paragraph}\n\n${paragraph}`);
  });

  it('splits a long paragraph by line with per-piece line numbers', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `line ${i + 1} `.padEnd(100, 'x'));
    const doc = ['# Long', ...lines].join('\n');
    const passages = chunkPassages(doc, { maxChars: 250 });
    for (const passage of passages) {
      expect(passage.text.length).toBeLessThanOrEqual(250);
      expect(lineOf(doc, passage.line)).toBe(passage.text.split('\n')[0]);
    }
    expect(passages.map((p) => p.line)).toEqual([2, 4, 6, 8, 10]);
  });

  it('keeps fenced code together and ignores # lines inside it', () => {
    const doc = ['## Example', '', '```sh', '# not a heading', '', 'echo hi', '```'].join('\n');
    expect(chunkPassages(doc)).toEqual([
      { line: 3, heading: 'Example', text: '```sh\n# not a heading\n\necho hi\n```' },
    ]);
  });

  it('understands setext and reStructuredText headings', () => {
    const doc = ['=====', 'Guide', '=====', '', 'Body one.', '', 'Usage', '-----', '', 'Body two.'].join('\n');
    expect(chunkPassages(doc)).toEqual([
      { line: 5, heading: 'Guide', text: 'Body one.' },
      { line: 10, heading: 'Usage', text: 'Body two.' },
    ]);
  });

  it('handles CRLF, plain text and empty input', () => {
    expect(chunkPassages('a\r\nb\r\n\r\nc')).toEqual([{ line: 1, heading: '', text: 'a\nb\n\nc' }]);
    expect(chunkPassages('')).toEqual([]);
  });
});
