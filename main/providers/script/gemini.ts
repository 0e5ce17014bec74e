import { StudioError } from '../../../preload/contract/errors';
import type { ChatMessage, ChatOptions } from '../../script/llm/chat-client';
import type { ChatBackend } from '../../script/llm/generate-script';
import { RetryableError } from '../../net/retrying';
import { requestJson, type ProviderCall } from '../http/provider-http';
import { endpoint, keyOf, keyedStatus, type ProviderDefinition, noKeyError } from '../types';

/**
 * The Gemini API's generateContent (POST /v1beta/models/{model}:generateContent, key in the
 * x-goog-api-key header, never the URL). The assistant is called "model" there, and a JSON answer
 * is asked for with responseMimeType.
 */
export interface GeminiConfig {
  apiKey: string;
  model: string;
  /** https://generativelanguage.googleapis.com unless pointed elsewhere */
  baseUrl?: string;
}

export function geminiChat(cfg: GeminiConfig): ChatBackend {
  const base = (cfg.baseUrl ?? 'https://generativelanguage.googleapis.com').replace(/\/+$/, '');
  const call: ProviderCall = { provider: `Gemini (${cfg.model})`, key: `gemini:${base}`, failCode: 'LLM_FAILED' };
  return {
    name: 'gemini',
    async chat(messages: ChatMessage[], opts: ChatOptions): Promise<string> {
      const system = messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
      const body = {
        ...(system ? { systemInstruction: { parts: [{ text: system }] } } : {}),
        contents: messages.filter((m) => m.role !== 'system').map((m) => ({ role: m.role === 'assistant' ? 'model' : 'user', parts: [{ text: m.content }] })),
        generationConfig: {
          ...(opts.json !== false ? { responseMimeType: 'application/json' } : {}),
          ...(opts.temperature !== undefined ? { temperature: opts.temperature } : {}),
        },
      };
      const { data } = await requestJson<{ candidates?: { content?: { parts?: { text?: string }[] }; finishReason?: string }[]; promptFeedback?: { blockReason?: string } }>(
        call,
        { url: `${base}/v1beta/models/${encodeURIComponent(cfg.model)}:generateContent`, headers: { 'x-goog-api-key': cfg.apiKey }, json: body },
        { signal: opts.signal, timeoutMs: opts.timeoutMs ?? 120_000, maxRetries: opts.maxRetries, backoff: opts.backoff, breaker: opts.breaker, log: opts.log },
      ).catch((err: unknown) => {
        if (err instanceof RetryableError) throw new StudioError('LLM_FAILED', err.message);
        throw err;
      });
      if (data.promptFeedback?.blockReason) throw new StudioError('LLM_FAILED', `Gemini refused the prompt (${data.promptFeedback.blockReason})`);
      const c = data.candidates?.[0];
      const text = (c?.content?.parts ?? []).map((p) => p.text ?? '').join('');
      if (!text) throw new StudioError('LLM_FAILED', `Gemini answered with no text (finishReason ${c?.finishReason ?? 'unknown'})`);
      opts.onDelta?.(text);
      return text;
    },
  };
}

export const geminiProvider: ProviderDefinition = {
  id: 'gemini',
  kind: 'script',
  name: 'Google Gemini',
  description: 'Scripts written by Gemini through the Gemini API.',
  offline: false,
  priority: 50,
  capabilities: { languages: ['*'], formats: ['json'], costNotes: 'free tier with limits; then billed per token' },
  needs: { apiKey: { env: 'REELFORGE_GEMINI_API_KEY' } },
  sends: 'the topic, audience, tone and template structure of the script, and the API key, to generativelanguage.googleapis.com',
  status: (ctx) => keyedStatus(ctx, 'gemini'),
  async test(ctx, signal) {
    const key = keyOf(ctx, 'gemini');
    if (!key) throw noKeyError('Gemini', 'gemini');
    const base = endpoint(ctx, 'gemini', 'https://generativelanguage.googleapis.com');
    const { data } = await requestJson<{ models?: { name: string }[] }>(
      { provider: 'Gemini', key: `gemini:${base}` },
      { url: `${base}/v1beta/models?pageSize=5`, headers: { 'x-goog-api-key': key.value } },
      { ...ctx.call, signal },
    );
    return `key from ${key.source} works (${(data.models ?? []).length} models listed)`;
  },
};
