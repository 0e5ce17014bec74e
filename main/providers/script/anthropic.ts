import { StudioError } from '../../../preload/contract/errors';
import type { ChatMessage, ChatOptions } from '../../script/llm/chat-client';
import type { ChatBackend } from '../../script/llm/generate-script';
import { RetryableError } from '../../net/retrying';
import { requestJson, type ProviderCall } from '../http/provider-http';
import { endpoint, keyOf, keyedStatus, type ProviderDefinition, noKeyError } from '../types';

/**
 * Anthropic's Messages API (POST /v1/messages, x-api-key and anthropic-version headers). System
 * messages travel in the top-level `system` field; the answer is the text blocks of `content`.
 * Retries, the breaker and the script schema's repair loop are the same as for every LLM.
 */
export interface AnthropicConfig {
  apiKey: string;
  model: string;
  /** https://api.anthropic.com unless pointed elsewhere */
  baseUrl?: string;
  maxTokens?: number;
}

export const ANTHROPIC_VERSION = '2023-06-01';

export function anthropicChat(cfg: AnthropicConfig): ChatBackend {
  const base = (cfg.baseUrl ?? 'https://api.anthropic.com').replace(/\/+$/, '');
  const call: ProviderCall = { provider: `Anthropic (${cfg.model})`, key: `anthropic:${base}`, failCode: 'LLM_FAILED' };
  return {
    name: 'anthropic',
    async chat(messages: ChatMessage[], opts: ChatOptions): Promise<string> {
      const system = messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
      const body = {
        model: cfg.model,
        max_tokens: cfg.maxTokens ?? 4096,
        ...(system ? { system } : {}),
        messages: messages.filter((m) => m.role !== 'system').map((m) => ({ role: m.role, content: m.content })),
        ...(opts.temperature !== undefined ? { temperature: opts.temperature } : {}),
      };
      const { data } = await requestJson<{ content?: { type: string; text?: string }[]; stop_reason?: string }>(
        call,
        { url: `${base}/v1/messages`, headers: { 'x-api-key': cfg.apiKey, 'anthropic-version': ANTHROPIC_VERSION }, json: body },
        { signal: opts.signal, timeoutMs: opts.timeoutMs ?? 120_000, maxRetries: opts.maxRetries, backoff: opts.backoff, breaker: opts.breaker, log: opts.log },
      ).catch(rethrowGarbled);
      const text = (data.content ?? []).filter((b) => b.type === 'text' && typeof b.text === 'string').map((b) => b.text).join('');
      if (!text) throw new StudioError('LLM_FAILED', `Anthropic answered with no text (stop_reason ${data.stop_reason ?? 'unknown'})`);
      opts.onDelta?.(text);
      return text;
    },
  };
}

/** A garbled answer has already been retried inside requestJson; what is left is a failure. */
function rethrowGarbled(err: unknown): never {
  if (err instanceof RetryableError) throw new StudioError('LLM_FAILED', err.message);
  throw err;
}

export const anthropicProvider: ProviderDefinition = {
  id: 'anthropic',
  kind: 'script',
  name: 'Anthropic (Claude)',
  description: 'Scripts written by Claude through the Messages API.',
  offline: false,
  priority: 40,
  capabilities: { languages: ['*'], formats: ['json'], costNotes: 'billed per token' },
  needs: { apiKey: { env: 'REELFORGE_ANTHROPIC_API_KEY' } },
  sends: 'the topic, audience, tone and template structure of the script, and the API key, to api.anthropic.com',
  status: (ctx) => keyedStatus(ctx, 'anthropic'),
  async test(ctx, signal) {
    const key = keyOf(ctx, 'anthropic');
    if (!key) throw noKeyError('Anthropic', 'anthropic');
    const base = endpoint(ctx, 'anthropic', 'https://api.anthropic.com');
    const { data } = await requestJson<{ data?: { id: string }[] }>(
      { provider: 'Anthropic', key: `anthropic:${base}` },
      { url: `${base}/v1/models?limit=5`, headers: { 'x-api-key': key.value, 'anthropic-version': ANTHROPIC_VERSION } },
      { ...ctx.call, signal },
    );
    return `key from ${key.source} works (models: ${(data.data ?? []).map((m) => m.id).join(', ') || 'none listed'})`;
  },
};
