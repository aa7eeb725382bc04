/**
 * Where the server's template validator found a problem: its messages end with
 * `(line L, column C)`, 1-based (0 when the parser could not tell).
 */
export interface Position {
  line: number;
  column: number;
}

/** The position at the end of `message`, if it names one. */
export function positionOf(message: string): Position | null {
  const found = /\(line (\d+), column (\d+)\)\s*$/.exec(message);
  if (!found) return null;
  const position = { line: Number(found[1]), column: Number(found[2]) };
  return position.line > 0 ? position : null;
}

/** The offset in `text` of a 1-based line and column (columns count characters). */
export function offsetOf(text: string, { line, column }: Position): number {
  const lines = text.split('\n');
  const before = lines.slice(0, line - 1).reduce((sum, l) => sum + Array.from(l).length + 1, 0);
  const within = Array.from(lines[line - 1] ?? '').slice(0, Math.max(column - 1, 0)).join('').length;
  return Math.min(before + within, text.length);
}
