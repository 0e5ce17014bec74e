import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { StudioError } from '../../../preload/contract/errors';
import { downloadResumable } from '../http/download';
import { requestJson, type ProviderCall } from '../http/provider-http';
import type { PollState } from '../long-running';
import { endpoint, keyOf, keyedStatus, type ProviderDefinition, noKeyError } from '../types';
import type { AvatarService } from './avatar-service';

/**
 * HeyGen: POST /v2/video/generate with one video input (avatar + a text voice, or uploaded audio),
 * then GET /v1/video_status.get until completed, then download video_url. Audio is uploaded as
 * raw bytes to the upload host first. The key travels in X-Api-Key.
 */
export interface HeyGenConfig {
  apiKey: string;
  /** https://api.heygen.com */
  baseUrl?: string;
  /** https://upload.heygen.com */
  uploadUrl?: string;
  maxBytes?: number;
}

const audioType = (path: string) => (extname(path).toLowerCase() === '.mp3' ? 'audio/mpeg' : 'audio/wav');

export function heyGenService(cfg: HeyGenConfig): AvatarService {
  const base = (cfg.baseUrl ?? 'https://api.heygen.com').replace(/\/+$/, '');
  const upload = (cfg.uploadUrl ?? 'https://upload.heygen.com').replace(/\/+$/, '');
  const call: ProviderCall = { provider: 'HeyGen', key: `heygen:${base}` };
  const headers = { 'x-api-key': cfg.apiKey };
  return {
    id: 'heygen',
    name: 'HeyGen',
    async create(req, opts) {
      let voice: Record<string, unknown>;
      if (req.audioPath) {
        const { data } = await requestJson<{ data?: { id?: string } }>(
          { ...call, key: `heygen:${upload}` },
          { url: `${upload}/v1/asset`, method: 'POST', headers: { ...headers, 'content-type': audioType(req.audioPath) }, body: readFileSync(req.audioPath) },
          opts,
        );
        if (!data.data?.id) throw new StudioError('PROVIDER_FAILED', 'HeyGen took the audio upload but returned no asset id');
        voice = { type: 'audio', audio_asset_id: data.data.id };
      } else {
        if (!req.voice) throw new StudioError('INVALID_INPUT', 'a HeyGen avatar speaking a script needs a HeyGen voice id');
        voice = { type: 'text', input_text: req.script, voice_id: req.voice };
      }
      const body = {
        video_inputs: [{ character: { type: 'avatar', avatar_id: req.avatar, avatar_style: 'normal' }, voice }],
        dimension: { width: req.width, height: req.height },
      };
      const { data } = await requestJson<{ error?: { message?: string } | null; data?: { video_id?: string } }>({ ...call, idempotent: false }, { url: `${base}/v2/video/generate`, headers, json: body }, opts);
      if (!data.data?.video_id) throw new StudioError('PROVIDER_FAILED', `HeyGen did not start the video: ${data.error?.message ?? 'no video_id in its answer'}`);
      return data.data.video_id;
    },
    async status(id, opts): Promise<PollState> {
      const { data } = await requestJson<{ data?: { status?: string; video_url?: string; error?: { message?: string; detail?: string } | null } }>(call, { url: `${base}/v1/video_status.get?video_id=${encodeURIComponent(id)}`, headers }, opts);
      const d = data.data;
      if (d?.status === 'completed' && d.video_url) return { state: 'done', url: d.video_url };
      if (d?.status === 'failed') return { state: 'failed', message: d.error?.detail ?? d.error?.message ?? 'HeyGen reported a failure' };
      if (!d?.status) throw new StudioError('PROVIDER_FAILED', 'HeyGen answered a status request without a status');
      return { state: 'running' };
    },
    async download(url, outPath, opts) {
      // video_url is a signed link on HeyGen's file host: no key is sent with it
      await downloadResumable(url, outPath, { ...opts, provider: 'HeyGen', maxBytes: cfg.maxBytes ?? 500_000_000 });
    },
  };
}

export const heyGenProvider: ProviderDefinition = {
  id: 'heygen',
  kind: 'avatar',
  name: 'HeyGen',
  description: 'A talking avatar video from an avatar id and a script or the project’s narration.',
  offline: false,
  priority: 10,
  capabilities: { languages: ['*'], formats: ['mp4'], maxDurationSeconds: 300, costNotes: 'uses the plan’s credits per minute of video; a resumed job polls the same video id' },
  needs: { apiKey: { env: 'REELFORGE_HEYGEN_API_KEY' } },
  sends: 'the script or narration audio, the avatar and voice ids, and the API key to api.heygen.com (audio to upload.heygen.com)',
  status: (ctx) => keyedStatus(ctx, 'heygen'),
  async test(ctx, signal) {
    const key = keyOf(ctx, 'heygen');
    if (!key) throw noKeyError('HeyGen', 'heygen');
    const base = endpoint(ctx, 'heygen', 'https://api.heygen.com');
    const { data } = await requestJson<{ data?: { remaining_quota?: number } }>({ provider: 'HeyGen', key: `heygen:${base}` }, { url: `${base}/v2/user/remaining_quota`, headers: { 'x-api-key': key.value } }, { ...ctx.call, signal });
    return `key from ${key.source} works (remaining quota ${data.data?.remaining_quota ?? 'unknown'})`;
  },
};
