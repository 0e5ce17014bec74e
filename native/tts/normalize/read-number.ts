import type { SpeechRules } from './languages';

/** A written number taken apart: sign, whole part and the digits after the decimal separator. */
export interface WrittenNumber {
  negative: boolean;
  whole: number;
  fraction?: string;
}

/** Digits with an optional sign, grouping separators and one decimal separator. */
export const NUMBER = String.raw`[-−+]?\d(?:[\d.,\u00a0\u202f']*\d)?`;
const numberOnly = new RegExp(`^${NUMBER}$`);

/**
 * Reads "1,250.5", "1.250,5", "1 250", "3.5" or "3,5" by the language's convention, where the
 * text leaves a choice: a separator followed by exactly three digits groups thousands, except an
 * English "." which is always a decimal point.
 */
export function parseNumber(text: string, rules: SpeechRules): WrittenNumber | undefined {
  if (!numberOnly.test(text)) return undefined;
  const negative = /^[-−]/.test(text);
  let body = text.replace(/^[-−+]/, '').replace(/[\u00a0\u202f']/g, ' ');
  let fraction: string | undefined;
  const lastDot = body.lastIndexOf('.');
  const lastComma = body.lastIndexOf(',');
  let decimal: '.' | ',' | undefined;
  if (lastDot >= 0 && lastComma >= 0) decimal = lastDot > lastComma ? '.' : ',';
  else if (lastDot >= 0 || lastComma >= 0) {
    const sep = lastDot >= 0 ? '.' : ',';
    const count = body.split(sep).length - 1;
    const after = body.length - body.lastIndexOf(sep) - 1;
    const groups = count > 1 || (after === 3 && !(sep === '.' && rules.decimalSeparator === '.'));
    if (!groups) decimal = sep;
    else if (sep === ',' && rules.decimalSeparator === ',' && count === 1) decimal = sep;
  }
  if (decimal) {
    const at = body.lastIndexOf(decimal);
    fraction = body.slice(at + 1);
    body = body.slice(0, at);
    if (!/^\d+$/.test(fraction)) return undefined;
  }
  const groupsOk = /^\d{1,3}(?:[., ]\d{3})*$/.test(body) || /^\d+$/.test(body);
  if (!groupsOk) return undefined;
  const whole = Number(body.replace(/[., ]/g, ''));
  if (!Number.isSafeInteger(whole) || whole >= 1e15) return undefined;
  return { negative, whole, fraction };
}

/** The words of a number: "three point one four", "tres coma catorce". */
export function sayNumber(n: WrittenNumber, rules: SpeechRules): string {
  const parts = [n.negative ? rules.minus : '', rules.cardinal(n.whole)];
  if (n.fraction !== undefined) {
    parts.push(rules.pointWord);
    const asNumber = rules.fractionAsNumber && !n.fraction.startsWith('0') && n.fraction.length <= 3;
    parts.push(asNumber ? rules.cardinal(Number(n.fraction)) : [...n.fraction].map((d) => rules.cardinal(Number(d))).join(' '));
  }
  return parts.filter(Boolean).join(' ');
}
