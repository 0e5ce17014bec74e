import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStudio, type Studio } from '../../main/api/create-studio';
import { templateCard } from '../../main/make/build-project';
import { findTemplate } from '../../main/templates/load-templates';
import { locateFfmpeg } from '../../native/ffmpeg/locate';
import { runFfmpeg } from '../../native/ffmpeg/run';
import { projectSchema } from '../../preload/contract/project';
import { StudioError } from '../../preload/contract/errors';
import type { StoredProject, StudioApi } from '../../preload/contract/studio-api';
import { connectOverBridge, type BridgeConnection } from './bridge-harness';
import { captionInk, spokenColour } from '../captions/highlight-pixels';

/** A project as the studio edits one: two scenes, small frame, nothing voiced yet. */
function draft(): StoredProject {
  return {
    ...projectSchema.parse({
      version: 1,
      title: 'Octopus facts',
      template: 'bold-shorts',
      settings: { preset: 'shorts-720', width: 144, height: 256, fps: 12 },
      scenes: [
        { id: 'a', narration: 'Octopuses have three hearts.', visual: { type: 'color', color: '#203040' }, duration: 2 },
        { id: 'b', narration: 'Their blood is blue.', visual: { type: 'color', color: '#402030' }, duration: 2 },
      ],
    }),
    id: 'p-voice',
  };
}

/** Mean RGB of a rectangle of a PNG, through FFmpeg (crop → 1×1 scale). */
function meanColour(png: string, crop: string): number[] {
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', png, '-vf', `crop=${crop},scale=1:1:flags=area`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
  return [...raw.subarray(0, 3)];
}

describe('the creator path’s voice, template-frame and media methods over the bridge', () => {
  let dir: string;
  let studio: Studio;
  let bridge: BridgeConnection;
  let api: StudioApi;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reelforge-voice-api-'));
    studio = await createStudio({ home: dir, transport: 'bridge', worker: false });
    bridge = await connectOverBridge(studio);
    api = bridge.api;
  });
  after(async () => {
    await bridge.close();
    await studio.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('listVoices names the system voices and says why each engine is or is not usable', async () => {
    const { voices, engines } = await api.listVoices();
    assert.ok(voices.some((v) => v.id === 'espeak-ng:en-us'), 'espeak-ng’s American English voice is listed');
    const neural = engines.find((e) => e.engine === 'neural');
    assert.ok(neural && !neural.available && neural.reason.length > 10, 'the missing neural model is explained');
  });

  test('speakSample speaks a sentence the page can play, and a second press reuses it', async () => {
    const a = await api.speakSample({ voice: 'espeak-ng:en-gb' });
    assert.ok(a.durationSeconds > 1, `${a.durationSeconds} s of speech`);
    assert.ok(a.path.startsWith(studio.dirs.previews), 'written under previews/');
    const wav = await fetch(`${bridge.server.url}/media${a.path}?key=${bridge.server.mediaKey}`);
    assert.equal(wav.status, 200);
    const before = statSync(a.path).mtimeMs;
    const b = await api.speakSample({ voice: 'espeak-ng:en-gb' });
    assert.equal(b.path, a.path);
    assert.equal(statSync(b.path).mtimeMs, before, 'not synthesised again');
    await assert.rejects(api.speakSample({ voice: 'espeak-ng:xx-nope' }), (err: unknown) => err instanceof StudioError && err.code === 'INVALID_INPUT');
  });

  test('voiceScene gives a scene narration, word timings and a fitted length; an edit re-voices it', async () => {
    let project = draft();
    project = await api.voiceScene({ project, sceneIndex: 0, voice: 'espeak-ng:en-us' });
    const first = project.scenes[0]!;
    assert.equal(first.duration, 'fit');
    assert.ok(first.audio && existsSync(first.audio));
    assert.deepEqual(first.words?.map((w) => w.text.replace(/\W/g, '')), ['Octopuses', 'have', 'three', 'hearts']);
    assert.equal(project.audio.voice, 'espeak-ng:en-us', 'the project remembers its voice');
    assert.deepEqual(project.scenes[1], draft().scenes[1], 'the other scene is untouched');

    // the user rewrites the narration; without naming a voice, the project's voice is kept
    const edited = { ...project, scenes: [{ ...first, narration: 'Octopuses have three hearts and nine brains.' }, project.scenes[1]!] };
    const revoiced = await api.voiceScene({ project: edited, sceneIndex: 0 });
    const again = revoiced.scenes[0]!;
    assert.notEqual(again.audio, first.audio, 'new narration audio');
    assert.equal(again.words?.length, 7, 'captions follow the new words');
    assert.ok(again.words!.at(-1)!.end > first.words!.at(-1)!.end, 'the longer text is spoken for longer');

    // typing the old text back costs nothing: the same cached file
    const back = await api.voiceScene({ project: { ...revoiced, scenes: [{ ...again, narration: first.narration }, revoiced.scenes[1]!] }, sceneIndex: 0 });
    assert.equal(back.scenes[0]!.audio, first.audio);

    // the render pipeline hears it: a preview of the scene is voiced and as long as the narration
    const preview = await api.renderPreview({ project: revoiced, sceneIndex: 0 });
    const tools = locateFfmpeg({ env: process.env });
    const { stderrTail } = await runFfmpeg(tools.ffmpeg.path, ['-hide_banner', '-i', preview.path, '-af', 'volumedetect', '-f', 'null', '-'], { stderrTailChars: 4000 });
    const mean = Number(/mean_volume: (-?[\d.]+) dB/.exec(stderrTail)?.[1] ?? -Infinity);
    assert.ok(mean > -50, `the preview is voiced (mean volume ${mean} dB)`);
    assert.ok(preview.durationSeconds >= again.words!.at(-1)!.end, 'the scene lasts as long as its narration');

    await assert.rejects(api.voiceScene({ project, sceneIndex: 5 }), (err: unknown) => err instanceof StudioError && /no scene 6/.test(err.message));
  });

  test('templatePreview draws a real frame of the template, with its caption, once', async () => {
    const { path } = await api.templatePreview('bold-shorts');
    assert.ok(existsSync(path) && path.endsWith('.png'));
    const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_streams', path]).toString());
    assert.ok(Math.abs(probe.streams[0].width / probe.streams[0].height - 9 / 16) < 0.01, 'the template’s 9:16 frame');
    // the template's caption, its spoken word lit in the template's own highlight colour, found by
    // colour wherever the layout puts the caption, with the rest of its page beside it
    const h = probe.streams[0].height as number;
    const w = probe.streams[0].width as number;
    const frame = execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: w * h * 4 });
    const caption = findTemplate('bold-shorts').style.caption;
    const ink = captionInk(frame, w, caption);
    assert.ok(ink.lit > 50, `the highlighted word is drawn (${ink.lit} pixels of ${spokenColour(caption)})`);
    assert.ok(ink.rest > 50, `the rest of the caption is drawn beside it (${ink.rest} pixels of ${caption.color})`);
    assert.ok(ink.rows![0] > h * 0.3, `the caption sits below the card's title (rows ${ink.rows})`);
    const top = meanColour(path, `${w}:${Math.round(h * 0.1)}:0:0`);
    // the card is the template's own colour, never near black (templateCard)
    const card = templateCard(findTemplate('bold-shorts'), 'x');
    const want = card.type === 'text' ? [1, 3, 5].map((i) => Number.parseInt(card.background!.slice(i, i + 2), 16)) : [];
    assert.ok(want.length && top.every((c, i) => Math.abs(c - want[i]!) < 16), `the template’s card ${card.type === 'text' ? card.background : card.type} above the caption (${top})`);

    const mtime = statSync(path).mtimeMs;
    assert.equal((await api.templatePreview('bold-shorts')).path, path, 'cached by the template’s content');
    assert.equal(statSync(path).mtimeMs, mtime);
    const page = await fetch(`${bridge.server.url}/media${path}?key=${bridge.server.mediaKey}`);
    assert.equal(page.status, 200, 'the page can show it');
    await assert.rejects(api.templatePreview('no-such-look'), (err: unknown) => err instanceof StudioError && err.code === 'NOT_FOUND');
  });

  test('listMedia lists the library with what ffprobe says of each file', async () => {
    assert.deepEqual(await api.listMedia(), []);
    const png = join(dir, 'sunset.png');
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'color=c=orange:s=64x48', '-frames:v', '1', '-y', png]);
    const clip = join(dir, 'waves.mp4');
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=96x64:d=1.5:r=10', '-pix_fmt', 'yuv420p', '-y', clip]);
    await api.importMedia([{ name: 'sunset.png', path: png }, { name: 'waves.mp4', path: clip }]);
    writeFileSync(join(studio.dirs.library, 'notes.txt'), 'not media');
    const items = await api.listMedia();
    const byName = Object.fromEntries(items.map((i) => [i.name, i]));
    assert.deepEqual(Object.keys(byName).sort(), ['sunset.png', 'waves.mp4']);
    assert.equal(byName['sunset.png']!.kind, 'image');
    assert.deepEqual([byName['sunset.png']!.width, byName['sunset.png']!.height], [64, 48]);
    assert.equal(byName['waves.mp4']!.kind, 'video');
    assert.ok(Math.abs(byName['waves.mp4']!.duration! - 1.5) < 0.15);
  });
});
