import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A serif font every test machine has (Debian's fonts-noto-core, which CI installs). */
export const SERIF_SOURCE = '/usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf';

/**
 * A copy of a system font whose family name (name ID 1 and 16) is rewritten in place to a name no
 * installed font has, so a render that shows it can only have found it through Reelforge's own
 * fonts folder, never through the system's font matcher. The new name has the old one's length.
 */
export function distinctFont(dir: string, family = 'Reel Serif', source = SERIF_SOURCE): string {
  const buf = Buffer.from(readFileSync(source));
  const numTables = buf.readUInt16BE(4);
  let name = -1;
  for (let i = 0; i < numTables; i++) if (buf.toString('latin1', 12 + i * 16, 16 + i * 16) === 'name') name = buf.readUInt32BE(12 + i * 16 + 8);
  const count = buf.readUInt16BE(name + 2);
  const strings = name + buf.readUInt16BE(name + 4);
  for (let i = 0; i < count; i++) {
    const rec = name + 6 + i * 12;
    const platform = buf.readUInt16BE(rec);
    const id = buf.readUInt16BE(rec + 6);
    const length = buf.readUInt16BE(rec + 8);
    const start = strings + buf.readUInt16BE(rec + 10);
    if (id !== 1 && id !== 16) continue;
    const text = platform === 1 ? Buffer.from(family, 'latin1') : Buffer.from(family, 'utf16le').swap16();
    if (text.length !== length) throw new Error(`the replacement family must be as long as the old one (${length} bytes)`);
    text.copy(buf, start);
  }
  const file = join(dir, `${family.replace(/\s+/g, '')}.ttf`);
  writeFileSync(file, buf);
  return file;
}
