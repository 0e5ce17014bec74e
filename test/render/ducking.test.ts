import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DUCKING } from '../../main/render/audio-graph';
import { renderProject } from '../../main/render/render-project';
import { rmsLevel, smallProject, tempDir, tone } from './fixtures';
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
