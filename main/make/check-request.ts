import { InvalidInputError, type Issue } from '../../preload/contract/errors';
import type { MakeRequest } from '../../preload/contract/make';

/**
 * The shape of a voice id: `engine:name` (neural:af_heart, espeak-ng:en-gb, sapi:Microsoft Zira
 * Desktop) or a language (fr, en-gb). A voice names a voice, never a file: no path separators, no
 * `..`, no control characters. (The voice resolver, when it lands, replaces this with a check
 * against the voices really installed.)
 */
export function voiceIdProblem(voice: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(voice)) return 'a voice id holds no control characters';
  if (/[/\\]/.test(voice) || voice.includes('..')) return `“${voice}” is not a voice: a voice is engine:name (for example espeak-ng:en-us) or a language (fr), never a file path`;
  if (!/^([a-z][a-z0-9-]{0,31}:[^:].{0,150}|[a-z]{2,3}(-[a-z0-9]{2,8})*)$/i.test(voice)) return `“${voice}” is not a voice id: use engine:name (for example espeak-ng:en-us, neural:af_heart) or a language (fr)`;
  return undefined;
}

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

/** What a job would only find out minutes later (a voice that is a path, a file: URL), refused when it is queued. */
export function refuseLaterFailures(request: Pick<MakeRequest, 'voice' | 'llm' | 'avatar'>): void {
  const issues: Issue[] = [];
  if (request.voice !== undefined) {
    const p = voiceIdProblem(request.voice);
    if (p) issues.push({ path: 'voice', message: p });
  }
  if (request.avatar?.voiceId !== undefined && /[/\\\u0000-\u001f]/.test(request.avatar.voiceId)) issues.push({ path: 'avatar.voiceId', message: 'a voice id holds no path separators or control characters' });
  if (request.llm) {
    const p = baseUrlProblem(request.llm.baseUrl);
    if (p) issues.push({ path: 'llm.baseUrl', message: p });
  }
  if (issues.length) throw new InvalidInputError('the video request is not valid:', issues);
}
