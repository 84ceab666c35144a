// A strict reader for the YAML the compose files in docker/ are written in, so the tests can
// check them without a YAML package (none is installed in this repository). It knows block
// mappings, block sequences (of scalars or of mappings), flow sequences of scalars, plain,
// single- and double-quoted scalars, and comments; anything else (anchors, multi-line strings,
// flow mappings, tabs, duplicate keys) is an error naming the line, never a silent misreading.
// Scalars stay strings, as compose reads environment values. compose-files.test.ts compares the
// result with PyYAML's where python3 has it.

/** A value of the subset: a string, null (an empty value), a list or a mapping. */
export type YamlValue = string | null | YamlValue[] | { [key: string]: YamlValue };

interface Line {
  no: number;
  indent: number;
  text: string;
}

/** Thrown for anything outside the subset; the message names the line. */
export class YamlSubsetError extends Error {}

function stripComment(raw: string): string {
  let quote: string | null = null;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || raw[i - 1] === ' ')) return raw.slice(0, i);
  }
  return raw;
}

function scalar(text: string, no: number): YamlValue {
  const t = text.trim();
  if (t === '' || t === '~' || t === 'null') return null;
  if (t.startsWith('"')) {
    if (!t.endsWith('"') || t.length < 2) throw new YamlSubsetError(`line ${no}: unterminated double-quoted string`);
    return JSON.parse(t) as string;
  }
  if (t.startsWith("'")) {
    if (!t.endsWith("'") || t.length < 2) throw new YamlSubsetError(`line ${no}: unterminated single-quoted string`);
    return t.slice(1, -1).replace(/''/g, "'");
  }
  if (t.startsWith('[')) return flowSequence(t, no);
  if (/^[{&*!|>%@`]/.test(t)) throw new YamlSubsetError(`line ${no}: "${t.slice(0, 20)}" is outside the subset this reader knows`);
  if (/:\s/.test(t) || t.endsWith(':')) throw new YamlSubsetError(`line ${no}: a plain scalar with ": " in it`);
  return t;
}

function flowSequence(t: string, no: number): YamlValue[] {
  if (!t.endsWith(']')) throw new YamlSubsetError(`line ${no}: a flow sequence must end on its line`);
  const inner = t.slice(1, -1);
  const items: string[] = [];
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') throw new YamlSubsetError(`line ${no}: nested flow collections`);
    else if (c === ',') {
      items.push(inner.slice(start, i));
      start = i + 1;
    }
  }
  if (quote) throw new YamlSubsetError(`line ${no}: unterminated string in a flow sequence`);
  if (inner.trim() !== '') items.push(inner.slice(start));
  return items.map((item) => {
    const v = scalar(item, no);
    if (v === null || typeof v !== 'string') throw new YamlSubsetError(`line ${no}: empty or nested item in a flow sequence`);
    return v;
  });
}

const MAPPING_ENTRY = /^([A-Za-z0-9_.-]+):(?:\s+(.*))?$/;

function parseBlock(lines: Line[], pos: { i: number }, indent: number): YamlValue {
  const first = lines[pos.i]!;
  if (first.indent !== indent) throw new YamlSubsetError(`line ${first.no}: unexpected indentation`);
  return first.text === '-' || first.text.startsWith('- ') ? parseSequence(lines, pos, indent) : parseMapping(lines, pos, indent);
}

function parseSequence(lines: Line[], pos: { i: number }, indent: number): YamlValue[] {
  const out: YamlValue[] = [];
  while (pos.i < lines.length && lines[pos.i]!.indent === indent) {
    const line = lines[pos.i]!;
    if (!(line.text === '-' || line.text.startsWith('- '))) throw new YamlSubsetError(`line ${line.no}: a mapping entry among sequence items`);
    const rest = line.text.slice(1).trim();
    if (rest === '') {
      pos.i++;
      const next = lines[pos.i];
      if (!next || next.indent <= indent) out.push(null);
      else out.push(parseBlock(lines, pos, next.indent));
    } else if (MAPPING_ENTRY.test(rest) && !rest.startsWith('"')) {
      // `- key: value`: a mapping whose first entry sits on the dash's line.
      const itemIndent = indent + (line.text.length - rest.length);
      lines[pos.i] = { no: line.no, indent: itemIndent, text: rest };
      out.push(parseMapping(lines, pos, itemIndent));
    } else {
      out.push(scalar(rest, line.no));
      pos.i++;
    }
  }
  return out;
}

function parseMapping(lines: Line[], pos: { i: number }, indent: number): { [key: string]: YamlValue } {
  const out: { [key: string]: YamlValue } = {};
  while (pos.i < lines.length && lines[pos.i]!.indent === indent) {
    const line = lines[pos.i]!;
    const m = MAPPING_ENTRY.exec(line.text);
    if (!m) throw new YamlSubsetError(`line ${line.no}: expected "key: value", got "${line.text.slice(0, 40)}"`);
    const key = m[1]!;
    if (Object.hasOwn(out, key)) throw new YamlSubsetError(`line ${line.no}: duplicate key ${key}`);
    pos.i++;
    if (m[2] !== undefined && m[2].trim() !== '') {
      out[key] = scalar(m[2], line.no);
    } else {
      const next = lines[pos.i];
      if (next && next.indent > indent) out[key] = parseBlock(lines, pos, next.indent);
      else if (next && next.indent === indent && next.text.startsWith('- ')) throw new YamlSubsetError(`line ${next.no}: write a sequence indented under its key`);
      else out[key] = null;
    }
  }
  if (pos.i < lines.length && lines[pos.i]!.indent > indent) throw new YamlSubsetError(`line ${lines[pos.i]!.no}: unexpected indentation`);
  return out;
}

/** Parses a document of the subset described above. */
export function parseYamlSubset(source: string): YamlValue {
  const lines: Line[] = [];
  source.split('\n').forEach((raw, idx) => {
    if (/^\s*\t/.test(raw)) throw new YamlSubsetError(`line ${idx + 1}: tab indentation`);
    const text = stripComment(raw).trimEnd();
    if (text.trim() === '') return;
    if (text.trim() === '---' || text.trim() === '...') throw new YamlSubsetError(`line ${idx + 1}: one document only`);
    const indent = text.length - text.trimStart().length;
    lines.push({ no: idx + 1, indent, text: text.trim() });
  });
  if (lines.length === 0) return null;
  const pos = { i: 0 };
  const value = parseBlock(lines, pos, lines[0]!.indent);
  if (pos.i < lines.length) throw new YamlSubsetError(`line ${lines[pos.i]!.no}: unexpected indentation`);
  return value;
}
