export interface Passage {
  /** 1-based line of the passage's first text line. */
  line: number;
  /** Nearest heading above the passage ('' before the first one). */
  heading: string;
  text: string;
}

export interface ChunkOptions {
  /** Soft cap on a passage's length; paragraphs are merged up to it and longer ones split by line. */
  maxChars?: number;
}

const ATX_HEADING = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/;
const FENCE = /^\s*(```|~~~)/;
// A line of one repeated punctuation character: a setext (markdown) or reStructuredText heading underline.
const UNDERLINE = /^\s*([=\-~^"'`#*+_.:])\1{2,}\s*$/;

interface Block {
  line: number;
  lines: string[];
}

/** Splits a markdown / reStructuredText / plain-text document into passages: per heading, then by paragraph. */
export function chunkPassages(content: string, options: ChunkOptions = {}): Passage[] {
  const maxChars = options.maxChars ?? 800;
  const passages: Passage[] = [];
  let heading = '';
  let paragraph: Block | undefined;
  let current: Block | undefined;
  let inFence = false;

  const flushPassage = (): void => {
    if (current) passages.push({ line: current.line, heading, text: current.lines.join('\n\n') });
    current = undefined;
  };
  const flushParagraph = (): void => {
    if (!paragraph) return;
    for (const piece of splitBlock(paragraph, maxChars)) {
      const text = piece.lines.join('\n');
      const length = current ? current.lines.reduce((sum, part) => sum + part.length + 2, 0) : 0;
      if (current && length + text.length > maxChars) flushPassage();
      if (current) current.lines.push(text);
      else current = { line: piece.line, lines: [text] };
    }
    paragraph = undefined;
  };

  const lines = content.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.replace(/\s+$/, '');
    if (FENCE.test(line)) inFence = !inFence;
    else if (!inFence) {
      const atx = ATX_HEADING.exec(line);
      if (atx) {
        flushParagraph();
        flushPassage();
        heading = atx[1] ?? '';
        continue;
      }
      if (UNDERLINE.test(line)) {
        if (paragraph?.lines.length === 1) {
          const title = paragraph.lines[0]!.trim();
          paragraph = undefined;
          flushPassage();
          heading = title;
          continue;
        }
        // An rST overline (or a markdown rule) carries no text.
        if (!paragraph) continue;
      }
      if (line.trim() === '') {
        flushParagraph();
        continue;
      }
    }
    if (paragraph) paragraph.lines.push(line);
    else paragraph = { line: index + 1, lines: [line] };
  }
  flushParagraph();
  flushPassage();
  return passages;
}

/** A paragraph longer than the cap becomes several pieces, each with its own start line. */
function splitBlock(block: Block, maxChars: number): Block[] {
  const pieces: Block[] = [];
  let piece: Block | undefined;
  let length = 0;
  for (const [offset, text] of block.lines.entries()) {
    const line = block.line + offset;
    for (let start = 0; start < Math.max(text.length, 1); start += maxChars) {
      const part = text.slice(start, start + maxChars);
      if (piece && length + part.length + 1 > maxChars) {
        pieces.push(piece);
        piece = undefined;
      }
      if (piece) {
        piece.lines.push(part);
        length += part.length + 1;
      } else {
        piece = { line, lines: [part] };
        length = part.length;
      }
    }
  }
  if (piece) pieces.push(piece);
  return pieces;
}
