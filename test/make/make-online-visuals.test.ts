import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { join, relative } from 'node:path';
import { main } from '../../main/cli/main';
import { buildRuntimeConfig } from '../../main/config/runtime-config';
import { enqueueMake } from '../../main/make/enqueue-make';
import { providerContext } from '../../main/providers/test-provider';
import { addProjectJob } from '../../main/pipeline/project-job';
import { Worker } from '../../main/queue/worker';
import { prepareRender } from '../../main/render/prepare';
import { getProject, saveProject } from '../../main/store/projects';
import { locateFfmpeg } from '../../native/ffmpeg/locate';
import { probeMedia } from '../../native/ffmpeg/probe';
import { projectSchema, type ProjectDocument } from '../../preload/contract/project';
import { startServer, type Loopback, type Seen } from '../providers/loopback';
import { openTestQueue, tempHome, waitFor } from '../queue/helpers';

const root = new URL('../..', import.meta.url).pathname;
const tools = locateFfmpeg({ env: process.env });
const W = 144;
const H = 256;
const VEO = '/v1beta/models/veo-3.0-generate-001';

/** A clip as a service would return it: a moving test pattern at the video's frame. */
function makeClip(file: string, source: string): Buffer {
  execFileSync(tools.ffmpeg.path, ['-v', 'error', '-y', '-f', 'lavfi', '-i', `${source}=s=${W}x${H}:r=25:d=8`, '-pix_fmt', 'yuv420p', file]);
  return readFileSync(file);
}

/** A frame as 16×16 grey levels, for comparing what a scene shows. */
function frameAt(file: string, seconds: number): Buffer {
  return execFileSync(tools.ffmpeg.path, ['-v', 'error', '-ss', seconds.toFixed(3), '-i', file, '-frames:v', '1', '-vf', 'scale=16:16', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { maxBuffer: 1 << 20 });
}
const difference = (a: Buffer, b: Buffer) => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]!), 0) / a.length;

/** A loopback Veo: the operation stays running until `ready`, then names a file on the same server. */
async function veoServer(clip: Buffer) {
  const state = { ready: false };
  let base = '';
  const server = await startServer((req: Seen) => {
    if (req.headers['x-goog-api-key'] !== 'veo-test-key-000111222') return { status: 403, json: { error: { code: 403, message: 'API key not valid' } } };
    if (req.path === `${VEO}:predictLongRunning`) return { json: { name: 'models/veo-3.0-generate-001/operations/lighthouse-1' } };
    if (req.path === `${VEO}/operations/lighthouse-1`) {
      return state.ready
        ? { json: { name: 'x', done: true, response: { generateVideoResponse: { generatedSamples: [{ video: { uri: `${base}/v1beta/files/lighthouse-1:download?alt=media` } }] } } } }
        : { json: { name: 'x', done: false, metadata: { progressPercent: 40 } } };
    }
    if (req.url.pathname === '/v1beta/files/lighthouse-1:download') return { file: clip };
    return { status: 404, json: { error: { code: 404, message: `no ${req.path}` } } };
  });
  base = server.url;
  return { server, state };
}

/** A loopback HeyGen (API and upload host in one): the video stays processing until `ready`. */
async function heyGenServer(clip: Buffer) {
  const state = { ready: false };
  let base = '';
  const server = await startServer((req: Seen) => {
    if (req.path.startsWith('/out/')) return { file: clip };
    if (req.headers['x-api-key'] !== 'heygen-test-key-333444') return { status: 401, json: { code: 401, message: 'Unauthorized' } };
    if (req.path === '/v1/asset') return { json: { code: 100, data: { id: 'asset-narration-2', file_type: 'audio' } } };
    if (req.path === '/v2/video/generate') return { json: { error: null, data: { video_id: 'talk-2' } } };
    if (req.path === '/v1/video_status.get?video_id=talk-2') {
      return { json: { code: 100, data: state.ready ? { status: 'completed', video_url: `${base}/out/talk-2.mp4` } : { status: 'processing', video_url: null } } };
    }
    return { status: 404, json: { message: `no ${req.path}` } };
  });
  base = server.url;
  return { server, state };
}

const count = (s: Loopback, pred: (x: Seen) => boolean) => s.seen.filter(pred).length;

function startWorker(home: string, env: Record<string, string>): { child: ChildProcess; exited: Promise<number | null>; stderr: () => string } {
  const child = spawn(process.execPath, [join(root, 'bin/reelforge.js'), 'worker', '--home', home], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, exited, stderr: () => err };
}

test('make with a generated scene (Veo) and an avatar scene (HeyGen): a worker killed -9 after each submit resumes the same operation, each is paid once, and the video shows both clips', async (t) => {
  const home = tempHome('rf-online-');
  t.after(home.cleanup);
  const veoClip = makeClip(join(home.dir, 'veo.mp4'), 'testsrc2');
  const avatarClip = makeClip(join(home.dir, 'avatar.mp4'), 'smptebars');
  const veo = await veoServer(veoClip);
  t.after(() => veo.server.close());
  const heygen = await heyGenServer(avatarClip);
  t.after(() => heygen.server.close());
  const env = {
    REELFORGE_VEO_API_KEY: 'veo-test-key-000111222',
    REELFORGE_VEO_URL: veo.server.url,
    REELFORGE_HEYGEN_API_KEY: 'heygen-test-key-333444',
    REELFORGE_HEYGEN_URL: heygen.server.url,
    REELFORGE_HEYGEN_UPLOAD_URL: heygen.server.url,
  };

  const queue = openTestQueue(home.dir);
  t.after(() => queue.close());
  const out = join(home.dir, 'out', 'lighthouse.mp4');
  const job = await enqueueMake(
    queue,
    {
      script: 'The lighthouse wakes at dawn.\n\nThe keeper tells you why it matters.\n\nThanks for watching.',
      voice: 'espeak-ng:en-us',
      settings: { preset: 'shorts-720', width: W, height: H },
      captions: 'none',
      output: out,
      clips: [{ scene: 1, prompt: 'a lighthouse at dawn, slow aerial shot' }],
      avatar: { avatarId: 'Keeper-Standing', scenes: [2] },
    },
    { rendersDir: join(home.dir, 'renders') },
  );
  assert.deepEqual(job.stages.map((s) => s.name), ['script', 'voice', 'media', 'project', 'clips', 'avatars', 'prepare-media', 'render', 'sidecars']);
  const resumeFiles = (stage: string) => {
    const dir = join(job.sessionDir, 'work', 'resume', stage);
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
  };

  // 1: killed while Veo is still making the clip (submitted, polled, not downloaded)
  const w1 = startWorker(home.dir, env);
  t.after(() => w1.child.kill('SIGKILL'));
  await waitFor(() => count(veo.server, (s) => s.path.endsWith('/operations/lighthouse-1')) > 0, 'the worker to poll the Veo operation', 120_000);
  w1.child.kill('SIGKILL');
  await w1.exited;
  assert.equal(resumeFiles('clips').length, 1, 'the operation id was kept in the session’s resume folder');
  assert.equal(count(veo.server, (s) => s.url.pathname.endsWith(':download')), 0, 'killed before the download');

  // 2: the clip is ready; a new worker polls the SAME operation, then is killed while HeyGen works
  veo.state.ready = true;
  const w2 = startWorker(home.dir, env);
  t.after(() => w2.child.kill('SIGKILL'));
  await waitFor(() => count(heygen.server, (s) => s.path.startsWith('/v1/video_status.get')) > 0, 'the worker to poll the HeyGen video', 120_000);
  w2.child.kill('SIGKILL');
  await w2.exited;
  assert.equal(resumeFiles('avatars').length, 1);

  // 3: the avatar is ready; a third worker finishes the job
  heygen.state.ready = true;
  const w3 = startWorker(home.dir, env);
  t.after(() => w3.child.kill('SIGKILL'));
  assert.equal(await w3.exited, 0, w3.stderr());
  assert.equal(queue.get(job.id).state, 'completed', JSON.stringify(queue.get(job.id).error));

  assert.equal(count(veo.server, (s) => s.path.endsWith(':predictLongRunning')), 1, 'Veo saw exactly one submit');
  assert.equal(count(heygen.server, (s) => s.path === '/v2/video/generate'), 1, 'HeyGen saw exactly one video request');
  assert.equal(count(heygen.server, (s) => s.path === '/v1/asset'), 1, 'the narration was uploaded once');
  const upload = heygen.server.seen.find((s) => s.path === '/v1/asset')!;
  assert.equal(upload.headers['content-type'], 'audio/wav', 'the avatar is lip-synced to the scene’s own narration');

  // time and cost are in the job's events
  const online = queue.events({ jobId: job.id }).filter((e) => e.type === 'job.provider' && (e.data.kind === 'clip' || e.data.kind === 'avatar'));
  const clipDone = online.find((e) => e.data.kind === 'clip' && e.data.seconds !== undefined)!;
  assert.match(String(clipDone.data.reason), /scene 1: Google Veo clip ready in [\d.]+ s — resumed models\/veo-3\.0-generate-001\/operations\/lighthouse-1, not paid again; cost: billed per second/);
  assert.equal(clipDone.data.paid, false);
  assert.match(String(online.find((e) => e.data.kind === 'avatar' && e.data.seconds !== undefined)!.data.reason), /scene 2: HeyGen avatar ready in [\d.]+ s — resumed talk-2, not paid again; cost: uses the plan’s credits/);

  // the library's project points at the made files, kept in the library
  const projectId = (queue.input(job.id) as { projectId: string }).projectId;
  const doc = getProject(queue.db, projectId)!.document;
  assert.equal(doc.scenes[0]!.visual.type, 'generated');
  assert.equal(doc.scenes[1]!.visual.type, 'avatar');
  for (const s of doc.scenes.slice(0, 2)) {
    const path = (s.visual as { path?: string }).path!;
    assert.ok(!relative(join(home.dir, 'library', 'generated'), path).startsWith('..'), `${path} is in the library`);
    assert.ok(existsSync(path));
  }

  // the video: right size, and each scene shows its clip rather than a card
  const video = await probeMedia(tools.ffprobe.path, out);
  assert.equal(video.video?.width, W);
  const starts = [0];
  for (const s of doc.scenes) starts.push(starts.at(-1)! + (await probeMedia(tools.ffprobe.path, s.audio!)).duration! + s.padding);
  const mid = (i: number) => (starts[i]! + starts[i + 1]!) / 2;
  const card = frameAt(out, mid(2));
  const scene1 = frameAt(out, mid(0));
  const scene2 = frameAt(out, mid(1));
  const fromVeo = difference(scene1, frameAt(join(home.dir, 'veo.mp4'), mid(0)));
  const fromAvatar = difference(scene2, frameAt(join(home.dir, 'avatar.mp4'), mid(1) - starts[1]!));
  t.diagnostic(`scene 1 vs Veo clip ${fromVeo.toFixed(1)}, vs card ${difference(scene1, card).toFixed(1)}; scene 2 vs avatar ${fromAvatar.toFixed(1)}, vs card ${difference(scene2, card).toFixed(1)}`);
  assert.ok(fromVeo < difference(scene1, card) / 3, 'scene 1 shows the generated clip');
  assert.ok(fromAvatar < difference(scene2, card) / 3, 'scene 2 shows the avatar');

  // the keys went nowhere but the services
  const db = JSON.stringify(queue.db.prepare('SELECT * FROM job_events').all()) + JSON.stringify(queue.db.prepare('SELECT input FROM jobs').all());
  assert.ok(!db.includes(env.REELFORGE_VEO_API_KEY) && !db.includes(env.REELFORGE_HEYGEN_API_KEY));
});

test('a generated scene with no clip provider set up: the job fails once, naming the scene and what to set, and nothing leaves the machine', async (t) => {
  const home = tempHome('rf-online-');
  t.after(home.cleanup);
  const queue = openTestQueue(home.dir);
  t.after(() => queue.close());
  queue.useProviders(providerContext({ home: home.dir, env: {} }));
  const job = await enqueueMake(
    queue,
    { script: 'One.\n\nTwo.', voice: 'espeak-ng:en-us', settings: { preset: 'shorts-720', width: W, height: H }, captions: 'none', output: join(home.dir, 'o.mp4'), clips: [{ scene: 2, prompt: 'waves' }] },
    { rendersDir: join(home.dir, 'renders') },
  );
  const worker = new Worker(queue, { pollMs: 50 });
  worker.start();
  await worker.run({ untilEmpty: true });
  await worker.stop();
  const failed = queue.get(job.id);
  assert.equal(failed.state, 'failed');
  assert.equal(failed.attempts, 1, 'no retry: only the user can fix it');
  assert.match(failed.error!.message, /scene 2 asks for a generated clip, but no clip provider is ready: veo \(no API key yet\)/);
  assert.ok(!existsSync(join(home.dir, 'o.mp4')));
});

test('a render job of a studio project with "generate from prompt": the clip is made before the render, the library learns its path, and rendering again pays nothing', async (t) => {
  const home = tempHome('rf-online-');
  t.after(home.cleanup);
  const clip = makeClip(join(home.dir, 'veo.mp4'), 'testsrc2');
  const veo = await veoServer(clip);
  veo.state.ready = true;
  t.after(() => veo.server.close());
  const queue = openTestQueue(home.dir);
  t.after(() => queue.close());
  queue.useProviders(providerContext({ home: home.dir, env: { REELFORGE_VEO_API_KEY: 'veo-test-key-000111222', REELFORGE_VEO_URL: veo.server.url } }));
  const doc: ProjectDocument = projectSchema.parse({
    version: 1,
    id: 'studio-1',
    title: 'dawn',
    settings: { preset: 'shorts-720', width: W, height: H, fps: 15, encoder: 'libx264' },
    scenes: [
      { id: 'a', duration: 1.5, visual: { type: 'generated', prompt: 'a lighthouse at dawn, slow aerial shot', fit: 'fill' } },
      { id: 'b', duration: 1, visual: { type: 'color', color: '#203040' }, transition: { type: 'cut', duration: 0 } },
    ],
  });
  saveProject(queue.db, doc, 'studio-1');

  // rendering it directly (no queue to make the clip) names the scene
  await assert.rejects(prepareRender(doc, { ffprobe: tools.ffprobe.path, workDir: join(home.dir, 'tmp') }), (e: Error & { details?: { issues?: { path: string; message: string }[] } }) =>
    /scene 1 asks for a clip generated from the prompt "a lighthouse at dawn/.test(JSON.stringify(e.details)) || /scene 1 asks for a clip/.test(e.message));

  const render = async (name: string) => {
    const job = await addProjectJob(queue, doc, { output: join(home.dir, `${name}.mp4`) });
    const worker = new Worker(queue, { pollMs: 50 });
    worker.start();
    await worker.run({ untilEmpty: true });
    await worker.stop();
    assert.equal(queue.get(job.id).state, 'completed', JSON.stringify(queue.get(job.id).error));
    return job;
  };
  const first = await render('first');
  assert.deepEqual(first.stages.map((s) => s.name), ['clips', 'prepare-media', 'render']);
  assert.equal(count(veo.server, (s) => s.path.endsWith(':predictLongRunning')), 1);
  const stored = getProject(queue.db, 'studio-1')!.document.scenes[0]!.visual as { type: string; path?: string };
  assert.equal(stored.type, 'generated');
  assert.ok(stored.path && existsSync(stored.path), 'the studio’s project now points at the made clip');
  const firstOut = join(home.dir, 'first.mp4');
  const [generated, card] = [frameAt(firstOut, 0.7), frameAt(firstOut, 2.2)];
  const fromClip = difference(generated, frameAt(join(home.dir, 'veo.mp4'), 0.7));
  t.diagnostic(`generated scene vs clip ${fromClip.toFixed(1)}, vs card ${difference(generated, card).toFixed(1)}`);
  assert.ok(card.length === 256 && fromClip < difference(generated, card) / 3, 'the generated scene shows the clip, not a card');

  // the same request again (the document as it was before): the kept clip is used, nothing sent
  const second = await render('second');
  assert.equal(count(veo.server, (s) => s.path.endsWith(':predictLongRunning')), 1, 'no second submit');
  const reuse = queue.events({ jobId: second.id }).find((e) => e.type === 'job.provider' && e.data.kind === 'clip');
  assert.match(String(reuse?.data.reason), /scene 1: the same clip was made earlier .*nothing paid/);
});

test('an avatar with the service’s voice on a scene without narration audio: the avatar speaks the narration text, its sound is heard and the scene lasts as long as it talks', async (t) => {
  const home = tempHome('rf-online-');
  t.after(home.cleanup);
  // the service's video: a picture and 3 s of its own voice (a tone)
  const talk = join(home.dir, 'talk.mp4');
  execFileSync(tools.ffmpeg.path, ['-v', 'error', '-y', '-f', 'lavfi', '-i', `smptebars=s=${W}x${H}:r=25:d=3`, '-f', 'lavfi', '-i', 'sine=f=440:d=3', '-pix_fmt', 'yuv420p', '-shortest', talk]);
  const heygen = await heyGenServer(readFileSync(talk));
  heygen.state.ready = true;
  t.after(() => heygen.server.close());
  const queue = openTestQueue(home.dir);
  t.after(() => queue.close());
  queue.useProviders(providerContext({ home: home.dir, env: { REELFORGE_HEYGEN_API_KEY: 'heygen-test-key-333444', REELFORGE_HEYGEN_URL: heygen.server.url, REELFORGE_HEYGEN_UPLOAD_URL: heygen.server.url } }));
  const doc = projectSchema.parse({
    version: 1,
    title: 'presenter',
    settings: { preset: 'shorts-720', width: W, height: H, fps: 15, encoder: 'libx264' },
    style: { caption: { enabled: false } },
    scenes: [{ narration: 'Welcome to the lighthouse.', duration: 'fit', padding: 0.4, visual: { type: 'avatar', avatarId: 'Keeper-Standing', voiceId: 'en-keeper-1' } }],
  });
  const out = join(home.dir, 'presenter.mp4');
  const job = await addProjectJob(queue, doc, { output: out });
  const worker = new Worker(queue, { pollMs: 50 });
  worker.start();
  await worker.run({ untilEmpty: true });
  await worker.stop();
  assert.equal(queue.get(job.id).state, 'completed', JSON.stringify(queue.get(job.id).error));
  const create = heygen.server.seen.find((s) => s.path === '/v2/video/generate')!;
  assert.deepEqual(create.json.video_inputs[0].voice, { type: 'text', input_text: 'Welcome to the lighthouse.', voice_id: 'en-keeper-1' });
  assert.equal(count(heygen.server, (s) => s.path === '/v1/asset'), 0, 'nothing to upload');
  const video = await probeMedia(tools.ffprobe.path, out);
  t.diagnostic(`video ${video.duration} s`);
  assert.ok(Math.abs(video.duration! - 3.4) < 0.2, 'the avatar’s 3 s and the padding');
  const { stderr } = spawnSync(tools.ffmpeg.path, ['-hide_banner', '-i', out, '-af', 'volumedetect', '-vn', '-f', 'null', '-'], { encoding: 'utf8' });
  const mean = Number(/mean_volume: (-?[\d.]+) dB/.exec(stderr)?.[1]);
  t.diagnostic(`mean volume ${mean} dB`);
  assert.ok(mean > -40, 'the avatar’s own voice is in the video');
});

test('reelforge make --clip with no key set: exits with an error naming the scene and the variable; a malformed --clip is a usage error', async (t) => {
  const home = tempHome('rf-online-');
  t.after(home.cleanup);
  const script = join(home.dir, 'script.txt');
  writeFileSync(script, 'The lighthouse.\n\nThe sea.\n');
  // the CLI reads its environment once, at its entry point: this one has no Veo key
  const config = buildRuntimeConfig({ env: { ...process.env, REELFORGE_VEO_API_KEY: undefined } });
  const run = async (...args: string[]) => {
    let err = '';
    const sink = () => new Writable({ write(c, _e, cb) { err += String(c); cb(); } });
    const code = await main(['make', '--script', script, '--voice', 'espeak-ng:en-us', '--size', `${W}x${H}`, '--captions', 'none', '--home', join(home.dir, 'home'), '-o', join(home.dir, 'o.mp4'), ...args], { out: sink(), err: sink(), config });
    return { code, err };
  };
  const bad = await run('--clip', 'a lighthouse');
  assert.notEqual(bad.code, 0);
  assert.match(bad.err, /--clip is SCENE:PROMPT/);
  const r = await run('--clip', '2:the sea at night');
  assert.notEqual(r.code, 0);
  assert.match(r.err, /scene 2 asks for a generated clip, but no clip provider is ready: veo \(no API key yet\)/);
  assert.ok(!existsSync(join(home.dir, 'o.mp4')));
});
