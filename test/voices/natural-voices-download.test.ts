import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStudio, type Studio } from '../../main/api/create-studio';
import { buildRuntimeConfig } from '../../main/config/runtime-config';
import { kokoroModelPath, voiceModelDownloadPath } from '../../main/models/voice-model';
import type { StudioApi } from '../../preload/contract/studio-api';
import type { VoiceModelState } from '../../preload/contract/voice-model';
import { connectOverBridge, type BridgeConnection } from '../api/bridge-harness';
import { tinyKokoroModel } from '../tts/kokoro-test-model';
import { sha256Of, startModelServer, type ModelServer } from './model-server';

const model = Buffer.from(tinyKokoroModel());

async function studioWith(source: { url: string; sha256: string; bytes: number }) {
  const home = mkdtempSync(join(tmpdir(), 'reelforge-natural-'));
  const config = { ...buildRuntimeConfig({ env: process.env, home }), voiceModel: source };
  const studio = await createStudio({ config, transport: 'bridge', worker: false });
  const bridge = await connectOverBridge(studio);
  const events: VoiceModelState[] = [];
  bridge.api.on('voiceModel', (s) => events.push(s));
  return {
    home,
    studio,
    api: bridge.api,
    events,
    models: join(home, 'models'),
    async close() {
      await bridge.close();
      await studio.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Polls the state until `ok` holds (a download runs on after its call answers). */
async function until(api: StudioApi, ok: (s: VoiceModelState) => boolean): Promise<VoiceModelState> {
  for (;;) {
    const s = await api.voiceModel('status');
    if (ok(s)) return s;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('Natural voices from the studio: one download through the model manager', () => {
  let server: ModelServer;
  let s: Awaited<ReturnType<typeof studioWith>>;
  before(async () => {
    server = await startModelServer(model);
    s = await studioWith({ url: server.url, sha256: sha256Of(model), bytes: model.length });
  });
  after(async () => {
    await s.close();
    await server.close();
  });

  test('download with progress (bytes, speed, time left), pause keeps the bytes, resume continues them, SHA-256 checked, then the natural voices come first and speak', async () => {
    assert.deepEqual(await s.api.voiceModel(), { phase: 'absent', received: 0, total: model.length });
    const half = Math.floor(model.length / 2);
    server.holdAt(half);
    const started = await s.api.voiceModel('download');
    assert.equal(started.phase, 'downloading');
    const held = await until(s.api, (x) => x.received === half);
    assert.equal(held.phase, 'downloading');
    assert.equal(held.total, model.length);
    assert.ok(held.bytesPerSecond! > 0, `a speed while bytes arrive: ${JSON.stringify(held)}`);
    assert.ok(held.secondsLeft! > 0, 'and the time left');
    assert.ok(s.events.some((e) => e.phase === 'downloading' && e.received > 0 && e.received < model.length), 'progress reached the page as events');

    const paused = await s.api.voiceModel('pause');
    assert.equal(paused.phase, 'paused');
    assert.equal(paused.received, half);
    const part = `${voiceModelDownloadPath({ dir: s.models }, sha256Of(model))}.part`;
    assert.equal(statSync(part).size, half, 'the bytes that came are kept on disk');
    assert.equal(existsSync(kokoroModelPath({ dir: s.models })), false, 'nothing installed from half a file');

    await s.api.voiceModel('download');
    const installed = await until(s.api, (x) => x.phase === 'installed' || x.phase === 'failed');
    assert.equal(installed.phase, 'installed', installed.error);
    assert.equal(installed.source, 'download');
    assert.deepEqual(server.log.at(-1), { range: `bytes=${half}-`, status: 206 }, 'resume asked only for the rest');
    assert.deepEqual(readFileSync(kokoroModelPath({ dir: s.models })), model);
    assert.deepEqual(readdirSync(join(s.models, 'tts', '.downloads')), [], 'no part left behind');
    assert.equal(s.events.at(-1)!.phase, 'installed', 'the page heard it was installed');

    // its voices now come first, offered (installed), with their human names
    const { voices } = await s.api.listVoices();
    assert.equal(voices[0]!.kind, 'natural');
    assert.equal(voices[0]!.installed, true);
    assert.ok(voices.some((v) => v.id === 'neural:af_heart' && v.label === 'Heart'));
    // ▶ on Heart is spoken by Heart: the natural engine, not the system voice
    const sample = await s.api.speakSample({ voice: 'neural:af_heart' });
    assert.ok(sample.durationSeconds! > 0.3);
    const meta = JSON.parse(readFileSync(sample.path.replace(/\.wav$/, '.json'), 'utf8')) as { voiceId: string };
    assert.equal(meta.voiceId, 'neural:af_heart');
  });
});

describe('Natural voices: cancel, disk space, a bad checksum, an imported file', () => {
  let server: ModelServer;
  before(async () => {
    server = await startModelServer(model);
  });
  after(() => server.close());

  test('cancel stops the download and deletes what came', async (t) => {
    const s = await studioWith({ url: server.url, sha256: sha256Of(model), bytes: model.length });
    t.after(() => s.close());
    server.holdAt(Math.floor(model.length / 3));
    await s.api.voiceModel('download');
    await until(s.api, (x) => x.received > 0);
    const cancelled = await s.api.voiceModel('cancel');
    assert.deepEqual(cancelled, { phase: 'absent', received: 0, total: model.length });
    assert.deepEqual(readdirSync(join(s.models, 'tts', '.downloads')), [], 'the part is gone');
    server.release();
  });

  test('a disk without room for the model is refused before a byte is fetched, in words', async (t) => {
    const asked = server.log.length;
    // a file larger than any disk: the real free space of this machine's disk cannot hold it
    const s = await studioWith({ url: server.url, sha256: sha256Of(model), bytes: 2 ** 52 });
    t.after(() => s.close());
    const st = await s.api.voiceModel('download');
    assert.equal(st.phase, 'failed');
    assert.match(st.error!, /^Not enough free disk space: the natural voices need [\d,]+ MB and this disk has [\d,]+ MB free\. Free some space and try again\.$/);
    assert.equal(server.log.length, asked, 'nothing was requested');
    assert.equal((await s.api.voiceModel()).phase, 'failed', 'the reason stays until the next try');
  });

  test('a file whose SHA-256 does not match is deleted, nothing is installed, and the page is told why without a path', async (t) => {
    const s = await studioWith({ url: server.url, sha256: 'ab'.repeat(32), bytes: model.length });
    t.after(() => s.close());
    await s.api.voiceModel('download');
    const st = await until(s.api, (x) => x.phase === 'failed' || x.phase === 'installed');
    assert.equal(st.phase, 'failed');
    assert.match(st.error!, /did not match its SHA-256 checksum, so it was deleted and nothing was installed/);
    assert.doesNotMatch(st.error!, /\/|\\|reelforge /, 'no path, no command');
    assert.equal(existsSync(kokoroModelPath({ dir: s.models })), false);
  });

  test('Import a model file…: a wrong file is refused by its name; the model file installs the natural voices', async (t) => {
    const s = await studioWith({ url: server.url, sha256: sha256Of(model), bytes: model.length });
    t.after(() => s.close());
    await assert.rejects(s.api.importVoiceModel({ name: 'holiday.onnx', base64: Buffer.from('not a model').toString('base64') }), (err: Error) => {
      assert.match(err.message, /“holiday\.onnx” is not the natural voices’ model/);
      assert.doesNotMatch(err.message, /\/tmp|\.imports/, 'the temporary path is not shown');
      return true;
    });
    await assert.rejects(s.api.importVoiceModel({ name: 'notes.txt', base64: 'aGk=' }), /“notes\.txt” is not a model file/);
    const st = await s.api.importVoiceModel({ name: 'kokoro-v1.0.onnx', base64: model.toString('base64') });
    assert.equal(st.phase, 'installed');
    assert.equal(st.source, 'import');
    assert.ok((await s.api.listVoices()).voices.some((v) => v.id === 'neural:bf_emma' && v.installed));
  });
});
