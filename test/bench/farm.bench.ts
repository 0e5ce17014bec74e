/**
 * bench:farm — one long render through the farm with ONE worker against the same render on this
 * machine alone (the render bench's project, with cuts every two scenes so it splits into chunks),
 * in the same run. Prints the overhead ratio (goal ≤ 1.10×), each chunk's time, and the time N
 * workers would take, projected from those: the coordinator's own share (preparing, the sound,
 * the join) plus the chunks dealt out longest first. Both renders run on this machine, so the ratio
 * is the farm's cost, not its gain: two workers on one 2-core machine share the same two cores and
 * cannot show a speed-up, so none is measured here.
 *   FARM_BENCH_SIZE=540x960 (default 1080x1920), FARM_CHUNK_SECONDS (default 14)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateFfmpeg } from '../../native/ffmpeg/locate';
import { buildRuntimeConfig, capabilitiesOf, locateTools } from '../../main/config/runtime-config';
import { cli, startRedis, waitFor } from '../farm/farm-harness';
import { makeMedia, project } from './render-spec';

const tools = locateFfmpeg({ env: process.env });
const dir = join(tmpdir(), 'reelforge-bench-farm');
mkdirSync(dir, { recursive: true });
makeMedia(dir, tools.ffmpeg.path);
const [w, h] = (process.env.FARM_BENCH_SIZE ?? '1080x1920').split('x').map(Number);
const doc = project(dir);
doc.settings = { ...doc.settings, width: w, height: h };
// a cut before every other scene: the render splits there (a transition is never split)
doc.scenes = doc.scenes.map((s, i) => (i % 2 === 0 ? { ...s, transition: { type: 'cut' as const, duration: 0 } } : s));
const projectFile = join(dir, 'farm-project.json');
writeFileSync(projectFile, JSON.stringify(doc));

/** Runs the CLI without blocking this process (the worker's log keeps arriving meanwhile). */
async function timedCli(args: string[]): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: benchEnv });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  if (code !== 0) throw new Error(`reelforge ${args.join(' ')} failed:\n${err}`);
  return (performance.now() - t0) / 1000;
}

/** The farm render's job log in the coordinator's home (its session folder's logs/job.log). */
function findJobLog(dir: string): string | undefined {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) {
      const found = findJobLog(full);
      if (found) return found;
    } else if (e.name === 'job.log') return full;
  }
  return undefined;
}

// One capability cache for every command of the bench, checked before anything is timed: the
// single render would otherwise find this machine's cache warm while the farm's fresh coordinator
// home verified every encoder again (seconds, once per home), which is no part of the farm's cost.
// (handed to every command it starts: this process's own environment is never written)
const benchEnv = { ...process.env, REELFORGE_CACHE: join(dir, 'cache') };
const benchConfig = buildRuntimeConfig({ env: benchEnv });
await capabilitiesOf(benchConfig, locateTools(benchConfig));

const redis = await startRedis();
const home = join(dir, 'worker-home');
const coordHome = join(dir, 'coordinator-home');
rmSync(coordHome, { recursive: true, force: true });
const worker = spawn(process.execPath, [cli, 'worker', '--farm', redis.url, '--home', home, '--name', 'bench'], { stdio: ['ignore', 'ignore', 'pipe'], env: benchEnv });
let log = '';
worker.stderr!.on('data', (d) => (log += d));
try {
  await waitFor('the worker', () => log.includes('waiting for work'), 120_000);
  const single = await timedCli(['render', projectFile, '-o', join(dir, 'single.mp4'), '-q']);
  const farmStarted = Date.now();
  const farm = await timedCli(['render', projectFile, '-o', join(dir, 'farm.mp4'), '-q', '--farm', redis.url, '--home', coordHome, '--chunk-seconds', process.env.FARM_CHUNK_SECONDS ?? '14']);
  const chunks = [...log.matchAll(/chunk (\d+)\/(\d+) rendered in ([\d.]+) s \((\d+) frames/g)].map((m) => ({ index: Number(m[1]), seconds: Number(m[3]), frames: Number(m[4]) }));
  const work = chunks.reduce((a, c) => a + c.seconds, 0);
  const coordinatorShare = Math.max(0, farm - work);
  const project = (n: number) => {
    const loads = new Array(n).fill(0) as number[];
    for (const c of [...chunks].sort((a, b) => b.seconds - a.seconds)) { const k = loads.indexOf(Math.min(...loads)); loads[k] = loads[k]! + c.seconds; }
    return coordinatorShare + Math.max(...loads);
  };
  console.log(`render: ${doc.scenes.length} scenes, ${w}×${h}, ${doc.settings.fps ?? 30} fps, libx264 ${doc.settings.speed}; ${chunks.length} chunks`);
  console.log(`single machine:           ${single.toFixed(1)} s`);
  console.log(`farm, one worker:         ${farm.toFixed(1)} s   ratio ${(farm / single).toFixed(2)}× (goal ≤ 1.10×)`);
  for (const c of chunks.sort((a, b) => a.index - b.index)) console.log(`  chunk ${c.index}: ${c.seconds.toFixed(1)} s (${c.frames} frames)`);
  console.log(`  coordinator's share (prepare, sound, join, hand-offs): ${coordinatorShare.toFixed(1)} s`);
  for (const n of [2, 4, 8]) console.log(`projected with ${n} workers on separate machines: ${project(n).toFixed(1)} s (${(single / project(n)).toFixed(2)}× faster than one machine)`);
  console.log('(projected, not measured: two workers on this 2-core machine would share its cores and show no speed-up)');
  // where the coordinator's share went: its job's log, in seconds from the command's start
  const jobLog = findJobLog(coordHome);
  if (jobLog) {
    console.log("coordinator's log (s after the command started):");
    for (const line of readFileSync(jobLog, 'utf8').split('\n').filter(Boolean)) {
      const at = (Date.parse(line.slice(0, 24)) - farmStarted) / 1000;
      console.log(`  ${at.toFixed(1).padStart(6)}  ${line.slice(25)}`);
    }
  }
  for (const line of log.split('\n').filter((l) => /rendered in/.test(l))) console.log(`  worker: ${line.replace(/^worker: /, '')}`);
} finally {
  worker.kill('SIGTERM');
  await new Promise((r) => worker.once('exit', r));
  await redis.stop();
}
