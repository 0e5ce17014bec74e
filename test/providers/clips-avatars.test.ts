import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderAvatar } from '../../main/providers/avatar/avatar-service';
import { didService } from '../../main/providers/avatar/d-id';
import { heyGenService } from '../../main/providers/avatar/heygen';
import { generateClip } from '../../main/providers/clip/clip-service';
import { veoService } from '../../main/providers/clip/veo';
import { startServer } from './loopback';

const KEY = 'veo-key-0000-secret';
const poll = { baseMs: 5, maxMs: 20 };
const quick = { backoff: { baseMs: 5, maxMs: 20 }, timeoutMs: 3000, poll };
const video = Buffer.from('....ftypisom fake mp4 bytes, enough to tell files apart'.repeat(50));

test('Veo: submit → poll until done → download; the operation is handed over at once, and a resumed run never submits again', async () => {
  let polls = 0;
  const files = await startServer(() => ({ file: video }));
  const api = await startServer((req) => {
    if (req.path === '/v1beta/models/veo-3.0-generate-001:predictLongRunning') return { json: { name: 'models/veo-3.0-generate-001/operations/op42' } };
    if (req.path === '/v1beta/models/veo-3.0-generate-001/operations/op42') {
      polls++;
      return polls < 3
        ? { json: { name: 'models/veo-3.0-generate-001/operations/op42', done: false } }
        : { json: { name: 'models/veo-3.0-generate-001/operations/op42', done: true, response: { '@type': 'type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse', generateVideoResponse: { generatedSamples: [{ video: { uri: `${files.url}/download/op42.mp4` } }] } } } };
    }
    return { status: 404, json: { error: { code: 404, message: 'not found' } } };
  });
  const dir = mkdtempSync(join(tmpdir(), 'rf-veo-'));
  try {
    const service = veoService({ apiKey: KEY, baseUrl: api.url });
    const submitted: string[] = [];
    const r = await generateClip(service, { prompt: 'a lighthouse at dawn, slow aerial', aspectRatio: '9:16', negativePrompt: 'text' }, { ...quick, outPath: join(dir, 'clip.mp4'), onSubmitted: (op) => submitted.push(op) });
    assert.deepEqual(submitted, ['models/veo-3.0-generate-001/operations/op42']);
    assert.equal(r.submitted, true);
    assert.ok(readFileSync(join(dir, 'clip.mp4')).equals(video));
    const submit = api.seen[0]!;
    assert.equal(submit.headers['x-goog-api-key'], KEY);
    assert.deepEqual(submit.json, { instances: [{ prompt: 'a lighthouse at dawn, slow aerial' }], parameters: { aspectRatio: '9:16', negativePrompt: 'text' } });
    // the file lives on another host: the key is not sent there
    assert.equal(files.seen[0]!.headers['x-goog-api-key'], undefined);

    // a crash after submitting: the checkpointed operation is polled, not paid for again
    const before = api.seen.filter((s) => s.path.endsWith(':predictLongRunning')).length;
    const again = await generateClip(service, { prompt: 'a lighthouse at dawn, slow aerial', aspectRatio: '9:16' }, { ...quick, outPath: join(dir, 'clip2.mp4'), operation: 'models/veo-3.0-generate-001/operations/op42' });
    assert.equal(again.submitted, false);
    assert.equal(api.seen.filter((s) => s.path.endsWith(':predictLongRunning')).length, before);
    assert.ok(existsSync(join(dir, 'clip2.mp4')));
  } finally {
    await api.close();
    await files.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Veo: a failed or filtered operation is a clear error; a 5xx on submit is not sent twice', async () => {
  let mode: 'error' | 'filtered' | 'submit-500' = 'error';
  const api = await startServer((req) => {
    if (req.path.endsWith(':predictLongRunning')) return mode === 'submit-500' ? { status: 500, json: { error: { message: 'internal' } } } : { json: { name: 'operations/x' } };
    if (mode === 'error') return { json: { name: 'operations/x', done: true, error: { code: 3, message: 'prompt rejected by the safety filter' } } };
    return { json: { name: 'operations/x', done: true, response: { generateVideoResponse: { raiMediaFilteredCount: 1, raiMediaFilteredReasons: ['contains a person'] } } } };
  });
  const dir = mkdtempSync(join(tmpdir(), 'rf-veo-'));
  const req = { prompt: 'x', aspectRatio: '16:9' as const };
  try {
    const service = veoService({ apiKey: KEY, baseUrl: api.url });
    await assert.rejects(generateClip(service, req, { ...quick, outPath: join(dir, 'a.mp4') }), /Veo: operations\/x failed: prompt rejected by the safety filter/);
    mode = 'filtered';
    await assert.rejects(generateClip(service, req, { ...quick, outPath: join(dir, 'b.mp4') }), /filtered: contains a person/);
    mode = 'submit-500';
    const n = api.seen.length;
    await assert.rejects(generateClip(service, req, { ...quick, outPath: join(dir, 'c.mp4') }), (e: Error & { code?: string }) => e.code === 'PROVIDER_FAILED' && /not sent again/.test(e.message));
    assert.equal(api.seen.length - n, 1, 'a submit that may have been accepted is not repeated');
    assert.ok(!existsSync(join(dir, 'a.mp4')) && !existsSync(join(dir, 'c.mp4')));
  } finally {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('HeyGen: the narration is uploaded as raw audio, the video is generated from the avatar and the asset, polled, downloaded', async () => {
  let base = '';
  let polls = 0;
  const api = await startServer((req) => {
    if (req.path === '/v1/asset') return { json: { code: 100, data: { id: 'asset-7', name: 'narration', file_type: 'audio' }, msg: null, message: null } };
    if (req.path === '/v2/video/generate') return { json: { error: null, data: { video_id: 'vid-9' } } };
    if (req.path === '/v1/video_status.get?video_id=vid-9') {
      polls++;
      return { json: { code: 100, data: polls < 2 ? { status: 'processing', video_url: null } : { status: 'completed', video_url: `${base}/out/vid-9.mp4`, duration: 4.2 }, message: 'Success' } };
    }
    if (req.path === '/out/vid-9.mp4') return { file: video };
    return { status: 404, json: { error: 'not found' } };
  });
  base = api.url;
  const dir = mkdtempSync(join(tmpdir(), 'rf-heygen-'));
  try {
    const audio = join(dir, 'narration.wav');
    writeFileSync(audio, Buffer.from('RIFF....WAVEfmt fake narration'));
    const r = await renderAvatar(heyGenService({ apiKey: 'hg-key-123456', baseUrl: api.url, uploadUrl: api.url }), { avatar: 'Angela-inTshirt', audioPath: audio, width: 720, height: 1280 }, { ...quick, outPath: join(dir, 'avatar.mp4') });
    assert.ok(readFileSync(r.path).equals(video));
    const upload = api.seen[0]!;
    assert.equal(upload.headers['x-api-key'], 'hg-key-123456');
    assert.equal(upload.headers['content-type'], 'audio/wav');
    assert.ok(upload.body.equals(readFileSync(audio)), 'the audio bytes are the body');
    assert.deepEqual(api.seen[1]!.json, {
      video_inputs: [{ character: { type: 'avatar', avatar_id: 'Angela-inTshirt', avatar_style: 'normal' }, voice: { type: 'audio', audio_asset_id: 'asset-7' } }],
      dimension: { width: 720, height: 1280 },
    });
  } finally {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('D-ID: a portrait speaks a script with a voice; a rejected talk says why', async () => {
  let base = '';
  let reject = false;
  const api = await startServer((req) => {
    if (req.path === '/talks' && req.method === 'POST') return { status: 201, json: { id: 'tlk_5', object: 'talk', created_at: '2026-01-01T00:00:00Z', status: 'created' } };
    if (req.path === '/talks/tlk_5') return reject ? { json: { id: 'tlk_5', status: 'rejected', error: { kind: 'FaceError', description: 'no face found in the image' } } } : { json: { id: 'tlk_5', status: 'done', result_url: `${base}/r/tlk_5.mp4` } };
    if (req.path === '/r/tlk_5.mp4') return { file: video };
    return { status: 404, json: { message: 'not found' } };
  });
  base = api.url;
  const dir = mkdtempSync(join(tmpdir(), 'rf-did-'));
  try {
    const service = didService({ apiKey: 'user@example.com:secretpart', baseUrl: api.url });
    const req = { avatar: 'https://example.com/portrait.jpg', script: 'Hello from the scene.', voice: 'en-US-JennyNeural', width: 512, height: 512 };
    const r = await renderAvatar(service, req, { ...quick, outPath: join(dir, 'talk.mp4') });
    assert.ok(existsSync(r.path));
    const create = api.seen[0]!;
    assert.equal(create.headers.authorization, `Basic ${Buffer.from('user@example.com:secretpart').toString('base64')}`);
    assert.deepEqual(create.json, { source_url: 'https://example.com/portrait.jpg', script: { type: 'text', input: 'Hello from the scene.', provider: { type: 'microsoft', voice_id: 'en-US-JennyNeural' } } });
    reject = true;
    await assert.rejects(renderAvatar(service, req, { ...quick, outPath: join(dir, 'talk2.mp4') }), /D-ID: tlk_5 failed: no face found in the image/);
  } finally {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
