import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidInputError, serializeError, StudioError } from '../../preload/contract/errors';
import { projectSchema } from '../../preload/contract/project';
import type { JobView, StoredProject, StudioApi } from '../../preload/contract/studio-api';
import { describeError, placeInWords } from '../../renderer/app/describe-error';
import { createStudioStore } from '../../renderer/state/create-store';
import { REVOICE_DELAY_MS } from '../../renderer/state/editor-slice';

function doc(): StoredProject {
  return {
    ...projectSchema.parse({
      version: 1,
      title: 'T',
      scenes: [
        { id: 'a', narration: 'Octopuses have three hearts.', audio: '/v/a.wav', words: [{ text: 'Octopuses', start: 0, end: 0.6 }], visual: { type: 'color', color: '#000000' } },
        { id: 'b', narration: 'Their blood is blue.', audio: '/v/b.wav', words: [{ text: 'Their', start: 0, end: 0.3 }], visual: { type: 'color', color: '#000000' } },
      ],
    }),
    id: 'p1',
  };
}

/** A backend for store tests: only what a test sets up answers; anything else is a test bug. */
function fakeApi(over: Partial<StudioApi> = {}): StudioApi {
  return new Proxy(over as StudioApi, {
    get: (t, k) => (k in t ? (t as never)[k] : async () => assert.fail(`unexpected call ${String(k)}`)),
  });
}

/** What voiceScene answers: the scene's text spoken, one word a third of a second. */
const voiced = (input: unknown): StoredProject => {
  // the store sends complete documents; the API's argument type is the looser input shape
  const req = input as { project: StoredProject; sceneIndex: number };
  const scenes = req.project.scenes.slice();
  const s = scenes[req.sceneIndex]!;
  const words = s.narration.split(/\s+/).map((text, i) => ({ text, start: i / 3, end: (i + 1) / 3 }));
  scenes[req.sceneIndex] = { ...s, audio: `/v/${s.narration.length}.wav`, words, duration: 'fit' };
  return { ...req.project, scenes };
};

const job = (over: Partial<JobView>): JobView => ({ id: 'm1', kind: 'make', title: 'Octopus facts', state: 'waiting', progress: 0, attempt: 1, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', ...over });

test('editing narration re-voices the scene once typing pauses; the new voice is one undo step with the words', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const asked: string[] = [];
  const store = createStudioStore(fakeApi({ voiceScene: async (req) => (asked.push(req.project.scenes[req.sceneIndex]!.narration ?? ''), voiced(req)) }));
  const s = () => store.getState();
  s().openDocument(doc());
  for (const text of ['Their', 'Their blood', 'Their blood is green.']) s().setNarration('b', text);
  assert.deepEqual(asked, [], 'nothing is spoken while typing');
  t.mock.timers.tick(REVOICE_DELAY_MS);
  assert.deepEqual(asked, ['Their blood is green.'], 'one synthesis, of the last text');
  assert.equal(s().voicing.b, true);
  await new Promise((r) => setImmediate(r));
  const scene = s().history!.present.scenes[1]!;
  assert.equal(scene.audio, '/v/21.wav');
  assert.deepEqual(scene.words!.map((w) => w.text), ['Their', 'blood', 'is', 'green.']);
  assert.equal(s().voicing.b, undefined);
  s().undo();
  assert.deepEqual([s().history!.present.scenes[1]!.narration, s().history!.present.scenes[1]!.audio], ['Their blood is blue.', '/v/b.wav'], 'undo restores the words and their voice together');
});

test('a voice that answers after more typing is not applied to the newer text', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  let answer!: () => void;
  const store = createStudioStore(fakeApi({ voiceScene: (req) => new Promise((res) => (answer = () => res(voiced(req)))) }));
  const s = () => store.getState();
  s().openDocument(doc());
  s().setNarration('a', 'Octopuses have blue blood.');
  t.mock.timers.tick(REVOICE_DELAY_MS);
  s().setNarration('a', 'Octopuses have blue blood and three hearts.');
  answer();
  await new Promise((r) => setImmediate(r));
  assert.equal(s().history!.present.scenes[0]!.audio, '/v/a.wav', 'the stale narration audio is dropped; the next pause re-voices');
});

test('Create follows its make job and opens the voiced project; a failed job is told in words', async () => {
  const project = doc();
  const store = createStudioStore(fakeApi({ createVideo: async (r) => (assert.equal(r.render, false), job({})), getProject: async (id) => (assert.equal(id, 'p1'), project) }));
  const s = () => store.getState();
  await s().createVideo({ script: 'Octopuses have three hearts.', templateId: 'bold-shorts' });
  assert.deepEqual(s().making, { jobId: 'm1', title: 'Octopus facts' });
  s().jobChanged(job({ state: 'active', stage: 'voice', progress: 0.4, updatedAt: '2026-01-01T00:00:01.000Z' }));
  assert.equal(s().view, 'library', 'still making');
  s().jobChanged(job({ state: 'completed', projectId: 'p1', progress: 1, updatedAt: '2026-01-01T00:00:02.000Z' }));
  await new Promise((r) => setImmediate(r));
  assert.equal(s().making, undefined);
  assert.equal(s().view, 'editor');
  assert.equal(s().history!.present.id, 'p1');

  const failing = createStudioStore(fakeApi({ createVideo: async () => job({ id: 'm2' }) }));
  await failing.getState().createVideo({ script: 'Hello.' });
  const err = new StudioError('TTS_UNAVAILABLE', 'voice engine espeak-ng is not available: espeak-ng is not installed');
  failing.getState().jobChanged(job({ id: 'm2', state: 'failed', error: serializeError(err), updatedAt: '2026-01-01T00:00:03.000Z' }));
  assert.equal(failing.getState().making, undefined);
  assert.match(failing.getState().notices[0]!.message, /^Creating the video: voice engine espeak-ng is not available/);
});

test('the save state says what is true: unsaved after an edit, saved after saving, failed when it failed', async () => {
  let fail = false;
  const store = createStudioStore(fakeApi({ saveProject: async (p) => { if (fail) throw new StudioError('INTERNAL', 'disk full'); return { id: p.id, title: p.title ?? 'T', sceneCount: 2, durationSeconds: 3, createdAt: '', updatedAt: '' }; } }));
  const s = () => store.getState();
  s().openDocument(doc());
  assert.equal(s().save.status, 'saved');
  s().updateScene('a', { padding: 1 });
  assert.equal(s().save.status, 'unsaved');
  await s().saveProject();
  assert.equal(s().save.status, 'saved');
  s().updateScene('a', { padding: 2 });
  fail = true;
  await s().saveProject();
  assert.deepEqual(s().save, { status: 'failed', message: 'disk full' });
});

test('library media dropped on a scene replaces its picture; sound is refused in words', () => {
  const store = createStudioStore(fakeApi());
  const s = () => store.getState();
  s().openDocument(doc());
  s().placeMedia([{ path: '/lib/reef.png', name: 'reef.png', kind: 'image', width: 64, height: 64 }], { sceneId: 'b' });
  assert.equal(s().history!.present.scenes[1]!.visual.type, 'image');
  s().placeMedia([{ path: '/lib/song.mp3', name: 'song.mp3', kind: 'audio', duration: 30 }], { index: 0 });
  assert.equal(s().history!.present.scenes.length, 2);
  assert.match(s().notices.at(-1)!.message, /music/);
});

test('errors in words: places instead of JSON paths, which stay in the details', () => {
  assert.equal(placeInWords('scenes[3].visual.path'), 'Scene 4, picture file');
  assert.equal(placeInWords('[0].script'), 'Script');
  assert.equal(placeInWords('audio.music.path'), 'narration audio, music file');
  const { summary, details } = describeError(new InvalidInputError('the project refers to media that cannot be used:', [{ path: 'scenes[1].visual.path', message: 'file not found: /x/reef.png' }]), 'Starting the export');
  assert.equal(summary, 'Starting the export: the project refers to media that cannot be used\n• Scene 2, picture file: file not found: /x/reef.png');
  assert.doesNotMatch(summary, /scenes\[/);
  assert.match(details!, /scenes\[1\]\.visual\.path: file not found/);
});
