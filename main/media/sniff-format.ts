import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';

/** A media container recognised by its first bytes, with the only content type it is served as. */
export interface SniffedFormat {
  format: string;
  mime: string;
  kind: 'image' | 'video' | 'audio';
}

const ascii = (b: Uint8Array, at: number, s: string) => s.split('').every((c, i) => b[at + i] === c.charCodeAt(0));

/**
 * What a file is by its signature, never by its name: a renamed HTML page, an SVG or a script
 * is none of these and gets undefined. The list is what the studio can use as media.
 */
export function sniffFormat(head: Uint8Array): SniffedFormat | undefined {
  const b = head;
  if (b.length < 12) return undefined;
  if (b[0] === 0x89 && ascii(b, 1, 'PNG\r\n\x1a\n')) return { format: 'png', mime: 'image/png', kind: 'image' };
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { format: 'jpeg', mime: 'image/jpeg', kind: 'image' };
  if (ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a')) return { format: 'gif', mime: 'image/gif', kind: 'image' };
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return { format: 'webp', mime: 'image/webp', kind: 'image' };
  if (ascii(b, 0, 'BM')) return { format: 'bmp', mime: 'image/bmp', kind: 'image' };
  if (ascii(b, 0, 'II*\0') || ascii(b, 0, 'MM\0*')) return { format: 'tiff', mime: 'image/tiff', kind: 'image' };
  if (ascii(b, 4, 'ftyp')) {
    const brand = String.fromCharCode(...b.subarray(8, 12));
    if (brand === 'qt  ') return { format: 'mov', mime: 'video/quicktime', kind: 'video' };
    if (/^M4[AB] /.test(brand)) return { format: 'm4a', mime: 'audio/mp4', kind: 'audio' };
    if (/^(avif|avis|heic|heix|mif1)$/.test(brand)) return { format: brand, mime: brand.startsWith('avi') ? 'image/avif' : 'image/heic', kind: 'image' };
    return { format: 'mp4', mime: 'video/mp4', kind: 'video' };
  }
  if (b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3) {
    // Matroska and WebM share EBML; the doctype sits in the first few dozen bytes.
    const text = String.fromCharCode(...b.subarray(0, Math.min(b.length, 64)));
    return text.includes('webm') ? { format: 'webm', mime: 'video/webm', kind: 'video' } : { format: 'matroska', mime: 'video/x-matroska', kind: 'video' };
  }
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE')) return { format: 'wav', mime: 'audio/wav', kind: 'audio' };
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'AVI ')) return { format: 'avi', mime: 'video/x-msvideo', kind: 'video' };
  if (ascii(b, 0, 'OggS')) return { format: 'ogg', mime: 'audio/ogg', kind: 'audio' };
  if (ascii(b, 0, 'fLaC')) return { format: 'flac', mime: 'audio/flac', kind: 'audio' };
  if (ascii(b, 0, 'ID3')) return { format: 'mp3', mime: 'audio/mpeg', kind: 'audio' };
  if (b[0] === 0xff && (b[1]! & 0xf6) === 0xf0) return { format: 'aac', mime: 'audio/aac', kind: 'audio' };
  if (b[0] === 0xff && (b[1]! & 0xe0) === 0xe0) return { format: 'mp3', mime: 'audio/mpeg', kind: 'audio' };
  if (b[0] === 0x47 && b.length > 188 && b[188] === 0x47) return { format: 'mpegts', mime: 'video/mp2t', kind: 'video' };
  return undefined;
}

/**
 * Markup a browser would run if it ever took the file for a page (an HTML/GIF polyglot): a media
 * file does not carry it near its start. XML alone is allowed: photos carry XMP metadata.
 */
const markup = /<(?:script|html|svg|!doctype|iframe|body|object|embed)[\s>/]|javascript:/i;

export function looksLikeMarkup(head: Uint8Array): boolean {
  return markup.test(Buffer.from(head).toString('latin1'));
}

export function readHead(file: string, bytes = 4096): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * A TrueType or OpenType font by its first four bytes (the sfnt version). Served, never imported
 * as media: the template editor draws the user's fonts (<home>/fonts) in the page.
 */
export function sniffFont(head: Uint8Array): { format: 'ttf' | 'otf'; mime: string; kind: 'font' } | undefined {
  if (head.length < 12) return undefined;
  if ((head[0] === 0 && head[1] === 1 && head[2] === 0 && head[3] === 0) || ascii(head, 0, 'true')) return { format: 'ttf', mime: 'font/ttf', kind: 'font' };
  if (ascii(head, 0, 'OTTO')) return { format: 'otf', mime: 'font/otf', kind: 'font' };
  return undefined;
}

/** The content type to serve a file under, decided by its bytes; undefined for anything that is not media (or a font). */
export function mediaTypeOf(file: string): SniffedFormat | ReturnType<typeof sniffFont> {
  try {
    const head = readHead(file, 4096);
    const format = sniffFormat(head) ?? sniffFont(head);
    return format && !looksLikeMarkup(head) ? format : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A template package the studio exported, served only as a download (a card dragged out of the
 * window): by its name and its bytes — a zip starts with its local-file signature, a template
 * file is a JSON object — and always as an attachment, so a browser saves it and never shows it.
 */
export function downloadTypeOf(file: string): { mime: string; disposition: string } | undefined {
  const name = basename(file);
  try {
    const head = Buffer.from(readHead(file, 8));
    if (/\.reelforge-template\.zip$/.test(name) && head.subarray(0, 4).equals(Buffer.from('PK\x03\x04', 'latin1'))) {
      return { mime: 'application/zip', disposition: `attachment; filename="${name}"` };
    }
    if (/\.reelforge-template\.json$/.test(name) && head.toString('utf8').trimStart().startsWith('{')) {
      return { mime: 'application/json', disposition: `attachment; filename="${name}"` };
    }
  } catch {
    // unreadable: not served
  }
  return undefined;
}
