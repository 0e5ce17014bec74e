import { StudioError } from '../../../preload/contract/errors';
import { chatCompletion, type LlmProvider } from '../../script/llm/chat-client';
import type { ChatBackend } from '../../script/llm/generate-script';
import { requestJson } from '../http/provider-http';
import { endpoint, keyOf, NO_KEY, type ProviderContext, type ProviderDefinition } from '../types';
import type { ProviderStatus } from '../../../preload/contract/providers';

/**
 * The existing OpenAI-compatible chat client, registered three times with the presets people use:
 * Ollama and LM Studio on this machine (no key, no network), and OpenAI's hosted service.
 */
interface Preset {
  id: string;
  name: string;
  url: string;
  local: boolean;
  priority: number;
  description: string;
}

const presets: Preset[] = [
  { id: 'ollama', name: 'Ollama', url: 'http://127.0.0.1:11434/v1', local: true, priority: 10, description: 'A local model served by Ollama on this machine.' },
  { id: 'lmstudio', name: 'LM Studio', url: 'http://127.0.0.1:1234/v1', local: true, priority: 20, description: 'A local model served by LM Studio on this machine.' },
  { id: 'openai', name: 'OpenAI', url: 'https://api.openai.com/v1', local: false, priority: 30, description: 'OpenAI’s hosted models (or any OpenAI-compatible service via its URL).' },
];

/** The client for a preset, with the configured URL, key and model. */
export function openAiCompatibleChat(provider: LlmProvider): ChatBackend {
  return { name: provider.baseUrl, chat: (messages, opts) => chatCompletion(provider, messages, opts) };
}

export function llmPresetUrl(id: string, ctx: ProviderContext): string {
  const p = presets.find((x) => x.id === id);
  if (!p) throw new StudioError('PROVIDER_UNAVAILABLE', `no LLM preset "${id}" (presets: ${presets.map((x) => x.id).join(', ')})`);
  return endpoint(ctx, id, p.url);
}

async function listModels(ctx: ProviderContext, p: Preset, signal?: AbortSignal, timeoutMs?: number) {
  const url = endpoint(ctx, p.id, p.url);
  const key = keyOf(ctx, p.id);
  const { data } = await requestJson<{ data?: { id: string }[] }>(
    { provider: p.name, key: `${p.id}:${url}` },
    { url: `${url}/models`, headers: key ? { authorization: `Bearer ${key.value}` } : {} },
    { ...ctx.call, signal, ...(timeoutMs ? { timeoutMs, maxRetries: 0 } : {}) },
  );
  return { url, key, models: (data.data ?? []).map((m) => m.id) };
}

function definition(p: Preset): ProviderDefinition {
  return {
    id: p.id,
    kind: 'script',
    name: p.name,
    description: p.description,
    offline: p.local,
    priority: p.priority,
    capabilities: { languages: ['*'], formats: ['json'], costNotes: p.local ? 'free: runs on this machine' : 'billed per token' },
    needs: { ...(p.local ? {} : { apiKey: { env: `REELFORGE_${p.id.toUpperCase()}_API_KEY` } }), serverUrl: { default: p.url, env: `REELFORGE_${p.id.toUpperCase()}_URL` } },
    sends: p.local ? `the script request to ${p.url} (this machine)` : 'the topic, audience, tone and template structure of the script, and the API key, to the configured server (api.openai.com by default)',
    async status(ctx): Promise<ProviderStatus> {
      if (!p.local) {
        const key = keyOf(ctx, p.id);
        return key ? { ready: true, reason: `API key from ${key.source}`, keySource: key.source } : { ready: false, reason: NO_KEY };
      }
      // a local server is cheap to ask: it is running or it is not
      try {
        const r = await listModels(ctx, p, undefined, 1500);
        return { ready: true, reason: `running at ${r.url} (${r.models.length} models)` };
      } catch {
        return { ready: false, reason: `not running at ${endpoint(ctx, p.id, p.url)} (start ${p.name})` };
      }
    },
    async test(ctx, signal) {
      const r = await listModels(ctx, p, signal);
      return `${r.url} answers; models: ${r.models.slice(0, 8).join(', ') || 'none'}`;
    },
  };
}

export const openAiCompatibleProviders: ProviderDefinition[] = presets.map(definition);
