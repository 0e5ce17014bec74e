/**
 * The exact command line, quoted for the platform's shell, so a user can paste it from the log
 * and run it by hand.
 */
export function quoteCommand(file: string, args: readonly string[], platform = process.platform): string {
  const q = platform === 'win32' ? quoteWindows : quotePosix;
  return [file, ...args].map(q).join(' ');
}

export function quotePosix(arg: string): string {
  if (arg !== '' && /^[A-Za-z0-9_\-+.,/:=@%]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function quoteWindows(arg: string): string {
  if (arg !== '' && !/[\s"&|<>^%]/.test(arg)) return arg;
  // Backslashes are literal except before a quote, where they must be doubled.
  return `"${arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\+)$/, '$1$1')}"`;
}
