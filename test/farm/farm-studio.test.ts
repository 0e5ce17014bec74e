import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createStudio, type Studio } from '../../main/api/create-studio';
import { buildRuntimeConfig } from '../../main/config/runtime-config';
import { projectSchema } from '../../preload/contract/project';
import type { JobView, StudioApi } from '../../preload/contract/studio-api';
import { connectOverBridge, jobFinished, type BridgeConnection } from '../api/bridge-harness';
import { spoken, startServer, type Loopback } from '../providers/loopback';
import { probeFile, tempDir, tools } from '../render/fixtures';
import { jobLogs, runCli, startFarm, type FarmUnderTest } from './farm-harness';

/**
 * The studio (as `reelforge serve --farm` starts it) coordinating a farm of two workers that cannot
 * see its home: New video and an export with upscale, through the studio's own queue. The provider
 * stages (a script written by an LLM, the narration by a cloud voice, both loopback servers
 * speaking their real protocols with keys kept in the studio's secret store) stay on the studio;
 * only the render and the upscale travel, as chunks.
 */
const base = tempDir('rf-farm-studio-');
const home = join(base, 'home');
const ANTHROPIC_KEY = 'sk-ant-farm-test-7f3a9c';
const ELEVEN_KEY = 'el-farm-test-key-51d0e2';
const VOICE = 'EXAVITQu4vr4xnSDxMaL';

let farm: FarmUnderTest;
let studio: Studio;
let bridge: BridgeConnection;
let api: StudioApi;
let anthropic: Loopback;
let eleven: Loopback;
/** every command any client sent Redis while the tests ran (MONITOR): what travelled through it */
const redisTraffic: string[] = [];
let monitor: Redis | undefined;
let monitored: Redis | undefined;

const script = JSON.stringify({
  title: 'Tyre pressure',
  language: 'en',
  scenes: [
    { narration: 'Your tyres lose air every month.', keywords: ['tyre'], role: 'hook' },
    { narration: 'Check them when they are cold.', keywords: ['gauge'], role: 'point' },
    { narration: 'Follow for more tips.', keywords: ['road'], role: 'cta' },
  ],
});

before(async () => {
  anthropic = await startServer((req) => {
    if (req.headers['x-api-key'] !== ANTHROPIC_KEY) return { status: 401, json: { type: 'error', error: { type: 'authentication_error', message: 'bad key' } } };
    return { json: { id: 'msg', type: 'message', role: 'assistant', model: 'claude-test', content: [{ type: 'text', text: script }], stop_reason: 'end_turn' } };
  });
  eleven = await startServer((req) => {
    if (req.headers['xi-api-key'] !== ELEVEN_KEY) return { status: 401, json: { detail: 'bad key' } };
    if (req.url.pathname === '/v1/voices') return { json: { voices: [{ voice_id: VOICE, name: 'Sarah', labels: { gender: 'female', language: 'en' } }] } };
    if (req.url.pathname.startsWith('/v1/text-to-speech/')) return { json: spoken(req.json.text) };
    return { status: 404, json: {} };
  });
  // the workers cannot read the studio's home (library, narration, keys, sessions) nor anything else of this test's
  farm = await startFarm({ workers: ['s1', 's2'], hidden: [base] });
  monitor = new Redis(farm.redis.port, '127.0.0.1');
  monitored = await monitor.monitor(); // a connection of its own, closed after
  monitored.on('monitor', (_time: string, args: string[]) => redisTraffic.push(args.join(' ')));
  const config = buildRuntimeConfig({
    env: { ...process.env, REELFORGE_ANTHROPIC_URL: anthropic.url, REELFORGE_ANTHROPIC_MODEL: 'claude-test', REELFORGE_ELEVENLABS_URL: eleven.url },
    home,
  });
  studio = await createStudio({ config, transport: 'bridge', farm: { url: farm.redis.url } });
  bridge = await connectOverBridge(studio);
  api = bridge.api;
  // the keys as a user sets them (Settings → Providers): in the studio's secret store, under its home
  await api.setProviderKey('anthropic', ANTHROPIC_KEY);
  await api.setProviderKey('elevenlabs', ELEVEN_KEY);
  // the page may change the chunk length: one second, so a short video still makes several chunks
  await api.setFarm({ url: farm.redis.url, enabled: true, chunkSeconds: 1 });
});

after(async () => {
  await bridge?.close();
  await studio?.close();
  monitored?.disconnect();
  monitor?.disconnect();
  await farm?.stop();
  await anthropic?.close();
  await eleven?.close();
});

const finished = (id: string, seen: JobView[] = []) => jobFinished(api, id, seen);

/** The queue's record of a job: its log, in the job's session folder. */
const jobLog = (id: string) => readFileSync(join(home, 'sessions', id, 'logs', 'job.log'), 'utf8');

/** chunk number → the worker whose upload the studio kept, as the job's log records it */
function receivedFrom(log: string): Map<number, string> {
  return new Map([...log.matchAll(/farm: chunk (\d+)\/\d+ received from (\S+)/g)].map((m) => [Number(m[1]), m[2]!]));
}

function meanVolume(file: string): number {
  const run = spawnSync(tools.ffmpeg.path, ['-hide_banner', '-i', file, '-map', '0:a', '-af', 'volumedetect', '-f', 'null', '-'], { encoding: 'utf8' });
  return Number(/mean_volume: (-?[\d.]+) dB/.exec(run.stderr)?.[1] ?? -Infinity);
}

/** `s` in `text`, an address not counted inside a longer port number (…:4123 in …:41234) */
const mentions = (text: string, s: string) => new RegExp(`${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\d)`).test(text);

/** Every file under a folder, read whole. */
function filesUnder(dir: string): Array<{ file: string; bytes: Buffer }> {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => ({ file: join(e.parentPath, e.name), bytes: readFileSync(join(e.parentPath, e.name)) }));
}

test('New video with the farm on: script and voice on the studio, the render in chunks on the workers; the video is whole and the job says who rendered it', async () => {
  const seen: JobView[] = [];
  const job = await api.createVideo({ topic: 'tyre pressure', templateId: 'bold-shorts', voice: `elevenlabs:${VOICE}`, settings: { preset: 'shorts-720', width: 144, height: 256, fps: 12 } });
  const done = await finished(job.id, seen);
  assert.equal(done.state, 'completed', `${JSON.stringify(done.error)}\n${existsSync(join(home, 'sessions', job.id)) ? jobLog(job.id) : ''}\n${farm.logs()}`);
  const stages = [...new Set(seen.map((j) => j.stage).filter(Boolean))];
  assert.ok(['script', 'voice', 'render'].every((s) => stages.includes(s)), `the job went through script, voice and render (saw ${stages.join(', ')})`);

  // the provider stages ran here: the LLM wrote the script, the cloud voice spoke each scene
  assert.ok(anthropic.seen.length >= 1, 'the script came from the LLM');
  const narrations: string[] = JSON.parse(script).scenes.map((s: { narration: string }) => s.narration);
  const voiced = new Set(eleven.seen.filter((r) => r.url.pathname.startsWith('/v1/text-to-speech/')).map((r) => r.json.text as string));
  assert.deepEqual([...voiced].sort(), [...narrations].sort(), 'each scene voiced by the cloud voice');
  const project = await api.getProject(done.projectId!);
  assert.deepEqual(project.scenes.map((s) => s.narration), narrations);

  // the render went to the farm: each chunk's upload came from one of the workers, as each worker's own log says
  const log = jobLog(job.id);
  const from = receivedFrom(log);
  const count = Number(/farm: (\d+) chunks? \(/.exec(log)?.[1]);
  assert.ok(count >= 3, `the render was split at its three cuts (${count} chunks)\n${log}`);
  assert.equal(from.size, count, `every chunk received from a worker:\n${log}`);
  for (const [i, worker] of from) {
    const w = farm.workers.find((x) => x.name === worker);
    assert.ok(w, `chunk ${i} came from ${worker}, one of the farm's workers`);
    assert.match(w.log(), new RegExp(`chunk ${i}/${count} rendered`), `${worker}'s log says it rendered chunk ${i}`);
  }
  for (const w of farm.workers) assert.doesNotMatch(w.log(), /upscaled|voice|script|elevenlabs|anthropic/i, `${w.name} did nothing but render chunks`);

  // the video: the whole project, its length the timeline's, with the narration's sound
  assert.ok(done.output && existsSync(done.output), 'the video is in the renders folder');
  const video = probeFile(done.output);
  const summary = (await api.listProjects()).find((p) => p.id === done.projectId)!;
  assert.deepEqual([video.width, video.height, video.fps], [144, 256, 12]);
  assert.ok(Math.abs(video.frames / 12 - summary.durationSeconds) <= 1 / 12 + 1e-6, `${video.frames} frames for a ${summary.durationSeconds} s project`);
  assert.ok(Math.abs(video.duration - summary.durationSeconds) < 0.15, `the video lasts ${video.duration} s, the project ${summary.durationSeconds} s`);
  assert.ok(video.hasAudio, 'with sound');
  assert.ok(meanVolume(done.output) > -40, 'the narration is heard');

  // Nothing of the providers reached the workers: no key and no path of the studio's went through
  // Redis, none is in the workers' environment, and none is in any file a worker kept.
  const secrets = [ANTHROPIC_KEY, ELEVEN_KEY, anthropic.url, eleven.url];
  assert.ok(redisTraffic.some((c) => /^hset reelforge:farm:job:/i.test(c) && c.includes(job.id)), 'MONITOR saw the job handed to the farm');
  for (const s of [...secrets, home]) assert.ok(!redisTraffic.some((c) => mentions(c, s)), `“${s}” never went through Redis`);
  for (const w of farm.workers) {
    const env = readFileSync(`/proc/${w.child.pid}/environ`, 'utf8');
    assert.match(env, /(^|\0)PATH=/, `${w.name}'s environment was read`);
    for (const s of secrets) assert.ok(!mentions(env, s), `${w.name}'s environment holds no provider key or address`);
    const kept = filesUnder(w.home);
    assert.ok(kept.some((f) => /[\\/]farm[\\/]cache[\\/]/.test(f.file)), `${w.name} fetched its inputs into its cache`);
    for (const { file, bytes } of kept) for (const s of [...secrets, home]) assert.ok(!mentions(bytes.toString('latin1'), s), `${file} holds “${s}”`);
  }
});

test('an export with upscale through the studio\'s queue: render and upscale chunks both on the workers, the upscaled video twice the size', async () => {
  const doc = projectSchema.parse({
    version: 1,
    title: 'Upscaled on the farm',
    settings: { preset: 'shorts-1080', width: 64, height: 112, fps: 8, encoder: 'libx264' },
    style: { transition: { type: 'cut', duration: 0 } },
    scenes: [
      { visual: { type: 'gradient', from: '#FF3D6E', to: '#2B1B6B', direction: 'diagonal' }, duration: 1 },
      { visual: { type: 'text', text: 'Two' }, duration: 1 },
      { visual: { type: 'color', color: '#3366cc' }, duration: 1 },
    ],
  });
  await api.saveProject({ ...doc, id: 'upscaled' });
  const before = farm.workers.map((w) => w.log().length);
  const job = await api.enqueueRender({ projectId: 'upscaled', upscale: 2 });
  const done = await finished(job.id);
  assert.equal(done.state, 'completed', `${JSON.stringify(done.error)}\n${existsSync(join(home, 'sessions', job.id)) ? jobLog(job.id) : ''}\n${farm.logs()}`);

  const out = probeFile(done.output!);
  assert.deepEqual([out.width, out.height], [128, 224], 'twice the project\'s 64×112');
  assert.equal(out.frames, 24, 'every frame of the 3 s at 8 fps');

  // both stages' chunks were made by the workers; the job's log names who sent each
  const log = jobLog(job.id);
  const upscaleAt = log.indexOf('farm: upscaling');
  assert.ok(upscaleAt > 0, `the upscale went to the farm:\n${log}`);
  assert.match(log.slice(upscaleAt), /farm: upscaling 24 frames in 3 chunks of 8/, 'upscale chunks of the farm\'s one-second chunk length');
  const rendered = receivedFrom(log.slice(0, upscaleAt));
  const upscaled = receivedFrom(log.slice(upscaleAt));
  assert.deepEqual([...rendered.keys()].sort(), [1, 2, 3], `three render chunks received:\n${log}`);
  assert.deepEqual([...upscaled.keys()].sort(), [1, 2, 3], `three upscale chunks received:\n${log}`);
  const since = (name: string) => farm.workers.map((w, i) => (w.name === name ? w.log().slice(before[i]) : '')).join('');
  for (const [i, worker] of upscaled) assert.match(since(worker), new RegExp(`chunk ${i}/3 upscaled`), `${worker} upscaled chunk ${i}, as the job's log says`);
  for (const [i, worker] of rendered) assert.match(since(worker), new RegExp(`chunk ${i}/3 rendered`), `${worker} rendered chunk ${i}, as the job's log says`);
});

test('`make --farm` from a terminal: the voice here, the render\'s chunks on the workers, and the video in -o', async () => {
  const cliHome = join(base, 'cli-home');
  const scriptFile = join(base, 'script.txt');
  writeFileSync(scriptFile, 'Bees dance to share directions.\n\nA hive holds fifty thousand bees.');
  const out = join(base, 'made', 'bees.mp4');
  const before = farm.workers.map((w) => w.log().length);
  const make = runCli(['make', '--script', scriptFile, '--voice', 'espeak-ng:en-us', '--size', '144x256', '--quiet', '-o', out, '--home', cliHome, '--farm', farm.redis.url, '--chunk-seconds', '1']);
  const code = await make.exit;
  assert.equal(code, 0, `${make.log()}\n${jobLogs(cliHome).join('\n')}\n${farm.logs()}`);
  const video = probeFile(out);
  assert.deepEqual([video.width, video.height], [144, 256]);
  assert.ok(video.hasAudio && meanVolume(out) > -50, 'the narration is heard');
  const log = jobLogs(cliHome).join('\n');
  const from = receivedFrom(log);
  assert.ok(from.size >= 2, `the render went out in chunks:\n${log}`);
  const rendered = farm.workers.map((w, i) => w.log().slice(before[i])).join('\n');
  for (const [i] of from) assert.match(rendered, new RegExp(`chunk ${i}/${from.size} rendered`), `chunk ${i} rendered by a worker`);
  assert.match(log, /voice/, 'the voice stage ran here');
});
