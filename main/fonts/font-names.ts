import { InvalidInputError } from '../../preload/contract/errors';

/** What a font file says about itself, read from its `name` table. */
export interface FontNames {
  /** name ID 1: the family libass matches a style's Fontname against */
  family: string;
  /** name ID 2: Regular, Bold, Italic… */
  subfamily: string;
  /** name ID 4 */
  fullName: string;
  /** name ID 16 where the file has one (a family of many weights: "Noto Serif" for "Noto Serif SemiBold"); what resvg matches */
  typographicFamily?: string;
  /** `ttf` (TrueType outlines) or `otf` (CFF outlines) */
  kind: 'ttf' | 'otf';
}

const WINDOWS = 3;
const MAC = 1;
const UNICODE = 0;

/**
 * Reads the family name of a TrueType or OpenType font (the sfnt container), so that a dropped
 * font file can be offered by the name the renderer's font matcher will look for. Anything else
 * (a WOFF web font, a collection, a file that merely ends in .ttf) is refused with what it is.
 */
export function readFontNames(bytes: Uint8Array, what: string): FontNames {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (why: string) => new InvalidInputError(`${what} is not a font Reelforge can use: ${why}`);
  if (buf.length < 12) throw fail('the file is too short to be a font');
  const magic = buf.readUInt32BE(0);
  const tag = buf.toString('latin1', 0, 4);
  if (tag === 'wOFF' || tag === 'wOF2') throw fail('it is a web font (WOFF); use the .ttf or .otf file');
  if (tag === 'ttcf') throw fail('it is a font collection (.ttc); use a single .ttf or .otf file');
  if (magic !== 0x00010000 && tag !== 'OTTO' && tag !== 'true') throw fail('it is not a TrueType or OpenType file (.ttf, .otf)');
  const numTables = buf.readUInt16BE(4);
  if (12 + numTables * 16 > buf.length) throw fail('its table directory is cut short');
  let name: { offset: number; length: number } | undefined;
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    if (buf.toString('latin1', rec, rec + 4) === 'name') name = { offset: buf.readUInt32BE(rec + 8), length: buf.readUInt32BE(rec + 12) };
  }
  if (!name || name.offset + name.length > buf.length || name.length < 6) throw fail('it has no readable name table');
  const base = name.offset;
  const count = buf.readUInt16BE(base + 2);
  const strings = base + buf.readUInt16BE(base + 4);
  const found = new Map<number, { rank: number; text: string }>();
  for (let i = 0; i < count; i++) {
    const rec = base + 6 + i * 12;
    if (rec + 12 > base + name.length) break;
    const platform = buf.readUInt16BE(rec);
    const language = buf.readUInt16BE(rec + 4);
    const id = buf.readUInt16BE(rec + 6);
    const length = buf.readUInt16BE(rec + 8);
    const start = strings + buf.readUInt16BE(rec + 10);
    if (![1, 2, 4, 16].includes(id) || start + length > buf.length) continue;
    // Windows English first (what libass reads), then any Windows or Unicode string, then Mac Roman
    const rank = platform === WINDOWS ? (language === 0x409 ? 0 : 1) : platform === UNICODE ? 2 : platform === MAC ? 3 : 9;
    if (rank === 9) continue;
    const raw = buf.subarray(start, start + length);
    const text = platform === MAC ? raw.toString('latin1') : utf16be(raw);
    const prev = found.get(id);
    if (text.trim() && (!prev || rank < prev.rank)) found.set(id, { rank, text: text.trim() });
  }
  const family = found.get(1)?.text;
  if (!family) throw fail('it does not name its family');
  const typographic = found.get(16)?.text;
  return { family, subfamily: found.get(2)?.text ?? 'Regular', fullName: found.get(4)?.text ?? family, kind: tag === 'OTTO' ? 'otf' : 'ttf', ...(typographic ? { typographicFamily: typographic } : {}) };
}

function utf16be(b: Buffer): string {
  const swapped = Buffer.alloc(b.length - (b.length % 2));
  for (let i = 0; i + 1 < b.length; i += 2) {
    swapped[i] = b[i + 1]!;
    swapped[i + 1] = b[i]!;
  }
  return swapped.toString('utf16le');
}
