/** Keeps the last lines of a process's stderr, for error messages. */
export class StderrTail {
  private readonly lines: string[] = [];
  private partial = '';

  /** `maxLines`: how many complete lines to keep. Default 60. */
  constructor(
    private readonly maxLines = 60,
    private readonly onLine?: (line: string) => void,
  ) {}

  /** Feeds a chunk of output; complete lines are kept (and reported), a trailing partial one is held. */
  push(chunk: string): void {
    const parts = (this.partial + chunk).split(/\r\n|\n|\r/);
    this.partial = parts.pop() ?? '';
    // A runaway line without a newline must not grow without bound.
    if (this.partial.length > 4096) {
      parts.push(this.partial);
      this.partial = '';
    }
    for (const line of parts) {
      if (!line) continue;
      this.lines.push(line);
      if (this.lines.length > this.maxLines) this.lines.shift();
      this.onLine?.(line);
    }
  }

  /** The kept lines (and any partial last line), newline-separated. */
  text(): string {
    return [...this.lines, ...(this.partial ? [this.partial] : [])].join('\n');
  }
}
