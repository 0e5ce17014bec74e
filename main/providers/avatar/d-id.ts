import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { StudioError } from '../../../preload/contract/errors';
import { downloadResumable } from '../http/download';
import { requestJson, type ProviderCall } from '../http/provider-http';
import type { PollState } from '../long-running';
import { rememberSecret } from '../redact';
import { endpoint, keyOf, keyedStatus, type ProviderDefinition, noKeyError } from '../types';
import type { AvatarService } from './avatar-service';

/**
 * D-ID: POST /talks with a portrait's URL and a script (text with a voice, or an uploaded audio
 * file's URL), GET /talks/{id} until done, download result_url. D-ID's key is used as HTTP Basic
 * credentials; a key given as "user:secret" is encoded here.
 */
export interface DidConfig {
  apiKey: string;
  /** https://api.d-id.com */
  baseUrl?: string;
  maxBytes?: number;
}

export function didService(cfg: DidConfig): AvatarService {
  const base = (cfg.baseUrl ?? 'https://api.d-id.com').replace(/\/+$/, '');
  const call: ProviderCall = { provider: 'D-ID', key: `d-id:${base}` };
  const token = cfg.apiKey.includes(':') ? Buffer.from(cfg.apiKey).toString('base64') : cfg.apiKey;
  rememberSecret(token); // the encoded form is as secret as the key
  const headers = { authorization: `Basic ${token}` };
  return {
    id: 'd-id',
    name: 'D-ID',
    async create(req, opts) {
      let script: Record<string, unknown>;
      if (req.audioPath) {
        const form = new FormData();
        form.append('audio', new Blob([readFileSync(req.audioPath)]), basename(req.audioPath));
        const { data } = await requestJson<{ url?: string }>(call, { url: `${base}/audios`, method: 'POST', headers, body: form }, opts);
        if (!data.url) throw new StudioError('PROVIDER_FAILED', 'D-ID took the audio upload but returned no url');
        script = { type: 'audio', audio_url: data.url };
      } else {
        script = { type: 'text', input: req.script, ...(req.voice ? { provider: { type: 'microsoft', voice_id: req.voice } } : {}) };
      }
      const { data } = await requestJson<{ id?: string }>({ ...call, idempotent: false }, { url: `${base}/talks`, headers, json: { source_url: req.avatar, script } }, opts);
      if (!data.id) throw new StudioError('PROVIDER_FAILED', 'D-ID did not return a talk id');
      return data.id;
    },
    async status(id, opts): Promise<PollState> {
      const { data } = await requestJson<{ status?: string; result_url?: string; error?: { kind?: string; description?: string } }>(call, { url: `${base}/talks/${encodeURIComponent(id)}`, headers }, opts);
      if (data.status === 'done' && data.result_url) return { state: 'done', url: data.result_url };
      if (data.status === 'error' || data.status === 'rejected') return { state: 'failed', message: data.error?.description ?? data.error?.kind ?? data.status };
      if (!data.status) throw new StudioError('PROVIDER_FAILED', 'D-ID answered a status request without a status');
      return { state: 'running' };
    },
    async download(url, outPath, opts) {
      await downloadResumable(url, outPath, { ...opts, provider: 'D-ID', maxBytes: cfg.maxBytes ?? 500_000_000 });
    },
  };
}

export const didProvider: ProviderDefinition = {
  id: 'd-id',
  kind: 'avatar',
  name: 'D-ID',
  description: 'A talking portrait: a still image speaking a script or the project’s narration.',
  offline: false,
  priority: 20,
  capabilities: { languages: ['*'], formats: ['mp4'], maxDurationSeconds: 300, costNotes: 'uses the plan’s credits per video; a resumed job polls the same talk id' },
  needs: { apiKey: { env: 'REELFORGE_D_ID_API_KEY' } },
  sends: 'the portrait’s URL, the script or narration audio, and the API key to api.d-id.com',
  status: (ctx) => keyedStatus(ctx, 'd-id'),
  async test(ctx, signal) {
    const key = keyOf(ctx, 'd-id');
    if (!key) throw noKeyError('D-ID', 'd-id');
    const base = endpoint(ctx, 'd-id', 'https://api.d-id.com');
    const token = key.value.includes(':') ? Buffer.from(key.value).toString('base64') : key.value;
    const { data } = await requestJson<{ remaining?: number; total?: number }>({ provider: 'D-ID', key: `d-id:${base}` }, { url: `${base}/credits`, headers: { authorization: `Basic ${token}` } }, { ...ctx.call, signal });
    return `key from ${key.source} works (${data.remaining ?? '?'} of ${data.total ?? '?'} credits left)`;
  },
};
