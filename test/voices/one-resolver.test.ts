import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStudio, type Studio } from '../../main/api/create-studio';
import { buildRuntimeConfig } from '../../main/config/runtime-config';
import { StudioError } from '../../preload/contract/errors';
import type { JobView, StudioApi } from '../../preload/contract/studio-api';
import { connectOverBridge, type BridgeConnection } from '../api/bridge-harness';
import { spoken, startServer, type Loopback, type Seen } from '../providers/loopback';

const VOICE = 'EXAVITQu4vr4xnSDxMaL';
const small = { preset: 'shorts-720' as const, width: 144, height: 256, fps: 12 };


const syntheses = (s: Loopback) => s.seen.filter((r: Seen) => r.method === 'POST' && r.url.pathname.includes('/v1/text-to-speech/'));

function finished(api: StudioApi, id: string): Promise<JobView> {
  return new Promise((resolve) => {
    const off = api.on('job', (j) => {
      if (j.id === id && ['completed', 'failed', 'cancelled'].includes(j.state)) {
        off();
        resolve(j);
      }
    });
  });
}

describe('one voice resolver behind every door: a project voiced by ElevenLabs stays ElevenLabs', () => {
  let dir: string;
  let studio: Studio;
  let bridge: BridgeConnection;
  let api: StudioApi;
  let eleven: Loopback;

  before(async () => {
    eleven = await startServer((req) => {
      if (req.headers['xi-api-key'] !== 'el-test-key-123456') return { status: 401, json: { detail: 'bad key' } };
      if (req.url.pathname === '/v1/voices') return { json: { voices: [{ voice_id: VOICE, name: 'Sarah', labels: { gender: 'female', language: 'en' } }] } };
      if (req.url.pathname.startsWith('/v1/text-to-speech/')) return { json: spoken(req.json.text) };
      return { status: 404, json: {} };
    });
    dir = mkdtempSync(join(tmpdir(), 'reelforge-resolver-'));
    const config = buildRuntimeConfig({ env: { ...process.env, REELFORGE_ELEVENLABS_API_KEY: 'el-test-key-123456', REELFORGE_ELEVENLABS_URL: eleven.url }, home: dir });
    studio = await createStudio({ config, transport: 'bridge' });
    bridge = await connectOverBridge(studio);
    api = bridge.api;
  });
  after(async () => {
    await bridge.close();
    await studio.close();
    await eleven.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the picker lists the cloud voice (its key is set) between the natural and the robotic voices, with its human name', async () => {
    const { voices } = await api.listVoices();
    const sarah = voices.find((v) => v.id === `elevenlabs:${VOICE}`);
    assert.ok(sarah, 'the ElevenLabs voice is offered');
    assert.equal(sarah.label, 'Sarah');
    assert.equal(sarah.kind, 'cloud');
    const kinds = voices.map((v) => v.kind);
    assert.equal(kinds[0], 'natural', 'natural voices first (Kokoro, here not installed)');
    assert.equal(voices[0]!.installed, false);
    assert.ok(kinds.lastIndexOf('natural') < kinds.indexOf('cloud') && kinds.lastIndexOf('cloud') < kinds.indexOf('robotic'), `order: ${[...new Set(kinds)].join(', ')}`);
    const us = voices.find((v) => v.id === 'espeak-ng:en-us');
    assert.equal(us?.languageName, 'English (US)');
  });

  test('make, edit one scene, re-voice: exactly one new request, to the same ElevenLabs voice', async () => {
    const job = await api.createVideo({ title: 'Bees', script: 'Bees dance to share directions.\n\nA hive can hold fifty thousand bees.', settings: small, render: false });
    const done = await finished(api, job.id);
    assert.equal(done.state, 'completed', JSON.stringify(done.error));
    assert.equal(syntheses(eleven).length, 2, 'each scene spoken once, by ElevenLabs (no natural model here, so the registry chose the cloud voice)');
    const project = await api.getProject(done.projectId!);
    assert.equal(project.audio.voice, `elevenlabs:${VOICE}`, 'the project records the voice it was spoken with');
    const scene = project.scenes.findIndex((s) => s.narration.startsWith('A hive'));
    assert.equal(project.scenes[scene]!.voice, `elevenlabs:${VOICE}`);

    const before = eleven.seen.length;
    const edited = structuredClone(project);
    edited.scenes[scene]!.narration = 'A strong hive can hold sixty thousand bees.';
    const revoiced = await api.voiceScene({ project: edited, sceneIndex: scene });
    const fresh = eleven.seen.slice(before);
    assert.equal(fresh.length, 1, `one request, not a listing first: ${fresh.map((r) => `${r.method} ${r.path}`).join(', ')}`);
    assert.ok(fresh[0]!.path.startsWith(`/v1/text-to-speech/${VOICE}/with-timestamps`), fresh[0]!.path);
    assert.equal(fresh[0]!.json.text, 'A strong hive can hold sixty thousand bees.');
    assert.equal(revoiced.scenes[scene]!.voice, `elevenlabs:${VOICE}`);
    assert.equal(revoiced.audio.voice, `elevenlabs:${VOICE}`);
    assert.deepEqual(revoiced.scenes[scene]!.words?.map((w) => w.text), ['A', 'strong', 'hive', 'can', 'hold', 'sixty', 'thousand', 'bees.']);
    assert.ok(existsSync(revoiced.scenes[scene]!.audio!));
  });

  test('▶ samples and synthesize_voice speak a cloud voice through the same resolver', async () => {
    const before = syntheses(eleven).length;
    const sample = await api.speakSample({ voice: `elevenlabs:${VOICE}` });
    assert.ok(existsSync(sample.path));
    const r = await api.synthesizeVoice({ text: 'Bees can see ultraviolet light.', voice: `elevenlabs:${VOICE}`, speed: 1 });
    assert.equal(r.voice, `elevenlabs:${VOICE}`);
    assert.equal(r.timing, 'engine-events');
    assert.equal(syntheses(eleven).length, before + 2);
  });

  test('a job is refused when it is queued with a voice no engine could be: nothing is queued', async () => {
    const jobs = (await api.listJobs()).length;
    for (const voice of ['../../bin/sh', 'espeak-ng:../../etc/passwd', 'festival:kal', 'neural:']) {
      await assert.rejects(api.createVideo({ script: 'Hello there.', voice, render: false }), (err: unknown) => err instanceof StudioError && err.code === 'INVALID_INPUT' && /voice/.test(err.message), voice);
    }
    assert.equal((await api.listJobs()).length, jobs);
  });
});
