import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../main/cli/main';
import { locateFfmpeg } from '../../native/ffmpeg/locate';
import { probeMedia } from '../../native/ffmpeg/probe';
import { runFfmpeg } from '../../native/ffmpeg/run';
import { filterArg } from '../../main/render/escape';
import { fontsDir } from '../../main/render/assets';
import { prepareRender } from '../../main/render/prepare';
import { projectSchema } from '../../preload/contract/project';

const W = 270;
const H = 480;
const tools = locateFfmpeg({ env: process.env });

function sink() {
  let text = '';
  const stream = new Writable({ write(c, _e, cb) { text += String(c); cb(); } });
  return { stream, text: () => text };
}

/** One frame as RGB bytes. */
async function frameAt(file: string, t: number, dir: string): Promise<Buffer> {
  const out = join(dir, `f-${t.toFixed(3)}.rgb`);
  await runFfmpeg(tools.ffmpeg.path, ['-v', 'error', '-y', '-ss', t.toFixed(3), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', out]);
  return readFileSync(out);
}

/** Pixels in the caption highlight colour (#FFD400 of bold-shorts). */
function yellowMask(rgb: Buffer): Uint8Array {
  const m = new Uint8Array(W * H);
  for (let i = 0; i < W * H; i++) {
    const [r, g, b] = [rgb[i * 3]!, rgb[i * 3 + 1]!, rgb[i * 3 + 2]!];
    m[i] = r > 190 && g > 150 && g < 235 && b < 90 ? 1 : 0;
  }
  return m;
}

/**
 * Overlap of the frame's highlight with the reference's, over the rows the caption occupies (with
 * a margin): a designed scene's own accent-coloured shapes sit on the stage above, not in the captions.
 */
function iou(a: Uint8Array, b: Uint8Array): number {
  let first = H;
  let last = -1;
  for (let i = 0; i < b.length; i++) if (b[i]) [first, last] = [Math.min(first, Math.floor(i / W)), Math.max(last, Math.floor(i / W))];
  const margin = Math.round(H * 0.08);
  const [from, to] = last < 0 ? [0, a.length] : [Math.max(0, first - margin) * W, Math.min(H, last + 1 + margin) * W];
  let inter = 0;
  let union = 0;
  for (let i = from; i < to; i++) {
    inter += a[i]! & b[i]!;
    union += a[i]! | b[i]!;
  }
  return union ? inter / union : 0;
}

/** The caption exactly as it should look: one dialogue line rendered by libass over black. */
async function reference(assHeader: string, dialogue: string, dir: string, name: string): Promise<Uint8Array> {
  const ass = join(dir, `${name}.ass`);
  writeFileSync(ass, `${assHeader}\n${dialogue.replace(/^Dialogue: (\d+),[^,]+,[^,]+,/, 'Dialogue: $1,0:00:00.00,0:00:05.00,')}\n`);
  const out = join(dir, `${name}.rgb`);
  await runFfmpeg(tools.ffmpeg.path, [
    '-v', 'error', '-y', '-f', 'lavfi', '-i', `color=black:size=${W}x${H}:duration=1`,
    '-vf', `subtitles=filename=${filterArg(ass)}:fontsdir=${filterArg(fontsDir())}`, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', out,
  ]);
  return yellowMask(readFileSync(out));
}

/** The pages a burned-in ASS shows: its base lines (layer 0) with the tags removed, consecutive lines of one page merged. */
function burnedPages(dialogues: string[]): { start: number; end: number; text: string }[] {
  const pages: { start: number; end: number; text: string }[] = [];
  for (const d of dialogues) {
    const [, layer, start, end] = /^Dialogue: (\d+),([^,]+),([^,]+),/.exec(d)!;
    if (layer !== '0') continue;
    const text = d.split(',').slice(9).join(',').replace(/\{[^}]*\}/g, '').replace(/\\N/g, '\n');
    const last = pages.at(-1);
    if (last && last.text === text && Math.abs(last.end - assClock(start!)) < 0.011) last.end = assClock(end!);
    else pages.push({ start: assClock(start!), end: assClock(end!), text });
  }
  return pages;
}

const assClock = (s: string) => {
  const [h, m, sec] = s.split(':');
  return Number(h) * 3600 + Number(m) * 60 + Number(sec);
};

test('make: a script becomes a narrated, captioned video whose length matches the narration and whose frames show the spoken word', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rf-make-'));
  try {
    const script = join(dir, 'script.txt');
    writeFileSync(script, '# Tyres\n\nCheck your tyre pressure every month.\n\nA soft tyre wastes fuel and makes braking worse.\n');
    const out = join(dir, 'out.mp4');
    const err = sink();
    const code = await main(['make', '--script', script, '--template', 'bold-shorts', '--size', `${W}x${H}`, '--captions', 'both', '--home', join(dir, 'home'), '--project-out', join(dir, 'project.json'), '-o', out], {
      out: sink().stream,
      err: err.stream,
    });
    assert.equal(code, 0, err.text());
    // it ends with a short summary: the file, its length, voice and template; no provider reasoning without --verbose
    const summary = err.text().slice(err.text().lastIndexOf('Done: '));
    assert.ok(summary.startsWith(`Done: ${out}\n  `), summary);
    assert.match(summary.split('\n')[1]!, /^ {2}\d+\.\d s · voice espeak-ng:\S+ · template Bold Shorts · 2 scenes · made in \d+\.\d s$/);
    assert.doesNotMatch(summary, /chose|lacks|asked for/);

    // duration: the narration of each scene plus the template's padding (bold-shorts cuts, no overlap)
    const project = JSON.parse(readFileSync(join(dir, 'project.json'), 'utf8')) as { scenes: { audio: string; padding: number; words: { text: string; start: number; end: number }[] }[] };
    assert.equal(project.scenes.length, 2);
    let narration = 0;
    for (const s of project.scenes) narration += (await probeMedia(tools.ffprobe.path, s.audio)).duration! + s.padding;
    const video = await probeMedia(tools.ffprobe.path, out);
    t.diagnostic(`video ${video.duration!.toFixed(3)} s, narration + padding ${narration.toFixed(3)} s`);
    assert.ok(Math.abs(video.duration! - narration) < 0.5, `video ${video.duration} s vs narration ${narration} s`);
    assert.ok(video.audio, 'the video has sound');
    assert.equal(video.video!.width, W);

    // the sidecar ASS is the burned-in caption: find the line shown mid-word and check that it
    // highlights that word, then that the frame at that time shows it where libass would draw it
    const ass = readFileSync(join(dir, 'out.ass'), 'utf8');
    const header = ass.slice(0, ass.indexOf('Dialogue:'));
    const dialogues = ass.split('\n').filter((l) => l.startsWith('Dialogue:'));
    const sceneStart = [0, (await probeMedia(tools.ffprobe.path, project.scenes[0]!.audio)).duration! + project.scenes[0]!.padding];
    const checks = [
      { scene: 0, word: 1 },
      { scene: 0, word: 3 },
      { scene: 1, word: 2 },
    ];
    for (const c of checks) {
      const w = project.scenes[c.scene]!.words[c.word]!;
      const at = sceneStart[c.scene]! + (w.start + w.end) / 2;
      const shown = dialogues.find((d) => {
        const [, start, end] = d.split(',');
        return assClock(start!) <= at && at < assClock(end!);
      });
      assert.ok(shown, `a caption is shown at ${at.toFixed(2)} s`);
      assert.ok(shown.includes(`{\\1c&H00D4FF&}${w.text.toUpperCase()}{`), `at ${at.toFixed(2)} s "${w.text}" is highlighted: ${shown}`);
      const frame = yellowMask(await frameAt(out, at, dir));
      const expected = await reference(header, shown, dir, `ref-${c.scene}-${c.word}`);
      const score = iou(frame, expected);
      t.diagnostic(`"${w.text}" at ${at.toFixed(2)} s: highlight overlap with libass reference ${score.toFixed(2)}`);
      assert.ok(score > 0.5, `the frame at ${at.toFixed(2)} s does not show "${w.text}" highlighted (IoU ${score.toFixed(2)})`);
      // and it is not the neighbouring word that is lit
      const other = dialogues[dialogues.indexOf(shown) + 1];
      if (other) assert.ok(iou(frame, await reference(header, other, dir, `next-${c.scene}-${c.word}`)) < 0.3);
    }
    assert.match(readFileSync(join(dir, 'out.srt'), 'utf8'), /^1\n00:00:00,000 --> /);

    // --captions both: the sidecars are the burned-in pages. The render's own caption file (as
    // prepareRender writes it from the saved project, narration lengths probed) holds exactly the
    // sidecar ASS's dialogue, and the SRT has one cue per page: same text, start and end.
    const saved = projectSchema.parse(JSON.parse(readFileSync(join(dir, 'project.json'), 'utf8')));
    const prepared = await prepareRender(saved, { ffprobe: tools.ffprobe.path, workDir: join(dir, 'prepared') });
    const burned = readFileSync(prepared.assFile!, 'utf8').split('\n').filter((l) => l.startsWith('Dialogue:'));
    assert.deepEqual(burned, dialogues, 'the sidecar ASS is the burned-in one');
    const pages = burnedPages(burned);
    const cues = readFileSync(join(dir, 'out.srt'), 'utf8').trim().split(/\n\n+/).map((block) => {
      const [, times, ...text] = block.split('\n');
      const [start, end] = times!.split(' --> ').map((x) => assClock(x.replace(',', '.')));
      return { start: start!, end: end!, text: text.join('\n') };
    });
    assert.equal(cues.length, pages.length, `${cues.length} SRT cues for ${pages.length} burned-in pages`);
    cues.forEach((c, i) => {
      const p = pages[i]!;
      assert.equal(c.text.toUpperCase(), p.text.toUpperCase(), `cue ${i + 1}'s text`);
      // ASS counts hundredths of a second, SRT thousandths
      assert.ok(Math.abs(c.start - p.start) < 0.011 && Math.abs(c.end - p.end) < 0.011, `cue ${i + 1} ${c.start}–${c.end} s, burned ${p.start}–${p.end} s`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('make: bad inputs are usage errors, not crashes', async () => {
  const err = sink();
  assert.equal(await main(['make', '-o', 'x.mp4'], { out: sink().stream, err: err.stream }), 2);
  assert.match(err.text(), /exactly one of --script, --llm-topic or --topic/);
  const err2 = sink();
  assert.equal(await main(['make', '--script', '/nonexistent/script.txt', '-o', 'x.mp4'], { out: sink().stream, err: err2.stream }), 3);
  assert.match(err2.text(), /cannot read the script/);
});

test('make: an output that is the script or one of the media files is refused before any work, and the file is untouched', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rf-make-guard-'));
  try {
    const script = join(dir, 'script.txt');
    writeFileSync(script, 'A short script about the sea.');
    mkdirSync(join(dir, 'media'));
    const photo = join(dir, 'media', 'sea.mp4');
    writeFileSync(photo, 'not really a video, but the user’s file');
    for (const [out, what] of [[script, /it is the script/], [photo, /it is a media file in/]] as const) {
      const err = sink();
      const code = await main(['make', '--home', join(dir, 'home'), '--script', script, '--media', join(dir, 'media'), '-o', out], { out: sink().stream, err: err.stream });
      assert.equal(code, 3, err.text());
      assert.match(err.text(), what);
    }
    assert.equal(readFileSync(script, 'utf8'), 'A short script about the sea.');
    assert.equal(readFileSync(photo, 'utf8'), 'not really a video, but the user’s file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
