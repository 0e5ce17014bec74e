import { deBeforeNoun, deCardinal, deOrdinal, deYear } from './numbers-de';
import { enCardinal, enOrdinal, enPlural, enYear } from './numbers-en';
import { esApocope, esCardinal, esOrdinal } from './numbers-es';
import { frCardinal, frOrdinal } from './numbers-fr';

/** A currency as it is said: the unit and its hundredth, singular and plural. */
export interface CurrencyWords {
  one: string;
  many: string;
  centOne: string;
  centMany: string;
}

export type CurrencySymbol = '$' | '€' | '£' | '¥';

/**
 * What a language needs to read written numbers and abbreviations aloud. Everything here is data
 * or a small function of a number, so a new language is one more entry.
 */
export interface SpeechRules {
  cardinal(n: number): string;
  /** the form before a noun (es: un euro, de: ein Euro) */
  beforeNoun(words: string): string;
  ordinal(n: number, hint: { feminine: boolean; after?: string }): string;
  /** how a written ordinal looks: the number and whether its suffix marks a feminine form */
  ordinalPattern: RegExp;
  feminineSuffix?: RegExp;
  /** a bare year (en, de read 1990 differently from the cardinal) */
  year?(n: number): string;
  plural?(words: string): string;
  /** the written decimal separator when the text is unambiguous, and the word for it */
  decimalSeparator: '.' | ',';
  pointWord: string;
  /** read the fraction as a number (es/fr: "coma catorce") rather than digit by digit */
  fractionAsNumber: boolean;
  percent: string;
  currency: Record<CurrencySymbol, CurrencyWords>;
  money(units: string, cents: string | undefined, c: CurrencyWords, unitCount: number, centCount: number): string;
  /** money with a scale word: "two million dollars" */
  scaledMoney(amount: string, scale: string, c: CurrencyWords): string;
  scales: Record<string, string>;
  time(h: number, m: number, suffix?: 'am' | 'pm'): string;
  /** the word a written time is often followed by and that the spoken time already contains */
  timeUnitWord?: RegExp;
  rangeWord: string;
  minus: string;
  andWord: string;
  /** whole written words (lower-cased, trailing period included) → spoken words */
  abbreviations: Record<string, string>;
  /** two-word abbreviations written with a space ("z. B.") → spoken words */
  pairs: Record<string, string>;
  /** unit symbols after a number → [singular, plural] */
  units: Record<string, [string, string]>;
  /** words after which a German ordinal takes -en (am 3. Mai → am dritten Mai) */
  months?: RegExp;
}

const plain = (w: string) => w;

const en: SpeechRules = {
  cardinal: enCardinal,
  beforeNoun: plain,
  ordinal: (n) => enOrdinal(n),
  ordinalPattern: /^(\d+)(?:st|nd|rd|th)$/i,
  year: enYear,
  plural: enPlural,
  decimalSeparator: '.',
  pointWord: 'point',
  fractionAsNumber: false,
  percent: 'percent',
  currency: {
    $: { one: 'dollar', many: 'dollars', centOne: 'cent', centMany: 'cents' },
    '€': { one: 'euro', many: 'euros', centOne: 'cent', centMany: 'cents' },
    '£': { one: 'pound', many: 'pounds', centOne: 'penny', centMany: 'pence' },
    '¥': { one: 'yen', many: 'yen', centOne: 'sen', centMany: 'sen' },
  },
  money: (u, c, w, nu, nc) => [`${u} ${nu === 1 ? w.one : w.many}`, c ? `and ${c} ${nc === 1 ? w.centOne : w.centMany}` : ''].filter(Boolean).join(' '),
  scaledMoney: (a, s, w) => `${a} ${s} ${w.many}`,
  scales: { thousand: 'thousand', million: 'million', billion: 'billion', trillion: 'trillion', k: 'thousand', m: 'million', mn: 'million', bn: 'billion', b: 'billion' },
  time: (h, m, suffix) => {
    const hour = enCardinal(h === 0 && !suffix ? 0 : h);
    const mins = m === 0 ? (suffix ? '' : "o'clock") : m < 10 ? `oh ${enCardinal(m)}` : enCardinal(m);
    return [hour, mins, suffix === 'am' ? 'a m' : suffix === 'pm' ? 'p m' : ''].filter(Boolean).join(' ');
  },
  rangeWord: 'to',
  minus: 'minus',
  andWord: 'and',
  abbreviations: {
    'mr.': 'Mister', 'mrs.': 'Missus', 'ms.': 'Miz', 'dr.': 'Doctor', 'prof.': 'Professor', 'st.': 'Saint', 'jr.': 'Junior', 'sr.': 'Senior',
    'vs.': 'versus', 'vs': 'versus', 'etc.': 'et cetera.', 'e.g.': 'for example', 'i.e.': 'that is', 'approx.': 'approximately',
    'no.': 'number', 'dept.': 'department', 'est.': 'established', 'min.': 'minutes', 'hrs': 'hours', 'hr': 'hour',
  },
  pairs: {},
  units: {
    km: ['kilometer', 'kilometers'], m: ['meter', 'meters'], cm: ['centimeter', 'centimeters'], mm: ['millimeter', 'millimeters'],
    kg: ['kilogram', 'kilograms'], g: ['gram', 'grams'], mg: ['milligram', 'milligrams'], lb: ['pound', 'pounds'], lbs: ['pounds', 'pounds'],
    l: ['liter', 'liters'], ml: ['milliliter', 'milliliters'], 'km/h': ['kilometer per hour', 'kilometers per hour'], mph: ['mile per hour', 'miles per hour'],
    '°c': ['degree Celsius', 'degrees Celsius'], '°f': ['degree Fahrenheit', 'degrees Fahrenheit'], gb: ['gigabyte', 'gigabytes'], mb: ['megabyte', 'megabytes'],
  },
};

const es: SpeechRules = {
  cardinal: esCardinal,
  beforeNoun: esApocope,
  ordinal: (n, h) => esOrdinal(n, h.feminine),
  ordinalPattern: /^(\d+)\.?[ºª°]$/,
  feminineSuffix: /ª$/,
  decimalSeparator: ',',
  pointWord: 'coma',
  fractionAsNumber: true,
  percent: 'por ciento',
  currency: {
    $: { one: 'dólar', many: 'dólares', centOne: 'centavo', centMany: 'centavos' },
    '€': { one: 'euro', many: 'euros', centOne: 'céntimo', centMany: 'céntimos' },
    '£': { one: 'libra', many: 'libras', centOne: 'penique', centMany: 'peniques' },
    '¥': { one: 'yen', many: 'yenes', centOne: 'sen', centMany: 'sen' },
  },
  money: (u, c, w, nu, nc) => [`${esApocope(u)} ${nu === 1 ? w.one : w.many}`, c ? `con ${esApocope(c)} ${nc === 1 ? w.centOne : w.centMany}` : ''].filter(Boolean).join(' '),
  scaledMoney: (a, s, w) => `${esApocope(a)} ${s} de ${w.many}`,
  scales: { mil: 'mil', millón: 'millones', millones: 'millones', k: 'mil', m: 'millones' },
  time: (h, m) => (m === 0 ? `${esCardinal(h)} en punto` : `${esCardinal(h)} y ${esCardinal(m)}`),
  rangeWord: 'a',
  minus: 'menos',
  andWord: 'y',
  abbreviations: {
    'sr.': 'señor', 'sra.': 'señora', 'srta.': 'señorita', 'dr.': 'doctor', 'dra.': 'doctora', 'ud.': 'usted', 'uds.': 'ustedes',
    'etc.': 'etcétera.', 'aprox.': 'aproximadamente', 'núm.': 'número', 'n.º': 'número', 'nº': 'número', 'pág.': 'página', 'ej.': 'ejemplo',
  },
  pairs: { 'p. ej.': 'por ejemplo' },
  units: {
    km: ['kilómetro', 'kilómetros'], m: ['metro', 'metros'], cm: ['centímetro', 'centímetros'], mm: ['milímetro', 'milímetros'],
    kg: ['kilo', 'kilos'], g: ['gramo', 'gramos'], l: ['litro', 'litros'], ml: ['mililitro', 'mililitros'], 'km/h': ['kilómetro por hora', 'kilómetros por hora'],
    '°c': ['grado', 'grados'],
  },
};

const de: SpeechRules = {
  cardinal: deCardinal,
  beforeNoun: deBeforeNoun,
  ordinal: (n, h) => deOrdinal(n, h.after && /^(am|im|vom|zum|beim|dem|den|des|zur|der)$/i.test(h.after) ? 'en' : 'e'),
  ordinalPattern: /^(\d+)\.$/,
  year: deYear,
  decimalSeparator: ',',
  pointWord: 'Komma',
  fractionAsNumber: false,
  percent: 'Prozent',
  currency: {
    $: { one: 'Dollar', many: 'Dollar', centOne: 'Cent', centMany: 'Cent' },
    '€': { one: 'Euro', many: 'Euro', centOne: 'Cent', centMany: 'Cent' },
    '£': { one: 'Pfund', many: 'Pfund', centOne: 'Penny', centMany: 'Pence' },
    '¥': { one: 'Yen', many: 'Yen', centOne: 'Sen', centMany: 'Sen' },
  },
  money: (u, c, w, nu) => [`${deBeforeNoun(u)} ${nu === 1 ? w.one : w.many}`, c ?? ''].filter(Boolean).join(' '),
  scaledMoney: (a, s, w) => `${a} ${s} ${w.many}`,
  scales: { tausend: 'tausend', million: 'Millionen', millionen: 'Millionen', milliarde: 'Milliarden', milliarden: 'Milliarden', mio: 'Millionen', 'mio.': 'Millionen', 'mrd.': 'Milliarden', k: 'tausend' },
  time: (h, m) => `${deCardinal(h)} Uhr${m ? ` ${deCardinal(m)}` : ''}`,
  timeUnitWord: /^uhr$/i,
  rangeWord: 'bis',
  minus: 'minus',
  andWord: 'und',
  abbreviations: {
    'dr.': 'Doktor', 'prof.': 'Professor', 'hr.': 'Herr', 'fr.': 'Frau', 'nr.': 'Nummer', 'ca.': 'circa', 'bzw.': 'beziehungsweise',
    'usw.': 'und so weiter.', 'z.b.': 'zum Beispiel', 'd.h.': 'das heißt', 'u.a.': 'unter anderem', 'evtl.': 'eventuell', 'inkl.': 'inklusive',
    'ggf.': 'gegebenenfalls', 'mio.': 'Millionen', 'mrd.': 'Milliarden', 'str.': 'Straße', 'vgl.': 'vergleiche', 'bzgl.': 'bezüglich',
  },
  pairs: { 'z. b.': 'zum Beispiel', 'd. h.': 'das heißt', 'u. a.': 'unter anderem' },
  units: {
    km: ['Kilometer', 'Kilometer'], m: ['Meter', 'Meter'], cm: ['Zentimeter', 'Zentimeter'], mm: ['Millimeter', 'Millimeter'],
    kg: ['Kilogramm', 'Kilogramm'], g: ['Gramm', 'Gramm'], l: ['Liter', 'Liter'], ml: ['Milliliter', 'Milliliter'], 'km/h': ['Kilometer pro Stunde', 'Kilometer pro Stunde'],
    '°c': ['Grad', 'Grad'],
  },
  months: /^(januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|jahrhundert|jahrhunderts|mal|platz|stock|klasse|tag)$/i,
};

const fr: SpeechRules = {
  cardinal: frCardinal,
  beforeNoun: plain,
  ordinal: (n, h) => frOrdinal(n, h.feminine),
  ordinalPattern: /^(\d+)(?:er|re|ère|e|ème|eme|nd|nde)$/i,
  feminineSuffix: /(re|ère|nde)$/i,
  decimalSeparator: ',',
  pointWord: 'virgule',
  fractionAsNumber: true,
  percent: 'pour cent',
  currency: {
    $: { one: 'dollar', many: 'dollars', centOne: 'cent', centMany: 'cents' },
    '€': { one: 'euro', many: 'euros', centOne: 'centime', centMany: 'centimes' },
    '£': { one: 'livre', many: 'livres', centOne: 'penny', centMany: 'pence' },
    '¥': { one: 'yen', many: 'yens', centOne: 'sen', centMany: 'sen' },
  },
  money: (u, c, w, nu) => [`${u} ${nu === 1 ? w.one : w.many}`, c ?? ''].filter(Boolean).join(' '),
  scaledMoney: (a, s, w) => `${a} ${s} de ${w.many}`,
  scales: { mille: 'mille', million: 'millions', millions: 'millions', milliard: 'milliards', milliards: 'milliards', k: 'mille', m: 'millions', md: 'milliards' },
  time: (h, m) => `${h === 1 ? 'une' : frCardinal(h)} heure${h > 1 ? 's' : ''}${m ? ` ${frCardinal(m)}` : ''}`,
  rangeWord: 'à',
  minus: 'moins',
  andWord: 'et',
  abbreviations: {
    'm.': 'Monsieur', 'mme': 'Madame', 'mme.': 'Madame', 'mlle': 'Mademoiselle', 'mlle.': 'Mademoiselle', 'dr': 'Docteur', 'dr.': 'Docteur',
    'etc.': 'et cetera.', 'env.': 'environ', 'n°': 'numéro', 'no.': 'numéro', 'cf.': 'confer', 'av.': 'avenue', 'bd': 'boulevard',
  },
  pairs: { 'p. ex.': 'par exemple' },
  units: {
    km: ['kilomètre', 'kilomètres'], m: ['mètre', 'mètres'], cm: ['centimètre', 'centimètres'], mm: ['millimètre', 'millimètres'],
    kg: ['kilo', 'kilos'], g: ['gramme', 'grammes'], l: ['litre', 'litres'], ml: ['millilitre', 'millilitres'], 'km/h': ['kilomètre heure', 'kilomètres heure'],
    '°c': ['degré', 'degrés'],
  },
};

const byLanguage: Record<string, SpeechRules> = { en, es, de, fr };

/** The rules for a voice's language tag (en-us, fr-FR, es_419), or undefined where there are none. */
export function speechRulesFor(language: string): SpeechRules | undefined {
  return byLanguage[language.toLowerCase().split(/[-_]/)[0]!];
}

export const normalizedLanguages = Object.keys(byLanguage);
