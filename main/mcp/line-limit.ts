import { Transform } from 'node:stream';

/** The largest MCP message over stdio: a create_video call with a 100,000-character script is well under 1 MB. */
export const MAX_STDIO_MESSAGE_BYTES = 4 * 1024 * 1024;

/**
 * Passes stdin's lines (one JSON-RPC message each) through, except a line longer than `max`
 * bytes, which is dropped as it streams (never held whole) and reported through `onTooLarge` with
 * its size and first bytes. The SDK's own reader would instead close the whole session at 10 MB and
 * the server would end with code 0 and no word; here the client gets an error and the session goes on.
 */
export function limitLines(max: number, onTooLarge: (bytes: number, head: string) => void): Transform {
  let pending: Buffer[] = [];
  let size = 0;
  let discarding = false;
  let head = '';
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      let start = 0;
      while (start <= chunk.length) {
        const nl = chunk.indexOf(10, start);
        const piece = chunk.subarray(start, nl === -1 ? chunk.length : nl + 1);
        size += piece.length;
        if (!discarding && size > max) {
          discarding = true;
          head = Buffer.concat([...pending, piece]).subarray(0, 300).toString('utf8');
          pending = [];
        }
        if (!discarding) pending.push(piece);
        if (nl === -1) break;
        // the end of a line: pass it on whole, or report the one that was too large
        if (discarding) onTooLarge(size, head);
        else this.push(Buffer.concat(pending));
        pending = [];
        size = 0;
        discarding = false;
        start = nl + 1;
      }
      done();
    },
    flush(done) {
      if (discarding) onTooLarge(size, head);
      else if (pending.length) this.push(Buffer.concat(pending));
      done();
    },
  });
}

/** The JSON-RPC error a client gets for a message that was too large; its id when the message's start names one. */
export function tooLargeError(bytes: number, head: string, max: number): string {
  const id = /"id"\s*:\s*("(?:[^"\\]|\\.){0,200}"|-?\d{1,15})/.exec(head)?.[1];
  const message = `the message is ${(bytes / 1048576).toFixed(1)} MB; at most ${max / 1048576} MB per message over stdio (send a shorter script, or a file path)`;
  return JSON.stringify({ jsonrpc: '2.0', id: id === undefined ? null : JSON.parse(id), error: { code: -32600, message } }) + '\n';
}
