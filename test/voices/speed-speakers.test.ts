import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enqueueMake } from '../../main/make/enqueue-make';
import { voiceCached } from '../../main/make/voice-cache';
import { elevenLabsEngine } from '../../main/providers/voice/elevenlabs';
import { Worker } from '../../main/queue/worker';
import { splitScript } from '../../main/script/split-text';
import { getProject } from '../../main/store/projects';
import { locateFfmpeg } from '../../native/ffmpeg/locate';
import { probeMedia } from '../../native/ffmpeg/probe';
import { Tts } from '../../native/tts/tts';
import type { MakeRequestInput } from '../../preload/contract/make';
import { StudioError } from '../../preload/contract/errors';
import { startServer } from '../providers/loopback';
import { openTestQueue, tempHome } from '../queue/helpers';

const small = { preset: 'shorts-720' as const, width: 144, height: 256, fps: 12 };

async function make(home: string, request: MakeRequestInput) {
  const queue = openTestQueue(home);
  try {
    const job = await enqueueMake(queue, request, { rendersDir: join(home, 'renders') });
    const worker = new Worker(queue, { pollMs: 50 });
    worker.start();
    await worker.run({ untilEmpty: true });
    await worker.stop();
    const done = queue.get(job.id);
    assert.equal(done.state, 'completed', JSON.stringify(done.error));
    return getProject(queue.db, (queue.input(job.id) as { projectId: string }).projectId)!.document;
  } finally {
    queue.close();
  }
}

test('speed 1.25: the voice, its word timings, the pauses and so the whole video are shorter — at most 0.85× the length at 1', async (t) => {
  const home = tempHome();
  t.after(home.cleanup);
  const script = 'Honey never spoils, even after thousands of years.\n\nBees visit two million flowers to make one jar.\n\nThank a beekeeper today.';
  const tools = locateFfmpeg({ env: process.env });
  const lengths: number[] = [];
  const lastWord: number[] = [];
  for (const speed of [1, 1.25]) {
    const out = join(home.dir, `bees-${speed}.mp4`);
    const project = await make(home.dir, { title: 'Bees', script, voice: 'espeak-ng:en-us', speed, settings: small, captions: 'none', output: out });
    lengths.push((await probeMedia(tools.ffprobe.path, out)).duration!);
    const spoken = project.scenes.filter((s) => s.words?.length);
    lastWord.push(spoken[1]!.words!.at(-1)!.end);
    if (speed !== 1) {
      assert.equal(project.audio.speed, 1.25, 'the project records its speed');
      assert.ok(spoken.every((s) => s.padding < 0.4), 'the pauses between scenes follow the speed');
    }
  }
  assert.ok(lastWord[1]! < lastWord[0]! * 0.9, `word timings follow: the last word of scene 2 ends at ${lastWord[1]} s vs ${lastWord[0]} s`);
  assert.ok(lengths[1]! <= lengths[0]! * 0.85, `the video at 1.25 is ${lengths[1]} s, at 1 it is ${lengths[0]} s (ratio ${(lengths[1]! / lengths[0]!).toFixed(3)})`);
});

test('speakers: "NAME: text" lines are spoken by the voice mapped to NAME; the tag is in no narration, caption word or title', async (t) => {
  const home = tempHome();
  t.after(home.cleanup);
  const script = 'ANNA: Did you know bees can dance?\nBen: They dance to share directions.\nAnd they do it in the dark.\n\nHoney lasts for centuries.';
  const project = await make(home.dir, { script, voice: 'espeak-ng:en-us', speakers: { Ben: 'espeak-ng:en-gb', ANNA: 'espeak-ng:en-gb-x-rp' }, settings: small, render: false });
  const spoken = project.scenes.filter((s) => s.narration);
  assert.deepEqual(spoken.map((s) => s.narration), ['Did you know bees can dance?', 'They dance to share directions. And they do it in the dark.', 'Honey lasts for centuries.']);
  assert.deepEqual(spoken.map((s) => s.speaker), ['ANNA', 'Ben', undefined]);
  assert.deepEqual(spoken.map((s) => s.voice), ['espeak-ng:en-gb-x-rp', 'espeak-ng:en-gb', 'espeak-ng:en-us'], 'each scene records the voice that spoke it');
  assert.equal(project.audio.voice, 'espeak-ng:en-us', 'the narrator is the project’s voice');
  assert.deepEqual(project.audio.speakers, { ANNA: 'espeak-ng:en-gb-x-rp', Ben: 'espeak-ng:en-gb' });
  const everything = JSON.stringify(project);
  assert.ok(!/ANNA:|Ben:/.test(everything), 'no tag anywhere in the stored project');
  assert.equal(project.title, 'Did you know bees can dance?');
  for (const s of spoken) assert.ok(!s.words!.some((w) => /anna|ben/i.test(w.text)), `no caption word is a speaker’s name: ${s.words!.map((w) => w.text).join(' ')}`);
});

test('a line like "Tip: …" stays narration unless Tip is a mapped speaker; a speaker with a malformed voice refuses the job', async () => {
  const opts = { targetSceneSeconds: 6, wordsPerMinute: 165 };
  assert.deepEqual(splitScript('Tip: check the tyres.', opts).scenes.map((s) => [s.speaker, s.narration]), [[undefined, 'Tip: check the tyres.']]);
  assert.deepEqual(splitScript('Tip: check the tyres.', { ...opts, speakers: ['tip'] }).scenes.map((s) => [s.speaker, s.narration]), [['tip', 'check the tyres.']]);
  const home = tempHome();
  const queue = openTestQueue(home.dir);
  try {
    await assert.rejects(
      enqueueMake(queue, { script: 'ANNA: hi', speakers: { ANNA: '../../bin/sh' } }, { rendersDir: home.dir }),
      (err: unknown) => err instanceof StudioError && err.code === 'INVALID_INPUT' && /speakers\.ANNA/.test(err.message),
    );
    assert.equal(queue.list().length, 0);
  } finally {
    queue.close();
    home.cleanup();
  }
});

test('pronunciations: the voice is given the respelling, the captions keep the script’s word', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rf-pronounce-'));
  const server = await startServer((req) => {
    const characters = Array.from(String(req.json.text));
    return {
      json: {
        audio_base64: Buffer.alloc(characters.length * 2400).toString('base64'),
        alignment: { characters, character_start_times_seconds: characters.map((_, i) => i * 0.05), character_end_times_seconds: characters.map((_, i) => (i + 1) * 0.05) },
      },
    };
  });
  try {
    const tts = new Tts({ neuralModelDir: dir, engines: [elevenLabsEngine({ apiKey: 'k-123456789', baseUrl: server.url })] });
    const r = await voiceCached(tts, 'Try Reelforge, by Nguyen.', 'elevenlabs:abc', { cacheDir: dir, pronunciations: [{ word: 'reelforge', say: 'reel forge' }, { word: 'Nguyen', say: 'win' }] });
    assert.equal(server.seen[0]!.json.text, 'Try reel forge, by win.');
    assert.deepEqual(r.words.map((w) => w.text), ['Try', 'Reelforge,', 'by', 'Nguyen.']);
    assert.ok(r.words[1]!.end > r.words[1]!.start && r.words[2]!.start >= r.words[1]!.end);
    // the same text without the list is another entry: a changed pronunciation is spoken again
    await voiceCached(tts, 'Try Reelforge, by Nguyen.', 'elevenlabs:abc', { cacheDir: dir });
    assert.equal(server.seen.at(-1)!.json.text, 'Try Reelforge, by Nguyen.');
    assert.ok(readFileSync(r.audioPath).length > 44);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
