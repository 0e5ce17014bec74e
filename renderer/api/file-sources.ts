import type { MediaSource } from '../../preload/contract/studio-api';
import type { Connection } from './connect';

function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  // chunks: String.fromCharCode with a whole file's bytes as arguments overflows the stack
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Dropped files as import sources: real paths under Electron, the bytes in a plain browser. */
export async function filesToSources(files: File[], conn: Connection): Promise<MediaSource[]> {
  return Promise.all(
    files.map(async (f) => {
      const path = conn.pathForFile?.(f);
      if (path) return { name: f.name, path };
      return { name: f.name, base64: toBase64(await f.arrayBuffer()) };
    }),
  );
}
