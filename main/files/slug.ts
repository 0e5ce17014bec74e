/**
 * A name made safe for a file name or an id, the one way the app does it: accents dropped
 * ("Café" → "cafe"), anything but letters and digits becomes one dash, at most `max` characters.
 * `ascii` keeps only a–z and 0–9 (template ids, which the contract limits to those); otherwise
 * letters of every script stay, so a Japanese title still names its file.
 */
export function slugOf(text: string, opts: { fallback: string; max?: number; ascii?: boolean }): string {
  const other = opts.ascii ? /[^a-z0-9]+/g : /[^\p{L}\p{N}]+/gu;
  const s = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(other, '-')
    .replace(/^-+/, '')
    .slice(0, opts.max ?? 60)
    .replace(/-+$/, '');
  return s || opts.fallback;
}
