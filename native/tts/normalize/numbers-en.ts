/** English number words (American style: no "and" after hundred). */
const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES: [number, string][] = [[1e12, 'trillion'], [1e9, 'billion'], [1e6, 'million'], [1e3, 'thousand']];

function below100(n: number): string {
  if (n < 20) return ONES[n]!;
  return TENS[Math.floor(n / 10)]! + (n % 10 ? `-${ONES[n % 10]}` : '');
}

function below1000(n: number): string {
  const h = Math.floor(n / 100);
  const r = n % 100;
  return [h ? `${ONES[h]} hundred` : '', r ? below100(r) : ''].filter(Boolean).join(' ');
}

export function enCardinal(n: number): string {
  if (n < 0) return `minus ${enCardinal(-n)}`;
  if (n === 0) return 'zero';
  const parts: string[] = [];
  let rest = n;
  for (const [value, name] of SCALES) {
    if (rest >= value) {
      parts.push(`${below1000(Math.floor(rest / value))} ${name}`);
      rest %= value;
    }
  }
  if (rest) parts.push(below1000(rest));
  return parts.join(' ');
}

const IRREGULAR: Record<string, string> = { one: 'first', two: 'second', three: 'third', five: 'fifth', eight: 'eighth', nine: 'ninth', twelve: 'twelfth' };

/** The ordinal changes only the last word: twenty-one → twenty-first, one hundred → one hundredth. */
export function enOrdinal(n: number): string {
  const words = enCardinal(n);
  const m = /^(.*?)([a-z]+)$/.exec(words)!;
  const last = m[2]!;
  const ord = IRREGULAR[last] ?? (last.endsWith('y') ? `${last.slice(0, -1)}ieth` : `${last}th`);
  return m[1] + ord;
}

/** Years as they are said: 1990 nineteen ninety, 1905 nineteen oh five, 2008 two thousand eight, 2024 twenty twenty-four. */
export function enYear(n: number): string {
  if (n < 1100 || n > 2099 || (n >= 2000 && n < 2010) || n % 1000 < 10) return enCardinal(n);
  const hi = Math.floor(n / 100);
  const lo = n % 100;
  if (lo === 0) return `${below100(hi)} hundred`;
  return `${below100(hi)} ${lo < 10 ? `oh ${ONES[lo]}` : below100(lo)}`;
}

/** "nineteen nineties", "twenty twenties": the plural of a spoken year. */
export function enPlural(words: string): string {
  return words.endsWith('y') ? `${words.slice(0, -1)}ies` : words.endsWith('x') ? `${words}es` : `${words}s`;
}
