/** French number words, traditional spelling (vingt et un, quatre-vingts, deux cents). */
const ONES = ['zéro', 'un', 'deux', 'trois', 'quatre', 'cinq', 'six', 'sept', 'huit', 'neuf', 'dix', 'onze', 'douze', 'treize', 'quatorze', 'quinze', 'seize', 'dix-sept', 'dix-huit', 'dix-neuf'];
const TENS = ['', '', 'vingt', 'trente', 'quarante', 'cinquante', 'soixante'];

function below100(n: number): string {
  if (n < 20) return ONES[n]!;
  if (n < 70) {
    const t = TENS[Math.floor(n / 10)]!;
    const u = n % 10;
    return u === 0 ? t : u === 1 ? `${t} et un` : `${t}-${ONES[u]}`;
  }
  if (n < 80) return n === 71 ? 'soixante et onze' : `soixante-${ONES[n - 60]}`;
  return n === 80 ? 'quatre-vingts' : `quatre-vingt-${ONES[n - 80]}`;
}

/** `final`: cents/quatre-vingts take their plural s only at the end of the number. */
function below1000(n: number, final: boolean): string {
  const h = Math.floor(n / 100);
  const r = n % 100;
  let head = '';
  if (h === 1) head = 'cent';
  else if (h > 1) head = `${ONES[h]} cent${r === 0 && final ? 's' : ''}`;
  let tail = r ? below100(r) : '';
  if (!final && tail.endsWith('quatre-vingts')) tail = tail.slice(0, -1);
  return [head, tail].filter(Boolean).join(' ');
}

export function frCardinal(n: number): string {
  if (n < 0) return `moins ${frCardinal(-n)}`;
  if (n === 0) return 'zéro';
  const parts: string[] = [];
  let rest = n;
  for (const [value, name] of [[1e9, 'milliard'], [1e6, 'million']] as const) {
    const k = Math.floor(rest / value);
    if (k) parts.push(`${below1000(k, true)} ${name}${k > 1 ? 's' : ''}`);
    rest %= value;
  }
  const t = Math.floor(rest / 1000);
  if (t) parts.push(t === 1 ? 'mille' : `${below1000(t, false)} mille`);
  rest %= 1000;
  if (rest) parts.push(below1000(rest, true));
  return parts.join(' ');
}

/** 1er premier (1re première), 2e deuxième, 5e cinquième, 9e neuvième, 21e vingt et unième. */
export function frOrdinal(n: number, feminine = false): string {
  if (n === 1) return feminine ? 'première' : 'premier';
  let w = frCardinal(n).replace(/s$/, '');
  if (w.endsWith('cinq')) w += 'u';
  else if (w.endsWith('neuf')) w = `${w.slice(0, -1)}v`;
  else if (w.endsWith('e')) w = w.slice(0, -1);
  return `${w}ième`;
}
