import { InvalidInputError, type Issue } from '../../preload/contract/errors';
import type { MakeRequest } from '../../preload/contract/make';

/** A provider's or an LLM's address: http or https only (never file:, data:, or a path). */
export function baseUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `“${url}” is not a URL; give an address such as http://127.0.0.1:11434/v1`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `${parsed.protocol} addresses are not allowed: the address must start with http:// or https://`;
  if (parsed.username || parsed.password) return 'put the key in the key store, not in the address';
  return undefined;
}

/**
 * What a job would only find out minutes later, refused when it is queued: an LLM address that is
 * a file: URL, an avatar voice id that is a path. (The voice itself is checked by the voice
 * resolver's voiceRequestIssues, in enqueueMake.)
 */
export function refuseLaterFailures(request: Pick<MakeRequest, 'llm' | 'avatar'>): void {
  const issues: Issue[] = [];
  // eslint-disable-next-line no-control-regex
  if (request.avatar?.voiceId !== undefined && /[/\\\u0000-\u001f]|\.\./.test(request.avatar.voiceId)) issues.push({ path: 'avatar.voiceId', message: 'a voice id holds no path separators, `..` or control characters' });
  if (request.llm) {
    const p = baseUrlProblem(request.llm.baseUrl);
    if (p) issues.push({ path: 'llm.baseUrl', message: p });
  }
  if (issues.length) throw new InvalidInputError('the video request is not valid:', issues);
}
