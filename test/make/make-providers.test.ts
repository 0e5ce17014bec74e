import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { enqueueMake } from '../../main/make/enqueue-make';
import { providerContext } from '../../main/providers/test-provider';
import { Worker } from '../../main/queue/worker';
import { getProject } from '../../main/store/projects';
import { locateFfmpeg } from '../../native/ffmpeg/locate';
import { probeMedia } from '../../native/ffmpeg/probe';
import { startServer, type Seen } from '../providers/loopback';
import { openTestQueue, tempHome } from '../queue/helpers';

const KEY = 'pexels-key-for-the-make-test-0123456789';

/** Every file under a folder, for looking for a leaked key. */
const filesUnder = (dir: string): string[] => readdirSync(dir, { recursive: true }).map((f) => join(dir, String(f))).filter((f) => statSync(f).isFile());

test('make with a stock provider set up: the scene no local file fits gets a Pexels clip, the choices and reasons are in the job events, credits sit beside the video, and the key is written nowhere', async (t) => {
  const home = tempHome();
  t.after(home.cleanup);
  const tools = locateFfmpeg({ env: process.env });
  const clip = join(home.dir, 'clip.mp4');
  execFileSync(tools.ffmpeg.path, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=360x640:r=25:d=6', '-pix_fmt', 'yuv420p', clip]);
  const clipBytes = readFileSync(clip);
  let base = '';
  const server = await startServer((req: Seen) => {
    // files come from a CDN without the key; the API wants it on every call
    if (req.url.pathname.startsWith('/files/')) return { file: clipBytes, contentType: 'video/mp4' };
    if (req.headers.authorization !== KEY) return { status: 401, json: { error: 'bad key' } };
    if (req.url.pathname === '/videos/search') {
      const q = req.url.searchParams.get('query')!;
      return {
        json: {
          page: 1, per_page: 15, total_results: 1, url: 'https://www.pexels.com/videos/',
          videos: [{ id: 42, width: 1080, height: 1920, duration: 20, url: `https://www.pexels.com/video/${q.replace(/ /g, '-')}-42/`, image: `${base}/t.jpg`, user: { id: 1, name: 'Ada Lens', url: 'https://www.pexels.com/@ada' }, video_files: [{ id: 420, quality: 'hd', file_type: 'video/mp4', width: 1080, height: 1920, link: `${base}/files/42-hd.mp4` }] }],
        },
      };
    }
    return { status: 404, json: { error: 'not found' } };
  });
  base = server.url;
  t.after(() => server.close());

  const queue = openTestQueue(home.dir);
  t.after(() => queue.close());
  queue.useProviders(providerContext({ home: home.dir, env: { REELFORGE_PEXELS_API_KEY: KEY, REELFORGE_PEXELS_URL: server.url } }));
  const out = join(home.dir, 'out', 'lighthouse.mp4');
  const job = await enqueueMake(queue, { script: 'The lighthouse stands on the cliff.', voice: 'espeak-ng:en-us', settings: { preset: 'shorts-720', width: 144, height: 256 }, captions: 'none', output: out }, { rendersDir: join(home.dir, 'renders') });
  const worker = new Worker(queue, { pollMs: 50 });
  worker.start();
  await worker.run({ untilEmpty: true });
  await worker.stop();
  assert.equal(queue.get(job.id).state, 'completed', JSON.stringify(queue.get(job.id).error));

  const choices = queue.events({ jobId: job.id }).filter((e) => e.type === 'job.provider');
  const media = choices.find((e) => e.data.kind === 'media');
  assert.equal(media?.data.provider, 'pexels');
  assert.match(String(media?.data.reason), /chose pexels/);
  assert.match(String(choices.find((e) => e.data.kind === 'voice')?.data.reason), /espeak-ng:en-us/);

  const projectId = (queue.input(job.id) as { projectId: string }).projectId;
  const scene = getProject(queue.db, projectId)!.document.scenes[0]!;
  assert.equal(scene.visual.type, 'video');
  assert.ok(!relative(join(home.dir, 'library', 'stock'), (scene.visual as { path: string }).path).startsWith('..'), 'the clip is kept in the library, not in the job’s scratch folder');
  assert.equal(scene.credit?.author, 'Ada Lens');
  assert.match(readFileSync(out.replace(/\.mp4$/, '.credits.txt'), 'utf8'), /Scene 1: by Ada Lens on Pexels — https:\/\/www\.pexels\.com\/video\//);
  assert.equal((await probeMedia(tools.ffprobe.path, out)).video?.width, 144);
  assert.ok(!existsSync(out.replace(/\.mp4$/, '.srt')), 'captions: none writes no caption files');

  for (const f of [...filesUnder(home.dir), ...filesUnder(join(home.dir, 'out'))]) {
    if (/\.(mp4|wav|jpg)$/.test(f)) continue;
    assert.ok(!readFileSync(f).includes(KEY), `the key is not in ${f}`);
  }
  const db = JSON.stringify(queue.db.prepare('SELECT * FROM job_events').all()) + JSON.stringify(queue.db.prepare('SELECT input FROM jobs').all());
  assert.ok(!db.includes(KEY), 'nor in the job’s events and input');
});
