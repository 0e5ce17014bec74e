/** Spanish number words. Masculine forms; `apocope` gives the form used before a noun (un, veintiún). */
const UNITS = ['cero', 'uno', 'dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve', 'diez', 'once', 'doce', 'trece', 'catorce', 'quince', 'dieciséis', 'diecisiete', 'dieciocho', 'diecinueve', 'veinte', 'veintiuno', 'veintidós', 'veintitrés', 'veinticuatro', 'veinticinco', 'veintiséis', 'veintisiete', 'veintiocho', 'veintinueve'];
const TENS = ['', '', '', 'treinta', 'cuarenta', 'cincuenta', 'sesenta', 'setenta', 'ochenta', 'noventa'];
const HUNDREDS = ['', 'ciento', 'doscientos', 'trescientos', 'cuatrocientos', 'quinientos', 'seiscientos', 'setecientos', 'ochocientos', 'novecientos'];

function below100(n: number): string {
  if (n < 30) return UNITS[n]!;
  return TENS[Math.floor(n / 10)]! + (n % 10 ? ` y ${UNITS[n % 10]}` : '');
}

function below1000(n: number): string {
  if (n === 100) return 'cien';
  const h = Math.floor(n / 100);
  const r = n % 100;
  return [HUNDREDS[h] ?? '', r ? below100(r) : ''].filter(Boolean).join(' ');
}

/** "uno" → "un", "veintiuno" → "veintiún" before a noun or a scale word (un millón, veintiún mil). */
export function esApocope(words: string): string {
  return words.replace(/veintiuno$/, 'veintiún').replace(/(^|\s)uno$/, '$1un');
}

export function esCardinal(n: number): string {
  if (n < 0) return `menos ${esCardinal(-n)}`;
  if (n === 0) return 'cero';
  const parts: string[] = [];
  let rest = n;
  const millions = Math.floor(rest / 1e6);
  if (millions) {
    parts.push(millions === 1 ? 'un millón' : `${esApocope(esCardinal(millions))} millones`);
    rest %= 1e6;
  }
  const thousands = Math.floor(rest / 1000);
  if (thousands) {
    parts.push(thousands === 1 ? 'mil' : `${esApocope(below1000(thousands))} mil`);
    rest %= 1000;
  }
  if (rest) parts.push(below1000(rest));
  return parts.join(' ');
}

const ORDINALS = ['', 'primero', 'segundo', 'tercero', 'cuarto', 'quinto', 'sexto', 'séptimo', 'octavo', 'noveno', 'décimo'];

/** 1.º primero, 2.ª segunda; past ten the cardinal is what people say. */
export function esOrdinal(n: number, feminine = false): string {
  const word = ORDINALS[n];
  if (!word) return esCardinal(n);
  return feminine ? word.replace(/o$/, 'a') : word;
}
