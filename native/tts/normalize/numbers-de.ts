/** German number words: below a million written as one compound (einundzwanzig, zweihundertdrei). */
const ONES = ['null', 'eins', 'zwei', 'drei', 'vier', 'fünf', 'sechs', 'sieben', 'acht', 'neun', 'zehn', 'elf', 'zwölf', 'dreizehn', 'vierzehn', 'fünfzehn', 'sechzehn', 'siebzehn', 'achtzehn', 'neunzehn'];
const TENS = ['', '', 'zwanzig', 'dreißig', 'vierzig', 'fünfzig', 'sechzig', 'siebzig', 'achtzig', 'neunzig'];

/** `final` is true when nothing follows in the compound: 1 is "eins" there, "ein" elsewhere. */
function below100(n: number, final: boolean): string {
  if (n === 1) return final ? 'eins' : 'ein';
  if (n < 20) return ONES[n]!;
  const unit = n % 10;
  return (unit ? `${unit === 1 ? 'ein' : ONES[unit]}und` : '') + TENS[Math.floor(n / 10)];
}

function below1000(n: number, final: boolean): string {
  const h = Math.floor(n / 100);
  const r = n % 100;
  return (h ? `${h === 1 ? 'ein' : ONES[h]}hundert` : '') + (r ? below100(r, final) : '');
}

function below1e6(n: number, final: boolean): string {
  const t = Math.floor(n / 1000);
  const r = n % 1000;
  return (t ? `${below1000(t, false)}tausend` : '') + (r ? below1000(r, final) : '');
}

export function deCardinal(n: number): string {
  if (n < 0) return `minus ${deCardinal(-n)}`;
  if (n === 0) return 'null';
  const parts: string[] = [];
  let rest = n;
  for (const [value, one, many] of [[1e9, 'Milliarde', 'Milliarden'], [1e6, 'Million', 'Millionen']] as const) {
    const k = Math.floor(rest / value);
    if (k) parts.push(k === 1 ? `eine ${one}` : `${below1e6(k, true)} ${many}`);
    rest %= value;
  }
  if (rest) parts.push(below1e6(rest, true));
  return parts.join(' ');
}

/** "ein" before a noun: ein Euro, einundzwanzig Euro stays. */
export function deBeforeNoun(words: string): string {
  return words.replace(/(^|\s)eins$/, '$1ein');
}

const ORDINAL_STEMS: Record<number, string> = { 1: 'erst', 3: 'dritt', 7: 'siebt', 8: 'acht' };

/** 3. → dritte (or dritten after am/vom/zum, which the caller says with `ending`). */
export function deOrdinal(n: number, ending: 'e' | 'en' = 'e'): string {
  const r = n % 100;
  if (r >= 1 && r < 20) {
    const head = n - r ? deCardinal(n - r).replace(/ /g, '') : '';
    const stem = ORDINAL_STEMS[r] ?? `${r === 1 ? 'ein' : ONES[r]}t`;
    return head + stem + ending;
  }
  return `${deCardinal(n).replace(/ /g, '')}st${ending}`;
}

/** 1100–1999 as years: neunzehnhundertneunzig; later years are plain cardinals. */
export function deYear(n: number): string {
  if (n < 1100 || n > 1999) return deCardinal(n);
  const r = n % 100;
  return `${below100(Math.floor(n / 100), false)}hundert${r ? below100(r, true) : ''}`;
}
