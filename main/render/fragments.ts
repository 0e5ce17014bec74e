/**
 * Where the first whole fragment of a fragmented MP4 ends (its `moof` and the `mdat` after it),
 * or undefined while it is not all written: a player given less has nothing it can show yet.
 * Reads only the top-level box headers.
 */
export function firstFragmentEnd(buf: Uint8Array): number | undefined {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = 0;
  let sawMoof = false;
  while (pos + 8 <= buf.length) {
    let size = view.getUint32(pos);
    const type = String.fromCharCode(buf[pos + 4]!, buf[pos + 5]!, buf[pos + 6]!, buf[pos + 7]!);
    if (size === 1) {
      if (pos + 16 > buf.length) return undefined;
      size = Number(view.getBigUint64(pos + 8));
    }
    // size 0 = "to the end of the file": a stream never writes it before it is finished
    if (size < 8) return undefined;
    const end = pos + size;
    if (end > buf.length) return undefined;
    if (type === 'moof') sawMoof = true;
    else if (type === 'mdat' && sawMoof) return end;
    pos = end;
  }
  return undefined;
}
