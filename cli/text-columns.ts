/**
 * Lines of a table for a terminal: each row's cells but the last padded to the widest of its
 * column, two spaces apart.
 *
 * @example
 * columns([["lead", "active"], ["provision", "idle"]]); // ["lead       active", "provision  idle"]
 */
export function columns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows.reduce<number[]>(
    (widest, row) => row.map((cell, index) => Math.max(widest[index] ?? 0, cell.length)),
    [],
  );
  return rows.map((row) =>
    row
      .map((cell, index) => (index === row.length - 1 ? cell : cell.padEnd(widths[index] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
}
