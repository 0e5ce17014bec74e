import { StudioError } from '../../preload/contract/errors';
import type { TtsEngine } from '../../native/tts/types';
import type { ChatBackend } from '../script/llm/generate-script';
import { didService } from './avatar/d-id';
import { heyGenService } from './avatar/heygen';
import type { AvatarService } from './avatar/avatar-service';
import type { ClipService } from './clip/clip-service';
import { veoService } from './clip/veo';
import type { CallOptions } from './http/provider-http';
import { pexelsSource } from './media/pexels';
import { pixabaySource } from './media/pixabay';
import type { StockSource } from './media/stock-types';
import { anthropicChat } from './script/anthropic';
import { geminiChat } from './script/gemini';
import { llmPresetUrl, openAiCompatibleChat } from './script/openai-compatible';
import { endpoint, keyOf, noKeyError, type ProviderContext } from './types';
import { elevenLabsEngine } from './voice/elevenlabs';
import { openAiSpeechEngine } from './voice/openai-speech';

/**
 * From a provider id (what registry.select() chose) to the client a stage calls, with the key and
 * URL resolved from the context. A missing key is PROVIDER_UNAVAILABLE with what to set.
 */
function needKey(ctx: ProviderContext, id: string): string {
  const key = keyOf(ctx, id);
  if (!key) throw noKeyError(id, id);
  return key.value;
}

export function chatBackendFor(id: string, ctx: ProviderContext, model: string): ChatBackend {
  switch (id) {
    case 'anthropic':
      return anthropicChat({ apiKey: needKey(ctx, id), model, baseUrl: endpoint(ctx, id, 'https://api.anthropic.com') });
    case 'gemini':
      return geminiChat({ apiKey: needKey(ctx, id), model, baseUrl: endpoint(ctx, id, 'https://generativelanguage.googleapis.com') });
    case 'ollama':
    case 'lmstudio':
    case 'openai':
      return openAiCompatibleChat({ baseUrl: llmPresetUrl(id, ctx), model, apiKey: id === 'openai' ? needKey(ctx, id) : keyOf(ctx, id)?.value });
    default:
      throw new StudioError('PROVIDER_UNAVAILABLE', `${id} is not a script provider with a chat client`);
  }
}

export function ttsEngineFor(id: string, ctx: ProviderContext, opts: { model?: string; call?: CallOptions } = {}): TtsEngine {
  switch (id) {
    case 'elevenlabs':
      return elevenLabsEngine({ apiKey: needKey(ctx, id), baseUrl: endpoint(ctx, id, 'https://api.elevenlabs.io'), modelId: opts.model, call: opts.call });
    case 'openai-speech':
      return openAiSpeechEngine({ baseUrl: endpoint(ctx, id, 'https://api.openai.com/v1'), apiKey: keyOf(ctx, id)?.value, model: opts.model ?? 'gpt-4o-mini-tts', call: opts.call });
    default:
      throw new StudioError('PROVIDER_UNAVAILABLE', `${id} is not an online voice (local voices come from native/tts)`);
  }
}

export function stockSourceFor(id: string, ctx: ProviderContext): StockSource {
  if (id === 'pexels') return pexelsSource({ apiKey: needKey(ctx, id), baseUrl: endpoint(ctx, id, 'https://api.pexels.com') });
  if (id === 'pixabay') return pixabaySource({ apiKey: needKey(ctx, id), baseUrl: endpoint(ctx, id, 'https://pixabay.com') });
  throw new StudioError('PROVIDER_UNAVAILABLE', `${id} is not a stock media provider`);
}

export function clipServiceFor(id: string, ctx: ProviderContext, opts: { model?: string } = {}): ClipService {
  if (id === 'veo') return veoService({ apiKey: needKey(ctx, id), baseUrl: endpoint(ctx, id, 'https://generativelanguage.googleapis.com'), model: opts.model });
  throw new StudioError('PROVIDER_UNAVAILABLE', `${id} is not a clip generation provider`);
}

export function avatarServiceFor(id: string, ctx: ProviderContext): AvatarService {
  // HeyGen takes audio on its own upload host: REELFORGE_HEYGEN_UPLOAD_URL points it elsewhere, as REELFORGE_HEYGEN_URL does the API
  if (id === 'heygen') return heyGenService({ apiKey: needKey(ctx, id), baseUrl: endpoint(ctx, id, 'https://api.heygen.com'), uploadUrl: endpoint(ctx, 'heygen-upload', 'https://upload.heygen.com') });
  if (id === 'd-id') return didService({ apiKey: needKey(ctx, id), baseUrl: endpoint(ctx, id, 'https://api.d-id.com') });
  throw new StudioError('PROVIDER_UNAVAILABLE', `${id} is not an avatar provider`);
}
