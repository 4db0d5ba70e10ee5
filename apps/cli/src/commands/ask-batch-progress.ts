import type { CliIO } from '../cli-io.js';

const WIDTH = 24;
const EVERY_MS = 100;

/** A one-line progress bar on stderr, redrawn at most every 100 ms; nothing at all when stderr is not a TTY. */
export class BatchProgress {
  private read = 0;
  private done = 0;
  private failed = 0;
  private inputEnded = false;
  private lastDraw = 0;
  private readonly live: boolean;

  constructor(private readonly io: CliIO) {
    this.live = Boolean(io.stderr.isTTY);
  }

  itemRead(): void {
    this.read += 1;
    this.draw();
  }

  itemDone(ok: boolean): void {
    this.done += 1;
    if (!ok) this.failed += 1;
    this.draw();
  }

  endOfInput(): void {
    this.inputEnded = true;
    this.draw(true);
  }

  /** Erases the bar so the shell prompt (or a final message) starts on a clean line. */
  finish(): void {
    if (this.live && this.lastDraw > 0) this.io.stderr.write('\r\u001b[K');
  }

  private draw(force = false): void {
    if (!this.live) return;
    const now = performance.now();
    if (!force && now - this.lastDraw < EVERY_MS) return;
    this.lastDraw = now;
    // Until stdin ends the total is unknown: the bar is relative to what has been read so far.
    const fraction = this.read === 0 ? 0 : this.done / this.read;
    const filled = Math.round(fraction * WIDTH);
    const total = this.inputEnded ? `${this.read}` : `${this.read}+`;
    const failed = this.failed > 0 ? ` · ${this.failed} failed` : '';
    this.io.stderr.write(
      `\r\u001b[Kpayready: [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${this.done}/${total}${failed}`,
    );
  }
}
