/**
 * Text from another program (a provider's error, a server's message) made safe to print: terminal
 * escape sequences and control characters (NUL, ESC, BEL, C1 codes, DEL) are removed and bytes
 * that were not UTF-8 (U+FFFD) dropped, so a hostile server cannot move the cursor, recolour or
 * retitle the user's terminal. Newlines and tabs stay.
 */
export function printable(text: string): string {
  return (
    text
      // CSI / OSC / other ESC sequences first, so their parameters do not survive as text
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\][^\u0007\u001b]*(\u0007|\u001b\\)?/g, '')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd\u202a-\u202e\u2066-\u2069]/g, '')
  );
}
