// npm run bench:queue — enqueue/claim latency with 10,000 jobs in the table, start-up recovery
// of 1,000 interrupted jobs, the queue's overhead on a real render, and what rendering in
// resumable segments (+ concat without re-encode) would cost. Prints what it measured.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { claimJobs } from '../../main/queue/claim';
import { addProjectJob } from '../../main/pipeline/project-job';
import { recoverJobs } from '../../main/queue/recovery';
import { Worker } from '../../main/queue/worker';
import { defaultLimits } from '../../main/queue/limits';
import { renderProject } from '../../main/render/render-project';
import type { ProjectDocument } from '../../preload/contract/project';
import { locateFfmpeg } from '../../native/ffmpeg/locate';
import { openTestQueue, tempHome, tinyProject } from '../queue/helpers';
import { buildRuntimeConfig } from '../../main/config/runtime-config';

/** this test process's runtime configuration, from its environment, as an entry point builds one */
const testConfig = buildRuntimeConfig({ env: process.env });

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (n: number) => `${n.toFixed(2)} ms`;
const median = (xs: number[]) => pct(xs, 50);

async function latency(): Promise<void> {
  const home = tempHome('rf-bench-queue-');
  const queue = openTestQueue(home.dir);
  const stages = [{ name: 'tiny-encode', options: {} }];
  for (let i = 0; i < 10_000; i++) await queue.add({ title: `fill ${i}`, stages });
  const adds: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const t = performance.now();
    await queue.add({ title: `timed ${i}`, stages });
    adds.push(performance.now() - t);
  }
  const claims: number[] = [];
  const limits = { ...defaultLimits, 'encode-cpu': 1 };
  for (let i = 0; i < 1000; i++) {
    const t = performance.now();
    const [claimed] = claimJobs(queue, 'bench', limits);
    claims.push(performance.now() - t);
    queue.db.prepare("UPDATE jobs SET state = 'completed' WHERE id = ?").run(claimed!.job.id);
  }
  console.log(`enqueue (11,000 jobs in the table, incl. session folders): p50 ${ms(pct(adds, 50))}  p99 ${ms(pct(adds, 99))}`);
  console.log(`claim   (10,000 waiting):                                p50 ${ms(pct(claims, 50))}  p99 ${ms(pct(claims, 99))}`);

  // Recovery: 1,000 jobs left active by a worker that no longer exists.
  queue.db.prepare("INSERT INTO workers (id, pid, host, started_at, heartbeat_at) VALUES ('dead', 999999, 'gone', 0, 0)").run();
  queue.db.prepare("UPDATE jobs SET state = 'active', worker_id = 'dead' WHERE seq IN (SELECT seq FROM jobs WHERE state = 'waiting' LIMIT 1000)").run();
  const t = performance.now();
  const report = recoverJobs(queue, 'bench-2');
  console.log(`start-up recovery of ${report.recovered.length} interrupted jobs: ${ms(performance.now() - t)}`);
  queue.close();
  home.cleanup();
}

async function renderOverhead(): Promise<void> {
  const home = tempHome('rf-bench-render-');
  const project = tinyProject(home.dir, { scenes: 4, seconds: 15, width: 270, height: 480, fps: 30 });
  const bare: number[] = [];
  const staged: number[] = [];
  const whole: number[] = [];
  for (let run = 0; run < 3; run++) {
    let t = performance.now();
    await renderProject({ config: testConfig, project, output: join(home.dir, `bare-${run}.mp4`), workDir: join(home.dir, `bare-work-${run}`), encoder: 'libx264' });
    bare.push(performance.now() - t);

    const queue = openTestQueue(join(home.dir, `home-${run}`));
    const job = await addProjectJob(queue, project, { output: join(home.dir, `queued-${run}.mp4`), encoder: 'libx264' });
    const worker = new Worker(queue, { pollMs: 50 });
    worker.start();
    t = performance.now();
    await worker.run({ untilEmpty: true });
    whole.push(performance.now() - t);
    await worker.stop();
    const ev = queue.events({ jobId: job.id }).filter((e) => e.type === 'job.stage' && e.data.stage === 'render');
    staged.push(ev.find((e) => e.data.phase === 'finished')!.at - ev.find((e) => e.data.phase === 'started')!.at);
    queue.close();
  }
  const b = median(bare);
  console.log(`render, 60 s 270×480 30 fps, libx264 (medians of 3): bare ${b.toFixed(0)} ms; queued render stage ${median(staged).toFixed(0)} ms (×${(median(staged) / b).toFixed(3)}); whole job incl. media prep, hashing, delivery ${median(whole).toFixed(0)} ms (×${(median(whole) / b).toFixed(3)})`);

  // Segments: the same scenes rendered as 4 separate renders, then joined with -c copy.
  const seg: number[] = [];
  for (let run = 0; run < 3; run++) {
    const t = performance.now();
    const parts: string[] = [];
    for (const [i, scene] of project.scenes.entries()) {
      const part: ProjectDocument = { ...project, scenes: [scene] };
      const out = join(home.dir, `seg-${run}-${i}.mp4`);
      await renderProject({ config: testConfig, project: part, output: out, workDir: join(home.dir, `seg-work-${run}-${i}`), encoder: 'libx264' });
      parts.push(`file '${out}'`);
    }
    const list = join(home.dir, `seg-${run}.txt`);
    execFileSync('sh', ['-c', `printf '%s\\n' "$@" > ${list}`, 'sh', ...parts]);
    execFileSync(locateFfmpeg({ env: process.env }).ffmpeg.path, ['-v', 'error', '-y', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', join(home.dir, `seg-${run}.mp4`)]);
    seg.push(performance.now() - t);
  }
  console.log(`segmented render (4 segments + concat -c copy): ${median(seg).toFixed(0)} ms (×${(median(seg) / b).toFixed(3)} of one render)`);
  home.cleanup();
}

await latency();
await renderOverhead();
