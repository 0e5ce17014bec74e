import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateFfmpeg } from '../../native/ffmpeg/locate';
import { parseProject } from '../../main/project/load-project';
import type { ProjectInput } from '../../preload/contract/project';

export const tools = locateFfmpeg({ env: process.env });

export function ff(...args: string[]): void {
  execFileSync(tools.ffmpeg.path, ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args]);
}

/** A temp folder removed when the test file's process exits. */
export function tempDir(prefix = 'reelforge-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Small real media made by FFmpeg: a still of one colour, a clip with sound, a tone. */
export const media = {
  still(dir: string, name: string, color: string, size = '320x240'): string {
    const file = join(dir, name);
    ff('-f', 'lavfi', '-i', `color=c=${color}:s=${size}:d=0.04`, '-frames:v', '1', file);
    return file;
  },
  clip(dir: string, name: string, seconds = 1, size = '320x180'): string {
    const file = join(dir, name);
    ff('-f', 'lavfi', '-i', `testsrc2=s=${size}:r=25:d=${seconds}`, '-f', 'lavfi', '-i', `sine=f=440:d=${seconds}`,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file);
    return file;
  },
  /** Speech-like: a tone switched on and off at syllable rate, so loudness gating sees a voice. */
  voice(dir: string, name: string, seconds: number, freq = 220): string {
    const file = join(dir, name);
    ff('-f', 'lavfi', '-i', `aevalsrc='0.3*sin(2*PI*${freq}*t)*(0.5+0.5*sin(2*PI*4*t))':s=48000:d=${seconds}`, '-c:a', 'aac', file);
    return file;
  },
};

/** A parsed project at a small size, so renders in tests take a second or two. */
export function smallProject(input: Omit<ProjectInput, 'version'>, baseDir: string) {
  const doc: ProjectInput = {
    version: 1,
    ...input,
    settings: { preset: 'shorts-1080', width: 180, height: 320, fps: 15, ...input.settings },
  };
  return parseProject(doc, baseDir).project;
}

export interface Probe {
  duration: number;
  width: number;
  height: number;
  fps: number;
  frames: number;
  hasAudio: boolean;
}

export function probeFile(file: string): Probe {
  const out = execFileSync(tools.ffprobe.path, ['-v', 'error', '-count_frames', '-show_entries',
    'format=duration:stream=codec_type,width,height,r_frame_rate,nb_read_frames', '-of', 'json', file], { encoding: 'utf8' });
  const data = JSON.parse(out) as { format: { duration: string }; streams: Array<Record<string, string | number>> };
  const v = data.streams.find((s) => s.codec_type === 'video')!;
  const [num, den] = String(v.r_frame_rate).split('/').map(Number);
  return {
    duration: Number(data.format.duration),
    width: Number(v.width),
    height: Number(v.height),
    fps: num! / den!,
    frames: Number(v.nb_read_frames),
    hasAudio: data.streams.some((s) => s.codec_type === 'audio'),
  };
}

/** Mean R, G, B of a region of one frame (fractions of the frame), read back through FFmpeg. */
export function regionColor(file: string, atSeconds: number, region: { x: number; y: number; w: number; h: number }): [number, number, number] {
  const crop = `crop=iw*${region.w}:ih*${region.h}:iw*${region.x}:ih*${region.y}`;
  const raw = execFileSync(tools.ffmpeg.path, ['-v', 'error', '-ss', String(atSeconds), '-i', file, '-frames:v', '1',
    '-vf', `${crop},scale=1:1:flags=area,format=rgb24`, '-f', 'rawvideo', '-'], { maxBuffer: 1 << 20 });
  return [raw[0]!, raw[1]!, raw[2]!];
}

/** Integrated loudness (LUFS) measured by FFmpeg's ebur128 filter. */
export function integratedLoudness(file: string): number {
  const run = spawnSync(tools.ffmpeg.path, ['-nostdin', '-v', 'info', '-i', file, '-filter_complex', 'ebur128', '-f', 'null', '-'], { encoding: 'utf8' });
  const summary = run.stderr.slice(run.stderr.lastIndexOf('Summary:'));
  const m = /I:\s+(-?[\d.]+) LUFS/.exec(summary);
  if (!m) throw new Error(`no loudness in ffmpeg output: ${run.stderr.slice(-500)}`);
  return Number(m[1]);
}

/** A steady tone (WAV), so a level measured on it is the level it was made at. */
export function tone(dir: string, name: string, seconds: number, freq: number, amplitude: number): string {
  const file = join(dir, name);
  ff('-f', 'lavfi', '-i', `aevalsrc='${amplitude}*sin(2*PI*${freq}*t)':s=48000:d=${seconds}`, '-ac', '2', '-c:a', 'pcm_s16le', file);
  return file;
}

/** RMS level (dBFS) of a file's sound between two times, after `filters` (say, a low-pass that keeps only the music), by astats. */
export function rmsLevel(file: string, from: number, to: number, filters = 'anull'): number {
  const run = spawnSync(tools.ffmpeg.path, ['-nostdin', '-hide_banner', '-v', 'info', '-i', file, '-vn',
    '-af', `atrim=start=${from}:end=${to},${filters},astats=measure_perchannel=none`, '-f', 'null', '-'], { encoding: 'utf8' });
  const m = /Overall[\s\S]*?RMS level dB:\s*(-?[\d.]+|-inf)/.exec(run.stderr);
  if (!m) throw new Error(`no RMS level in ffmpeg output: ${run.stderr.slice(-800)}`);
  return Number(m[1] === '-inf' ? -Infinity : m[1]);
}
