// Reads the role matrix out of docs/roles.md, so that the document is what the role-matrix test
// checks: a row or cell changed there changes the test, and a malformed one fails it.

/** The columns of the matrix, in order, after `Request`. */
export const MATRIX_COLUMNS = ['admin', 'host', 'curator', 'judge', 'viewer', 'anonymous'] as const;
/** A column: a role, or a caller who is not signed in. */
export type MatrixColumn = (typeof MATRIX_COLUMNS)[number];

/** One cell: allowed or denied, and the footnote marker of a conditional allowance (`¹`…), if any. */
export interface MatrixCell {
  allowed: boolean;
  footnote: string | null;
}

/** One row: the request (`METHOD /path`) and a cell per column. */
export interface MatrixRow {
  request: string;
  cells: Record<MatrixColumn, MatrixCell>;
}

const FOOTNOTE_MARKS = '¹²³⁴⁵⁶⁷⁸⁹';
const CELL = new RegExp(`^(✓|✗)([${FOOTNOTE_MARKS}]?)$`);

const splitRow = (line: string) =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());

/**
 * Parses the table whose header starts with `| Request |`. Throws, naming the line, when the
 * header's columns are not MATRIX_COLUMNS, a request is not `` `METHOD /path` ``, a request
 * repeats, a cell is neither `✓` nor `✗` (with at most one footnote mark, on `✓` only), or a
 * footnote mark used in the table has no footnote line (starting with the mark) in the document.
 */
export function parseRoleMatrix(markdown: string): MatrixRow[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => /^\|\s*Request\s*\|/.test(l));
  if (start < 0) throw new Error('no table with a "Request" column');
  const header = splitRow(lines[start]!);
  if (JSON.stringify(header) !== JSON.stringify(['Request', ...MATRIX_COLUMNS])) {
    throw new Error(`line ${start + 1}: the columns must be Request | ${MATRIX_COLUMNS.join(' | ')}, got ${header.join(' | ')}`);
  }
  if (!/^\|[\s|:-]+\|$/.test(lines[start + 1]?.trim() ?? '')) throw new Error(`line ${start + 2}: expected the table's separator line`);
  const rows: MatrixRow[] = [];
  const marks = new Set<string>();
  for (let i = start + 2; i < lines.length && lines[i]!.trim().startsWith('|'); i++) {
    const cells = splitRow(lines[i]!);
    const where = `line ${i + 1}`;
    if (cells.length !== MATRIX_COLUMNS.length + 1) throw new Error(`${where}: expected ${MATRIX_COLUMNS.length + 1} cells, got ${cells.length}`);
    const request = /^`([A-Z]+ \/\S*)`$/.exec(cells[0]!)?.[1];
    if (!request) throw new Error(`${where}: the request must be written as \`METHOD /path\`, got ${cells[0]}`);
    if (rows.some((r) => r.request === request)) throw new Error(`${where}: ${request} appears twice`);
    const row = { request, cells: {} as Record<MatrixColumn, MatrixCell> };
    MATRIX_COLUMNS.forEach((column, c) => {
      const text = cells[c + 1]!;
      const m = CELL.exec(text);
      if (!m) throw new Error(`${where}: ${request} / ${column}: "${text}" is neither ✓ nor ✗`);
      if (m[1] === '✗' && m[2]) throw new Error(`${where}: ${request} / ${column}: a denial cannot be conditional`);
      if (m[2]) marks.add(m[2]);
      row.cells[column] = { allowed: m[1] === '✓', footnote: m[2] || null };
    });
    rows.push(row);
  }
  if (rows.length === 0) throw new Error('the matrix has no rows');
  for (const mark of marks) {
    if (!lines.some((l) => l.trim().startsWith(mark))) throw new Error(`footnote ${mark} is used in the table but never explained`);
  }
  return rows;
}
