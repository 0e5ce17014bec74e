// The render benchmark's spec (BENCHMARKS.md): 60 s, 1080×1920, 30 fps, 8 scenes — seven stills
// with a slow zoom and one 1080p clip — 0.5 s crossfades, narration per scene and music ducked
// under it. Shared by bench:render and check:gpu, so both measure the same project.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseProject } from '../../main/project/load-project';

const lines = [
  'Here is the first idea, and why it matters to you today.',
  'Short videos work best when every scene moves the story forward.',
  'Keep each sentence simple, so the captions are easy to read.',
  'Music sits under the voice and steps back whenever you speak.',
  'Pictures drift slowly, which keeps the eye interested.',
  'A video clip can carry a moment that a still cannot.',
  'Transitions should be quick and quiet, never the star.',
  'That is all it takes. Now make your own.',
];

/** Writes the spec's media into `dir` (once; later runs reuse them). */
export function makeMedia(dir: string, ffmpeg: string): void {
  const ff = (...args: string[]) => execFileSync(ffmpeg, ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args]);
  const stills = [
    'mandelbrot=s=1600x2400:start_scale=0.7:end_pts=1',
    'mandelbrot=s=1600x2400:start_x=-0.745:start_y=0.11:start_scale=0.02:end_pts=1',
    'gradients=s=1600x2400:c0=0x1b2a6b:c1=0xff6f61:c2=0xffd166:nb_colors=3:x1=1600:y1=2400,noise=alls=3:allf=u,gblur=sigma=1',
    'cellauto=s=400x600:rule=30:random_fill_ratio=0.5,scale=1600:2400:flags=bicubic,format=yuv420p,hue=h=200:s=2',
    'testsrc2=s=1600x2400:d=0.04,gblur=sigma=2',
    'mandelbrot=s=2400x1600:start_x=-1.25:start_y=0.02:start_scale=0.1:end_pts=1',
    'life=s=400x600:mold=10:r=1:ratio=0.3:death_color=#101050:life_color=#ffcc33,scale=1600:2400:flags=bicubic',
  ];
  stills.forEach((src, i) => {
    const f = join(dir, `still-${i}.jpg`);
    if (!existsSync(f)) ff('-f', 'lavfi', '-i', src, '-frames:v', '1', '-q:v', '3', f);
  });
  const clip = join(dir, 'clip.mp4');
  if (!existsSync(clip)) ff('-f', 'lavfi', '-i', 'testsrc2=s=1920x1080:r=30:d=9', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p', clip);
  const music = join(dir, 'music.m4a');
  if (!existsSync(music)) ff('-f', 'lavfi', '-i', "aevalsrc='0.2*sin(2*PI*220*t)+0.15*sin(2*PI*277.2*t)*(0.6+0.4*sin(2*PI*0.5*t))':s=48000:d=30", '-c:a', 'aac', music);
  const hasEspeak = spawnSync('espeak-ng', ['--version']).status === 0;
  lines.forEach((line, i) => {
    const f = join(dir, `voice-${i}.m4a`);
    if (existsSync(f)) return;
    if (hasEspeak) {
      const wav = join(dir, `voice-${i}.wav`);
      execFileSync('espeak-ng', ['-v', 'en-us', '-s', '150', '-w', wav, line]);
      ff('-i', wav, '-c:a', 'aac', f);
      rmSync(wav);
    } else ff('-f', 'lavfi', '-i', "aevalsrc='0.3*sin(2*PI*200*t)*(0.5+0.5*sin(2*PI*4*t))':s=48000:d=4", '-c:a', 'aac', f);
  });
}

/** The spec's project, with media paths in `dir`; libx264 crf 23 unless the caller changes the settings. */
export function project(dir: string) {
  // 8 scenes × d − 7 × 0.5 s of overlap = 60 s.
  const d = (60 + 7 * 0.5) / 8;
  const scenes = lines.map((narration, i) => ({
    narration,
    duration: d,
    audio: `voice-${i}.m4a`,
    visual: i === 5 ? { type: 'video' as const, path: 'clip.mp4' } : { type: 'image' as const, path: `still-${i > 5 ? i - 1 : i}.jpg`, zoom: [1, 1.1] as [number, number] },
    transition: { type: 'fade' as const, duration: 0.5 },
  }));
  return parseProject({
    version: 1,
    settings: { preset: 'shorts-1080', quality: 23, speed: 'fast', encoder: 'libx264' },
    scenes,
    audio: { music: { path: 'music.m4a', volume: 0.4, ducking: true }, loudness: -14 },
  }, dir).project;
}
