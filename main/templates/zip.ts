import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { InvalidInputError } from '../../preload/contract/errors';

/**
 * A small reader and writer of zip archives (the subset template packages need): stored and
 * deflated entries, no encryption, no ZIP64, no spanning. Every archive tool reads what the writer
 * makes; the reader accepts what those tools make for a few small files, and refuses anything
 * else with a reason rather than guessing.
 */
export interface ZipEntry {
  name: string;
  data: Buffer;
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
/** bit 11: names are UTF-8 */
const UTF8 = 0x0800;

const crcTable = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A fixed time (1 Jan 2000) in DOS form, so the same template always packs to the same bytes. */
const DOS_TIME = 0;
const DOS_DATE = ((2000 - 1980) << 9) | (1 << 5) | 1;

export function writeZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const deflated = deflateRawSync(e.data, { level: 9 });
    // a font or an m4a barely shrinks: store it as it is when deflate gains nothing
    const method = deflated.length < e.data.length ? 8 : 0;
    const body = method === 8 ? deflated : e.data;
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(UTF8, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(UTF8, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

export const isZip = (bytes: Uint8Array) => bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4;

/**
 * Reads every file of an archive through its central directory (the authority on what the
 * archive holds), checking each entry's CRC. `limit` caps the unpacked size, so a small archive
 * cannot unpack into gigabytes.
 */
export function readZip(bytes: Buffer, what: string, limit = 200 * 1024 * 1024): ZipEntry[] {
  const fail = (why: string) => new InvalidInputError(`${what} cannot be read as a zip archive: ${why}`);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === END) {
      end = i;
      break;
    }
  }
  if (end < 0) throw fail('its end record is missing (is the file complete?)');
  const count = bytes.readUInt16LE(end + 10);
  const dirOffset = bytes.readUInt32LE(end + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) throw fail('it is a ZIP64 archive, which template packages never need');
  const entries: ZipEntry[] = [];
  let total = 0;
  let p = dirOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== CENTRAL) throw fail('its directory is damaged');
    const flags = bytes.readUInt16LE(p + 8);
    const method = bytes.readUInt16LE(p + 10);
    const crc = bytes.readUInt32LE(p + 16);
    const packed = bytes.readUInt32LE(p + 20);
    const size = bytes.readUInt32LE(p + 24);
    const nameLength = bytes.readUInt16LE(p + 28);
    const extra = bytes.readUInt16LE(p + 30);
    const comment = bytes.readUInt16LE(p + 32);
    const local = bytes.readUInt32LE(p + 42);
    const name = bytes.toString(flags & UTF8 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLength);
    p += 46 + nameLength + extra + comment;
    if (name.endsWith('/')) continue; // a folder
    if (flags & 1) throw fail(`${name} is encrypted`);
    if (method !== 0 && method !== 8) throw fail(`${name} is compressed with method ${method}; only stored and deflated files are read`);
    total += size;
    if (total > limit) throw fail(`it unpacks to more than ${Math.round(limit / 1048576)} MB`);
    if (local + 30 > bytes.length || bytes.readUInt32LE(local) !== LOCAL) throw fail(`the entry ${name} is damaged`);
    const start = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const body = bytes.subarray(start, start + packed);
    if (body.length !== packed) throw fail(`${name} is cut short`);
    let data: Buffer;
    try {
      data = method === 8 ? inflateRawSync(body, { maxOutputLength: Math.max(1, size) }) : Buffer.from(body);
    } catch (err) {
      throw fail(`${name} does not unpack (${(err as Error).message})`);
    }
    if (data.length !== size || crc32(data) !== crc) throw fail(`${name} is corrupt (its checksum does not match)`);
    entries.push({ name, data });
  }
  return entries;
}
