/**
 * bench:designed — a 60 s make with no media: every scene designed from its sentence (title,
 * stats, steps, an illustration, a quote, kinetic type, a call to action) over the template's
 * moving background, 1080×1920 30 fps, captions and narration, libx264 veryfast crf 23. Printed
 * against the encode floor measured in the same run (FFmpeg encoding 1800 frames of testsrc2 with
 * the same settings); the bar is ≤ 1.5×, FFmpeg's peak memory < 600 MB. TEMPLATE=id picks the
 * template (bold-shorts by default), RUNS=n the number of runs (medians).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { locateFfmpeg } from '../../native/ffmpeg/locate';
import { probeMedia } from '../../native/ffmpeg/probe';
import { runFfmpeg } from '../../native/ffmpeg/run';
import { runningProcesses } from '../../native/process-registry';
import { renderProject } from '../../main/render/render-project';
import { buildProject } from '../../main/make/build-project';
import { findTemplate } from '../../main/templates/load-templates';
import { parseProject } from '../../main/project/load-project';
import { buildRuntimeConfig } from '../../main/config/runtime-config';
import { PeakSampler, mb, median } from './proc-peak';

const testConfig = buildRuntimeConfig({ env: process.env });
const RUNS = Number(process.env.RUNS ?? 3);
const template = findTemplate(process.env.TEMPLATE ?? 'bold-shorts');
const tools = locateFfmpeg({ env: process.env });
const dir = join(tmpdir(), 'reelforge-bench-designed');
mkdirSync(dir, { recursive: true });

const lines = [
  'Cold brew is the calmest way to make coffee.',
  'About 87% of coffee drinkers have never tried it.',
  'First, grind the beans coarsely.',
  'Next, stir them into cold water.',
  'Then wait twelve hours in the fridge.',
  'Finally, strain it through a paper filter.',
  'The result tastes smoother and far less bitter.',
  'A jar keeps for two weeks in the fridge.',
  'As one barista put it, "Patience is the secret ingredient."',
  'It costs less than $2 a cup at home.',
  'Serve it over ice with a splash of milk.',
  'Follow for more coffee tips!',
];

async function main() {
  const hasEspeak = spawnSync('espeak-ng', ['--version']).status === 0;
  const narration = [];
  for (const [i, line] of lines.entries()) {
    const f = join(dir, `voice-${i}.m4a`);
    if (!existsSync(f)) {
      if (hasEspeak) {
        const wav = join(dir, `voice-${i}.wav`);
        execFileSync('espeak-ng', ['-v', 'en-us', '-s', '140', '-w', wav, line]);
        execFileSync(tools.ffmpeg.path, ['-v', 'error', '-y', '-i', wav, '-af', 'apad=pad_dur=0.9', '-c:a', 'aac', f]);
        rmSync(wav);
      } else execFileSync(tools.ffmpeg.path, ['-v', 'error', '-y', '-f', 'lavfi', '-i', "aevalsrc='0.3*sin(2*PI*200*t)*(0.5+0.5*sin(2*PI*4*t))':s=48000:d=4.6", '-c:a', 'aac', f]);
    }
    // word timings spread over the audio (the bench measures rendering, not speech alignment)
    const seconds = (await probeMedia(tools.ffprobe.path, f)).duration!;
    const words = line.split(/\s+/);
    narration.push({ audioPath: f, words: words.map((text, k) => ({ text, start: (k * seconds) / words.length, end: ((k + 0.9) * seconds) / words.length })) });
  }
  const built = buildProject({
    script: { title: 'Cold brew at home', language: 'en', scenes: lines.map((narration) => ({ narration, keywords: [], role: 'body' as const })) },
    template: { ...template, layout: { ...template.layout, titleCard: false } },
    narration,
    media: lines.map(() => null),
    settings: { preset: 'shorts-1080', quality: 23, speed: 'fast', encoder: 'libx264' },
  });
  const project = parseProject(built.project, dir).project;
  const kinds = project.scenes.map((s) => (s.visual.type === 'designed' ? s.visual.kind : s.visual.type));

  const floorArgs = ['-hide_banner', '-nostdin', '-y', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=1080x1920:r=30', '-frames:v', '1800',
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', join(dir, 'floor.mp4')];
  const timed = async (fn: () => Promise<unknown>) => {
    const sampler = new PeakSampler(() => runningProcesses().map((p) => p.child.pid!).filter(Boolean));
    const t0 = performance.now();
    await fn();
    return { seconds: (performance.now() - t0) / 1000, peak: sampler.stop() };
  };
  const floors: number[] = [];
  const renders: number[] = [];
  const peaks: number[] = [];
  let result = { durationSeconds: 0, frames: 0 };
  for (let run = 0; run < RUNS; run++) {
    const f = await timed(() => runFfmpeg(tools.ffmpeg.path, floorArgs));
    const r = await timed(async () => {
      result = await renderProject({ config: testConfig, project, output: join(dir, `designed-${template.id}.mp4`) });
    });
    floors.push(f.seconds);
    renders.push(r.seconds);
    peaks.push(r.peak);
    console.log(`run ${run + 1}: floor ${f.seconds.toFixed(1)} s, designed render ${r.seconds.toFixed(1)} s`);
  }
  const floor = median(floors);
  const render = median(renders);
  console.log('');
  console.log(`bench:designed — ${template.id}, ${result.durationSeconds.toFixed(1)} s (${result.frames} frames) 1080×1920 30 fps, no media, ${RUNS} runs, medians`);
  console.log(`  scenes: ${kinds.join(', ')}`);
  console.log(`  encode floor (testsrc2, 1800 frames)   ${floor.toFixed(1)} s`);
  console.log(`  designed render                        ${render.toFixed(1)} s   ffmpeg peak RSS ${mb(Math.max(...peaks))}   (target < 600 MB)`);
  console.log(`  ratio to floor (per 1800 frames)       ${((render / floor) * (1800 / result.frames)).toFixed(2)}   (target ≤ 1.50)`);
}

await main();
