// A scan of JSON text for its nesting depth, run before JSON.parse on untrusted bytes: JSON.parse
// builds every nested array before anything can look at the result, so five million `[` cost
// seconds and a gigabyte; this scan stops at the first bracket over the limit, keeps four
// numbers of state and can be fed the text piece by piece as it is read from disk.
// It does not validate: what passes still goes through JSON.parse, which rejects malformed text.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/** Follows the nesting of JSON text fed in pieces (UTF-8 bytes: no multi-byte sequence contains a bracket or a quote). */
export class JsonDepthScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private deepest = 0;
  private fed = 0;

  /** `maxDepth`: most arrays and objects open at once; one more stops the scan. */
  constructor(readonly maxDepth: number) {}

  /** The greatest depth seen so far. */
  get maxSeen(): number {
    return this.deepest;
  }

  /**
   * Scans the next piece of the text. Returns the offset in the whole text of the bracket that
   * went over `maxDepth`, or -1 while the text stays within it.
   */
  feed(bytes: Uint8Array): number {
    const start = this.fed;
    this.fed += bytes.length;
    let { depth, inString, escaped } = this;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (inString) {
        if (escaped) escaped = false;
        else if (b === BACKSLASH) escaped = true;
        else if (b === QUOTE) inString = false;
      } else if (b === QUOTE) {
        inString = true;
      } else if (b === OPEN_ARRAY || b === OPEN_OBJECT) {
        depth++;
        if (depth > this.deepest) this.deepest = depth;
        if (depth > this.maxDepth) {
          this.depth = depth;
          return start + i;
        }
      } else if ((b === CLOSE_ARRAY || b === CLOSE_OBJECT) && depth > 0) {
        depth--;
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return -1;
  }
}

/** Whether JSON text nests no deeper than `maxDepth` (the whole text at once). */
export function withinJsonDepth(text: Uint8Array | string, maxDepth: number): boolean {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  return new JsonDepthScanner(maxDepth).feed(bytes) === -1;
}
