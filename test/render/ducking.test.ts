import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DUCKING } from '../../main/render/audio-graph';
import { renderProject } from '../../main/render/render-project';
import { ff, rmsLevel, smallProject, tempDir, tone } from './fixtures';
import { buildRuntimeConfig } from '../../main/config/runtime-config';

/** this test process's runtime configuration, from its environment, as an entry point builds one */
const testConfig = buildRuntimeConfig({ env: process.env });

const dir = tempDir();
// Music and narration on different pitches, so a low-pass hears the music alone in the mix.
const MUSIC_HZ = 150;
const VOICE_HZ = 2000;
const VOICE_AMPLITUDE = 0.3;
const music = tone(dir, 'music.wav', 12, MUSIC_HZ, 0.5);
const voice = tone(dir, 'voice.wav', 3, VOICE_HZ, VOICE_AMPLITUDE);
const musicOnly = 'lowpass=f=400,lowpass=f=400,lowpass=f=400,lowpass=f=400';
const voiceOnly = 'highpass=f=1000,highpass=f=1000,highpass=f=1000,highpass=f=1000';

/** 0–3 s music alone, 3–6 s narration (its scene runs to 6.4 s), 6.4–9.4 s music alone. */
async function render(ducking: boolean): Promise<string> {
  const project = smallProject({
    scenes: [
      { visual: { type: 'color', color: '#000000' }, duration: 3 },
      { visual: { type: 'color', color: '#222222' }, audio: voice, padding: 0.4, transition: { type: 'cut' } },
      { visual: { type: 'color', color: '#444444' }, duration: 3, transition: { type: 'cut' } },
    ],
    style: { caption: { enabled: false } },
    // A quiet target: the loudness gain stays well under the limiter's ceiling, so nothing but the
    // ducking changes the music's level inside the video.
    audio: { music: { path: music, volume: 0.5, ducking }, loudness: -30 },
    settings: { width: 64, height: 112, fps: 10 },
  }, dir);
  const out = join(dir, `ducking-${ducking}.mp4`);
  await renderProject({ config: testConfig, project, output: out });
  return out;
}

// The windows keep clear of the music's 1 s fade-in, the compressor's attack and release, and the fade-out from 7.4 s.
const between = [1.3, 2.8] as const;
const under = [3.5, 5.8] as const;
const after = [6.9, 7.3] as const;

test('music under the narration is lower than between narrations by the amount the ducking is set to', async () => {
  const out = await render(true);
  const voiceDb = rmsLevel(out, ...under, voiceOnly);
  assert.ok(voiceDb > -40, `the narration is in the render (${voiceDb} dB)`);
  const before = rmsLevel(out, ...between, musicOnly);
  const ducked = rmsLevel(out, ...under, musicOnly);
  const back = rmsLevel(out, ...after, musicOnly);
  // The compressor hears the voice bus as it was before the loudness gain: a steady tone's RMS.
  const keyDb = 20 * Math.log10(VOICE_AMPLITUDE / Math.SQRT2);
  const expected = (keyDb - 20 * Math.log10(DUCKING.threshold)) * (1 - 1 / DUCKING.ratio);
  const drop = before - ducked;
  assert.ok(Math.abs(drop - expected) <= 2, `music ${before.toFixed(1)} dB between narrations, ${ducked.toFixed(1)} dB under the voice: ducked by ${drop.toFixed(1)} dB, expected ${expected.toFixed(1)} dB`);
  assert.ok(Math.abs(back - before) <= 1, `the music comes back after the narration: ${back.toFixed(1)} vs ${before.toFixed(1)} dB`);
});

test('with ducking off the music keeps its level under the narration', async () => {
  const out = await render(false);
  const before = rmsLevel(out, ...between, musicOnly);
  const underVoice = rmsLevel(out, ...under, musicOnly);
  assert.ok(Math.abs(before - underVoice) <= 1, `music ${before.toFixed(1)} dB between narrations, ${underVoice.toFixed(1)} dB under the voice`);
});

test('the render reads the mix the loudness pass made: the same sound, sample for sample, as mixing again', async () => {
  const { prepareRender } = await import('../../main/render/prepare');
  const { loudnessPassArgs, planRender } = await import('../../main/render/plan');
  const { parseEbur128Summary } = await import('../../main/render/audio-graph');
  const { encoderProfile } = await import('../../native/ffmpeg/encoders');
  const { runFfmpeg } = await import('../../native/ffmpeg/run');
  const { tools } = await import('./fixtures');
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const { execFileSync } = await import('node:child_process');
  // short loud bursts: a quiet average with high peaks, so the gain to the target needs the limiter too
  const peaky = join(dir, 'peaky.wav');
  ff('-f', 'lavfi', '-i', "aevalsrc='0.9*sin(2*PI*1000*t)*lt(mod(t,0.5),0.03)':s=48000:d=3", '-ac', '2', '-c:a', 'pcm_s16le', peaky);
  const project = smallProject({
    scenes: [
      { visual: { type: 'color', color: '#000000' }, audio: voice, padding: 0.4 },
      { visual: { type: 'color', color: '#444444' }, audio: peaky, padding: 0.4, transition: { type: 'fade', duration: 0.5 } },
    ],
    style: { caption: { enabled: false } },
    audio: { music: { path: music, volume: 0.5, ducking: true }, loudness: -9 },
    settings: { width: 64, height: 112, fps: 10 },
  }, dir);
  const work = join(dir, 'premix');
  mkdirSync(work, { recursive: true });
  const prepared = await prepareRender(project, { ffprobe: tools.ffprobe.path, workDir: work });
  const mix = join(work, 'mix.wav');
  const pass = loudnessPassArgs(prepared, join(work, 'loudness.txt'), mix)!;
  writeFileSync(join(work, 'loudness.txt'), pass.graph);
  const measured = parseEbur128Summary((await runFfmpeg(tools.ffmpeg.path, pass.args, { stderrTailChars: 20_000 })).stderrTail)!;
  const soundOf = async (loudness: Parameters<typeof planRender>[1]['loudness'], name: string) => {
    const plan = planRender(prepared, { encoder: encoderProfile('libx264')!, loudness, hasXfade: true });
    writeFileSync(join(work, `${name}.txt`), plan.filterGraph);
    await runFfmpeg(tools.ffmpeg.path, plan.args(join(work, `${name}.txt`), join(work, `${name}.mp4`)));
    return { inputs: plan.inputs.length, md5: execFileSync(tools.ffmpeg.path, ['-v', 'error', '-i', join(work, `${name}.mp4`), '-map', '0:a', '-f', 'md5', '-']).toString().trim() };
  };
  const again = await soundOf({ kind: 'apply', measured }, 'mixed-again');
  const read = await soundOf({ kind: 'apply', measured, mix }, 'mix-read');
  assert.ok(measured.truePeak + (project.audio.loudness - measured.integrated) > -1, `${JSON.stringify(measured)} → ${project.audio.loudness} LUFS: ` + 'the gain takes peaks over the ceiling: the limiter is in both');
  assert.equal(read.inputs, 1, 'the render reads one file, the mix');
  assert.ok(again.inputs > 1);
  assert.equal(read.md5, again.md5, 'the same sound either way');
});
