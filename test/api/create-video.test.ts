import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStudio, type Studio } from '../../main/api/create-studio';
import { locateFfmpeg } from '../../native/ffmpeg/locate';
import { probeMedia } from '../../native/ffmpeg/probe';
import { runFfmpeg } from '../../native/ffmpeg/run';
import type { JobView, StudioApi, StoredProject } from '../../preload/contract/studio-api';
import { outputFormat } from '../../preload/contract/project';
import { findTemplate } from '../../main/templates/load-templates';
import { connectOverBridge, jobFinished, type BridgeConnection } from './bridge-harness';

const root = new URL('../..', import.meta.url).pathname;
const small = { preset: 'shorts-720' as const, width: 144, height: 256, fps: 12 };

const finished = jobFinished;

const cacheEntries = (home: string) =>
  existsSync(join(home, 'voices', 'cache')) ? readdirSync(join(home, 'voices', 'cache'), { recursive: true }).filter((f) => String(f).endsWith('.wav')).length : 0;

describe('createVideo: the one make pipeline behind the StudioApi', () => {
  let dir: string;
  let studio: Studio;
  let api: StudioApi;
  let bridge: BridgeConnection;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reelforge-create-video-'));
    studio = await createStudio({ home: dir, transport: 'bridge' });
    bridge = await connectOverBridge(studio);
    api = bridge.api;
  });

  after(async () => {
    await bridge.close();
    await studio.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('"Create" queues a make job that leaves a voiced project in the library: narration, word timings, scenes fit to their audio, a voiced preview', async () => {
    const seen: JobView[] = [];
    const job = await api.createVideo({ title: 'Octopus facts', script: 'Octopuses have three hearts.\n\nTheir blood is blue.', templateId: 'bold-shorts', voice: 'espeak-ng:en-us', settings: small, render: false });
    assert.equal(job.kind, 'make');
    const done = await finished(api, job.id, seen);
    assert.equal(done.state, 'completed', JSON.stringify(done.error));
    const stages = [...new Set(seen.map((j) => j.stage).filter(Boolean))];
    assert.ok(stages.includes('voice'), `progress named the voice stage (saw ${stages.join(', ')})`);
    assert.ok(done.projectId, 'the finished job names its project');

    const project = await api.getProject(done.projectId!);
    assert.equal(project.title, 'Octopus facts');
    assert.equal(project.scenes.length, 2);
    for (const scene of project.scenes) {
      assert.equal(scene.duration, 'fit');
      assert.ok(scene.audio && existsSync(scene.audio), `narration file ${scene.audio}`);
      assert.ok((scene.words?.length ?? 0) >= 3, 'word timings for the captions');
    }
    assert.ok((await api.listProjects()).some((p) => p.id === project.id), 'listed in the library');

    // the page can play the narration through /media, like any other library file
    const wav = await fetch(`${bridge.server.url}/media${project.scenes[0]!.audio}?key=${bridge.server.mediaKey}`);
    assert.equal(wav.status, 200);
    assert.equal(Buffer.from(await wav.arrayBuffer()).subarray(0, 4).toString('latin1'), 'RIFF');

    const tools = locateFfmpeg({ env: process.env });
    const preview = await api.renderPreview({ project, sceneIndex: 0 });
    const narration = await probeMedia(tools.ffprobe.path, project.scenes[0]!.audio!);
    assert.ok(preview.durationSeconds >= narration.duration!, `${preview.durationSeconds} s covers ${narration.duration} s of narration`);
    const { stderrTail } = await runFfmpeg(tools.ffmpeg.path, ['-hide_banner', '-i', preview.path, '-af', 'volumedetect', '-f', 'null', '-'], { stderrTailChars: 4000 });
    const mean = Number(/mean_volume: (-?[\d.]+) dB/.exec(stderrTail)?.[1] ?? -Infinity);
    assert.ok(mean > -50, `the preview is voiced (mean volume ${mean} dB)`);
  });

  test('an unchanged scene is never spoken again: a script with one scene edited synthesises only that scene', async () => {
    const script = (third: string) => `The first scene stays the same.\n\nSo does the second one.\n\n${third}`;
    const a = await api.createVideo({ script: script('The third scene says one thing.'), voice: 'espeak-ng:en-us', settings: small, render: false });
    assert.equal((await finished(api, a.id)).state, 'completed');
    const afterFirst = cacheEntries(dir);
    const b = await api.createVideo({ script: script('The third scene now says another.'), voice: 'espeak-ng:en-us', settings: small, render: false });
    assert.equal((await finished(api, b.id)).state, 'completed');
    assert.equal(cacheEntries(dir), afterFirst + 1, 'only the edited scene was synthesised');
    const [pa, pb] = [await api.getProject((await api.listJobs()).find((j) => j.id === a.id)!.projectId!), await api.getProject((await api.listJobs()).find((j) => j.id === b.id)!.projectId!)];
    assert.equal(pa.scenes[0]!.audio, pb.scenes[0]!.audio, 'the unchanged scene reuses the same narration file');
    assert.notEqual(pa.scenes[2]!.audio, pb.scenes[2]!.audio);
  });

  test('an unknown voice fails the job with a readable reason and no project', async () => {
    const before = (await api.listProjects()).length;
    const job = await api.createVideo({ script: 'Hello there.', voice: 'espeak-ng:xx-nope', settings: small, render: false });
    const done = await finished(api, job.id);
    assert.equal(done.state, 'failed');
    assert.match(done.error!.message, /no voice/);
    assert.equal(done.error!.code, 'INVALID_INPUT');
    assert.equal((await api.listProjects()).length, before);
  });

  test('a video takes its template’s own format and size unless the request picks another (every door sends this request)', async () => {
    const made = async (request: Omit<Parameters<StudioApi['createVideo']>[0], 'script'>) => {
      const job = await api.createVideo({ script: 'One short line.', voice: 'espeak-ng:en-us', render: false, ...request });
      const done = await finished(api, job.id);
      assert.equal(done.state, 'completed', JSON.stringify(done.error));
      const { width, height } = outputFormat((await api.getProject(done.projectId!)).settings);
      return `${width}x${height}`;
    };
    // minimal-quote is designed square, kids-fun as a 720p short
    assert.equal(findTemplate('minimal-quote').preset, 'square-1080');
    assert.equal(await made({ templateId: 'minimal-quote' }), '1080x1080');
    assert.equal(await made({ templateId: 'kids-fun' }), '720x1280');
    // the user's choice wins: a format, or a size
    assert.equal(await made({ templateId: 'minimal-quote', format: 'shorts' }), '1080x1920');
    assert.equal(await made({ templateId: 'kids-fun', settings: small }), '144x256');
  });

  test('bad requests are refused before anything is queued, naming the field', async () => {
    await assert.rejects(api.createVideo({ settings: small, render: false }), /give a script or a topic/);
    await assert.rejects(api.createVideo({ script: 'x', templateId: 'no-such-template' }), /no template "no-such-template"/);
  });
});

describe('the CLI and the studio share one pipeline, one library and one event log', () => {
  let dir: string;
  let studio: Studio;
  let api: StudioApi;
  let bridge: BridgeConnection;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reelforge-cli-studio-'));
    // No worker in the studio: the CLI process runs the job, and the studio only watches.
    studio = await createStudio({ home: join(dir, 'home'), transport: 'bridge', worker: false });
    bridge = await connectOverBridge(studio);
    api = bridge.api;
  });

  after(async () => {
    await bridge.close();
    await studio.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('`reelforge make` in a terminal shows live in the studio, lands in its library, and builds the same document the studio builds', async () => {
    const text = 'Tyres lose pressure every month.\n\nCheck them when they are cold.';
    writeFileSync(join(dir, 'script.txt'), text);
    const views: JobView[] = [];
    const changed: string[] = [];
    const offJob = api.on('job', (j) => views.push(j));
    const offProjects = api.on('projectsChanged', (e) => changed.push(...e.ids));
    const out = join(dir, 'tyres.mp4');
    const cli = spawn(process.execPath, [join(root, 'bin/reelforge.js'), 'make', '--home', join(dir, 'home'), '--script', join(dir, 'script.txt'), '--voice', 'espeak-ng:en-us', '--size', '144x256', '--captions', 'both', '--quiet', '-o', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    cli.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((r) => cli.on('exit', r));
    assert.equal(code, 0, stderr);
    await new Promise((r) => setTimeout(r, 800)); // one more tick of the studio's event feed
    offJob();
    offProjects();

    const made = views.filter((v) => v.kind === 'make');
    assert.ok(made.length > 3, `the studio heard the CLI's job (${made.length} events)`);
    assert.ok(made.some((v) => v.state === 'active' && v.stage === 'render'), 'including its render, while it ran');
    const last = made.at(-1)!;
    assert.equal(last.state, 'completed');
    assert.equal(last.output, out);
    assert.deepEqual(last.companions?.map((c) => c.slice(-4)).sort(), ['.ass', '.srt', '.vtt']);
    assert.ok(existsSync(out) && existsSync(out.replace(/\.mp4$/, '.srt')));
    assert.ok(changed.includes(last.projectId!), 'the studio was told its library changed');
    const fromCli = await api.getProject(last.projectId!);
    // the library card's length is the video's length (the timeline's rule, not a word-count guess)
    const summary = (await api.listProjects()).find((p) => p.id === last.projectId)!;
    const rendered = (await probeMedia(locateFfmpeg({ env: process.env }).ffprobe.path, out)).duration!;
    assert.ok(Math.abs(summary.durationSeconds - rendered) < 0.15, `library says ${summary.durationSeconds} s, the video is ${rendered} s`);

    // The same script through the studio's door gives the same document (narration files included: the cache).
    const job = await api.createVideo({ script: text, voice: 'espeak-ng:en-us', settings: { preset: 'shorts-1080', width: 144, height: 256 }, captions: 'both', render: false });
    const child = spawn(process.execPath, [join(root, 'bin/reelforge.js'), 'worker', '--home', join(dir, 'home'), '--quiet'], { stdio: 'ignore' });
    await new Promise((r) => child.on('exit', r));
    const fromStudio = await api.getProject((await api.listJobs()).find((j) => j.id === job.id)!.projectId!);
    const strip = (p: StoredProject) => ({ ...p, id: undefined });
    assert.deepEqual(strip(fromStudio), strip(fromCli));
    // a sidecar of the burned-in pages: the hook's title card shows its own words, so the captions
    // (and their cues) may start after it, but they carry the rest of the narration
    const srt = readFileSync(out.replace(/\.mp4$/, '.srt'), 'utf8');
    assert.match(srt, /^1\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\n\S/);
    assert.match(srt.replace(/\s+/g, ' '), /they are cold\./);
  });
});
