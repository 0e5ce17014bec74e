import { CancelledError, StudioError } from '../../../preload/contract/errors';
import { AnswerTooLargeError, answerCaps, readCappedText, readStartText } from '../../net/body-cap';
import { CALL_DEADLINE_MS, deadline, describeMs } from '../../net/deadline';
import { idleAbort } from '../../net/idle-abort';
import { printable } from '../../net/printable';
import { breakerFor, type CircuitBreaker } from '../../net/circuit-breaker';
import { RetryableError, withRetries } from '../../net/retrying';
import { SseParser } from '../../net/sse';

/** An OpenAI-compatible chat-completions server: Ollama, LM Studio, llama.cpp's server, OpenAI. */
export interface LlmProvider {
  /** e.g. http://127.0.0.1:11434/v1 (Ollama), http://127.0.0.1:1234/v1 (LM Studio) */
  baseUrl: string;
  model: string;
  apiKey?: string;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatOptions {
  signal?: AbortSignal;
  /** stream the answer (SSE) and report it as it arrives */
  stream?: boolean;
  onDelta?: (text: string) => void;
  /** per attempt: time to the first byte, and the longest silence while streaming */
  timeoutMs?: number;
  /** attempts after the first, for 429, 5xx, timeouts and dropped connections */
  maxRetries?: number;
  /** the whole call, retries included (default CALL_DEADLINE_MS); a server trickling bytes cannot hold it longer */
  deadlineMs?: number;
  backoff?: { baseMs: number; maxMs: number };
  /** ask for a JSON object (response_format); off for servers that reject the field */
  json?: boolean;
  temperature?: number;
  breaker?: CircuitBreaker;
  /** receives one line per attempt, for the job's log */
  log?: (line: string) => void;
}

/** Sends one chat request and returns the assistant's text, retrying what is worth retrying. */
export async function chatCompletion(provider: LlmProvider, messages: ChatMessage[], opts: ChatOptions = {}): Promise<string> {
  const breaker = opts.breaker ?? breakerFor(provider.baseUrl, { failureThreshold: 5, cooldownMs: 30_000 });
  const limitMs = opts.deadlineMs ?? CALL_DEADLINE_MS;
  const total = deadline(opts.signal, limitMs);
  const within = { ...opts, signal: total.signal };
  try {
    return await withRetries(() => attemptOnce(provider, messages, within), {
      signal: within.signal,
      maxRetries: opts.maxRetries,
      backoff: opts.backoff,
      breaker,
      label: provider.baseUrl,
      what: 'LLM',
      failCode: 'LLM_FAILED',
      log: opts.log,
    });
  } catch (err) {
    if (total.expired() && !opts.signal?.aborted) throw new StudioError('LLM_FAILED', `the LLM at ${provider.baseUrl} did not finish within ${describeMs(limitMs)} (the limit for one call); it was stopped`);
    throw err;
  } finally {
    total.dispose();
  }
}

async function attemptOnce(provider: LlmProvider, messages: ChatMessage[], opts: ChatOptions): Promise<string> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const idle = idleAbort(opts.signal, timeoutMs);
  try {
    const body = {
      model: provider.model,
      messages,
      stream: Boolean(opts.stream),
      ...(opts.temperature !== undefined ? { temperature: opts.temperature } : {}),
      ...(opts.json !== false ? { response_format: { type: 'json_object' } } : {}),
    };
    const url = `${provider.baseUrl.replace(/\/+$/, '')}/chat/completions`;
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: opts.stream ? 'text/event-stream' : 'application/json',
          ...(provider.apiKey ? { authorization: `Bearer ${provider.apiKey}` } : {}),
        },
        body: JSON.stringify(body),
        signal: idle.signal,
      });
    } catch (err) {
      if (opts.signal?.aborted) throw new CancelledError();
      if (idle.timedOut()) throw new RetryableError(`no answer within ${timeoutMs} ms`);
      throw new RetryableError(`cannot reach ${url}: ${(err as Error & { cause?: Error }).cause?.message ?? (err as Error).message}`);
    }
    if (res.status === 429 || res.status >= 500) {
      const text = printable(await readStartText(res, answerCaps.error));
      throw new RetryableError(`HTTP ${res.status} ${text.slice(0, 200)}`.trim(), res.headers.get('retry-after'));
    }
    if (!res.ok) {
      const text = printable(await readStartText(res, answerCaps.error));
      throw new StudioError('LLM_FAILED', `${url} refused the request: HTTP ${res.status} ${text.slice(0, 300)}`.trim(), { status: res.status });
    }
    try {
      return opts.stream ? await readStream(res, opts, idle.arm) : await readJson(res, idle.arm);
    } catch (err) {
      if (opts.signal?.aborted) throw new CancelledError();
      if (idle.timedOut()) throw new RetryableError(`the answer stalled for ${timeoutMs} ms`);
      throw err;
    }
  } finally {
    idle.dispose();
  }
}

async function readJson(res: Response, onActivity: () => void): Promise<string> {
  const text = await readCappedText(res, { provider: 'the LLM', kind: 'json', code: 'LLM_FAILED', onChunk: onActivity });
  let data: { choices?: { message?: { content?: string | null } }[] };
  try {
    data = JSON.parse(text) as typeof data;
  } catch {
    throw new RetryableError('the server answered with something that is not JSON');
  }
  const content = data.choices?.[0]?.message?.content;
  if (typeof content !== 'string') throw new RetryableError('the answer has no choices[0].message.content');
  return content;
}

async function readStream(res: Response, opts: ChatOptions, onActivity: () => void): Promise<string> {
  if (!res.body) throw new RetryableError('the streamed answer has no body');
  const parser = new SseParser();
  const decoder = new TextDecoder();
  let text = '';
  let done = false;
  const take = (events: string[]) => {
    for (const data of events) {
      if (data.trim() === '[DONE]') {
        done = true;
        continue;
      }
      let chunk: { choices?: { delta?: { content?: string | null } }[]; error?: { message?: string } };
      try {
        chunk = JSON.parse(data);
      } catch {
        throw new RetryableError(`a streamed event is not JSON: ${data.slice(0, 80)}`);
      }
      if (chunk.error) throw new RetryableError(`the server reported an error mid-stream: ${printable(String(chunk.error.message ?? 'unknown')).slice(0, 300)}`);
      const delta = chunk.choices?.[0]?.delta?.content;
      if (delta) {
        text += delta;
        opts.onDelta?.(delta);
      }
    }
  };
  let size = 0;
  for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) {
    onActivity();
    size += bytes.byteLength;
    // a streamed answer is bounded like a whole one: the stream is dropped past the cap
    if (size > answerCaps.text) throw new AnswerTooLargeError('the LLM', 'text', answerCaps.text, 'LLM_FAILED');
    take(parser.push(decoder.decode(bytes, { stream: true })));
  }
  take(parser.end());
  if (!done && text === '') throw new RetryableError('the stream ended without an answer');
  return text;
}
