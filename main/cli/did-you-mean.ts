/** Edit distance (insertions, deletions, substitutions; a swap of neighbours counts once). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The known names closest to a mistyped one (at most two edits, or a prefix of three letters or more). */
export function didYouMean(typed: string, known: readonly string[]): string[] {
  const t = typed.toLowerCase();
  const scored = known
    .map((k) => ({ k, d: t.length >= 3 && k.startsWith(t) ? 0.5 : editDistance(t, k) }))
    .filter((x) => x.d <= Math.min(2, Math.max(1, Math.floor(x.k.length / 3))) || x.d === 0.5)
    .sort((a, b) => a.d - b.d);
  return scored.filter((x) => x.d === scored[0]?.d).map((x) => x.k);
}
