import { StudioError } from '../../../preload/contract/errors';
import { downloadResumable } from '../http/download';
import { requestJson, type ProviderCall } from '../http/provider-http';
import type { PollState } from '../long-running';
import { endpoint, keyOf, keyedStatus, type ProviderDefinition, noKeyError } from '../types';
import type { ClipService } from './clip-service';

/**
 * Google Veo through the Gemini API: POST models/{model}:predictLongRunning returns an operation
 * name; GET {name} until `done`; the video's URI is then downloaded with the same key — sent only
 * to the API's own host, never to another host a response might name.
 */
export interface VeoConfig {
  apiKey: string;
  model?: string;
  /** https://generativelanguage.googleapis.com unless pointed elsewhere */
  baseUrl?: string;
  maxBytes?: number;
}

interface Operation {
  name: string;
  done?: boolean;
  error?: { code?: number; message?: string };
  metadata?: { progressPercent?: number };
  response?: { generateVideoResponse?: { generatedSamples?: { video?: { uri?: string } }[]; raiMediaFilteredReasons?: string[] } };
}

export function veoService(cfg: VeoConfig): ClipService {
  const base = (cfg.baseUrl ?? 'https://generativelanguage.googleapis.com').replace(/\/+$/, '');
  const model = cfg.model ?? 'veo-3.0-generate-001';
  const call: ProviderCall = { provider: 'Veo', key: `veo:${base}` };
  // a submit starts a billed generation: never sent twice on an ambiguous failure
  const submitCall: ProviderCall = { ...call, idempotent: false };
  const headers = { 'x-goog-api-key': cfg.apiKey };
  return {
    id: 'veo',
    name: 'Veo',
    async submit(req, opts) {
      const instance = {
        prompt: req.prompt,
        ...(req.image ? { image: { bytesBase64Encoded: req.image.bytes.toString('base64'), mimeType: req.image.mimeType } } : {}),
      };
      const parameters = {
        aspectRatio: req.aspectRatio,
        ...(req.negativePrompt ? { negativePrompt: req.negativePrompt } : {}),
        ...(req.durationSeconds ? { durationSeconds: req.durationSeconds } : {}),
      };
      const { data } = await requestJson<Operation>(submitCall, { url: `${base}/v1beta/models/${encodeURIComponent(model)}:predictLongRunning`, headers, json: { instances: [instance], parameters } }, opts);
      if (typeof data.name !== 'string' || !data.name) throw new StudioError('PROVIDER_FAILED', 'Veo accepted the request but returned no operation name');
      return data.name;
    },
    async poll(operation, opts): Promise<PollState> {
      const { data } = await requestJson<Operation>(call, { url: `${base}/v1beta/${operation.split('/').map(encodeURIComponent).join('/')}`, headers }, opts);
      if (!data.done) return { state: 'running', ...(data.metadata?.progressPercent !== undefined ? { progress: data.metadata.progressPercent / 100 } : {}) };
      if (data.error) return { state: 'failed', message: data.error.message ?? `error ${data.error.code ?? ''}`.trim() };
      const r = data.response?.generateVideoResponse;
      const uri = r?.generatedSamples?.[0]?.video?.uri;
      if (!uri) return { state: 'failed', message: r?.raiMediaFilteredReasons?.length ? `filtered: ${r.raiMediaFilteredReasons.join('; ')}` : 'finished without a video' };
      return { state: 'done', url: uri };
    },
    async download(url, outPath, opts) {
      const sameHost = new URL(url, base).host === new URL(base).host;
      await downloadResumable(new URL(url, base).toString(), outPath, { ...opts, provider: 'Veo', maxBytes: cfg.maxBytes ?? 500_000_000, headers: sameHost ? headers : {} });
    },
  };
}

export const veoProvider: ProviderDefinition = {
  id: 'veo',
  kind: 'clip',
  name: 'Google Veo',
  description: 'Generates a short video clip from a scene’s prompt (optionally from a still).',
  offline: false,
  priority: 10,
  capabilities: { languages: ['*'], formats: ['mp4'], maxDurationSeconds: 8, costNotes: 'billed per second of generated video; a clip is paid once — a resumed job polls the same operation' },
  needs: { apiKey: { env: 'REELFORGE_VEO_API_KEY' } },
  sends: 'the scene’s prompt (and its still, when given) and the API key to generativelanguage.googleapis.com; downloads the clip from there',
  status: (ctx) => keyedStatus(ctx, 'veo'),
  async test(ctx, signal) {
    const key = keyOf(ctx, 'veo');
    if (!key) throw noKeyError('Veo', 'veo');
    const base = endpoint(ctx, 'veo', 'https://generativelanguage.googleapis.com');
    const { data } = await requestJson<{ name?: string; supportedGenerationMethods?: string[] }>(
      { provider: 'Veo', key: `veo:${base}` },
      { url: `${base}/v1beta/models/veo-3.0-generate-001`, headers: { 'x-goog-api-key': key.value } },
      { ...ctx.call, signal },
    );
    return `key from ${key.source} can see ${data.name ?? 'the Veo model'} (no clip generated, nothing billed)`;
  },
};
