/**
 * Every API key this process has read is remembered here (in memory only), and every message a
 * provider builds — errors, log lines, job events — passes through redact(), so a key echoed
 * back by a server ("invalid key sk-…") or carried in a URL (Pixabay's ?key=) never reaches a
 * file, a log or the screen.
 */
const known = new Set<string>();

/** Shorter strings would redact ordinary words; no real key is this short. */
const MIN_SECRET = 6;

export function rememberSecret(value: string | undefined): void {
  if (value && value.length >= MIN_SECRET) known.add(value);
}

const secretParams = /([?&](?:key|api_key|apikey|token|access_token|x-goog-api-key)=)[^&#\s"']+/gi;

export function redact(text: string): string {
  let out = text.replace(secretParams, '$1[redacted]');
  for (const s of known) if (out.includes(s)) out = out.split(s).join('[redacted]');
  return out;
}

/** A URL as it may be shown: no credentials, no key parameters. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return redact(u.toString());
  } catch {
    return redact(url);
  }
}

const secretHeaders = new Set(['authorization', 'x-api-key', 'xi-api-key', 'x-goog-api-key', 'api-key']);

/**
 * Remembers the credentials a request carries, whatever built it: a client handed a key
 * directly (not through resolveKey) is covered too, so a server echoing it back is redacted.
 */
export function rememberHeaderSecrets(headers: Record<string, string> | undefined): void {
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!secretHeaders.has(name.toLowerCase())) continue;
    rememberSecret(value);
    rememberSecret(value.replace(/^(Bearer|Basic|Token)\s+/i, ''));
  }
}
