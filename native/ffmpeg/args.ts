/**
 * FFmpeg arguments are built as nested arrays, with `null`/`false`/`undefined` standing for the
 * parts that don't apply, and flattened once at spawn. Builders stay declarative and testable as
 * data ("is -movflags there?") instead of string concatenation.
 */
export type ArgTree = string | number | null | undefined | false | readonly ArgTree[];

export function flattenArgs(tree: ArgTree): string[] {
  if (tree === null || tree === undefined || tree === false) return [];
  if (typeof tree === 'string') return [tree];
  if (typeof tree === 'number') return [formatNumber(tree)];
  return tree.flatMap(flattenArgs);
}

/** Numbers as FFmpeg reads them: no exponent, no float noise (0.1 + 0.2 → "0.3"). */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toFixed(6)));
}
