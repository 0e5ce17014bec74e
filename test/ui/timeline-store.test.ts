import { test } from 'node:test';
import assert from 'node:assert/strict';
import { projectSchema } from '../../preload/contract/project';
import type { StoredProject, StudioApi } from '../../preload/contract/studio-api';
import { CancelledError, StudioError } from '../../preload/contract/errors';
import { createStudioStore } from '../../renderer/state/create-store';
import { commit, initHistory, redo, undo } from '../../renderer/state/history';
import { deleteScenes, moveScenes, trimScene } from '../../renderer/state/timeline-ops';

function doc(n = 4): StoredProject {
  return {
    ...projectSchema.parse({
      version: 1,
      title: 'T',
      scenes: Array.from({ length: n }, (_, i) => ({ id: `s${i}`, narration: `scene ${i}`, visual: { type: 'color', color: '#000000' }, duration: 2 })),
    }),
    id: 'p1',
  };
}
const order = (p: StoredProject) => p.scenes.map((s) => s.id);

/** A backend for store tests: only what a test sets up answers; anything else is a test bug. */
function fakeApi(over: Partial<StudioApi> = {}): StudioApi {
  return new Proxy(over as StudioApi, {
    get: (t, k) => (k in t ? (t as never)[k] : async () => assert.fail(`unexpected call ${String(k)}`)),
  });
}

test('moveScenes moves one or several scenes to an insertion index', () => {
  assert.deepEqual(order(moveScenes(doc(), ['s0'], 2)), ['s1', 's0', 's2', 's3']);
  assert.deepEqual(order(moveScenes(doc(), ['s3'], 0)), ['s3', 's0', 's1', 's2']);
  assert.deepEqual(order(moveScenes(doc(), ['s0', 's2'], 4)), ['s1', 's3', 's0', 's2']);
  const d = doc();
  assert.equal(moveScenes(d, ['s1'], 1), d, 'a move to where it is changes nothing');
  assert.equal(moveScenes(d, ['s1'], 2), d);
});

test('trimScene clamps and rounds; deleteScenes never empties the project', () => {
  assert.equal(trimScene(doc(), 's1', 3.14159).scenes[1]!.duration, 3.1);
  assert.equal(trimScene(doc(), 's1', -4).scenes[1]!.duration, 0.5);
  const d = doc(2);
  assert.deepEqual(order(deleteScenes(d, ['s0'])), ['s1']);
  assert.equal(deleteScenes(d, ['s0', 's1']), d);
});

test('history: undo/redo, no-op edits unrecorded, merged bursts', () => {
  let h = initHistory(1);
  h = commit(h, 2);
  h = commit(h, 2);
  assert.equal(h.past.length, 1);
  h = commit(h, 3, 'trim');
  h = commit(h, 4, 'trim');
  assert.deepEqual([h.past, h.present], [[1, 2], 4]);
  h = undo(h);
  assert.equal(h.present, 2);
  h = redo(h);
  assert.equal(h.present, 4);
  h = undo(undo(h));
  h = commit(h, 9);
  assert.deepEqual(h.future, [], 'a new edit drops the redo branch');
});

test('store: reorder by selection, trim drag is one undo step, undo/redo restore documents', () => {
  const store = createStudioStore(fakeApi());
  const s = () => store.getState();
  s().openDocument(doc());
  s().select('s0');
  s().select('s2', 'toggle');
  s().moveSelected(4);
  assert.deepEqual(order(s().history!.present), ['s1', 's3', 's0', 's2']);
  for (const sec of [2.2, 2.4, 2.6]) s().trim('s1', sec, 'trim:s1:1');
  assert.equal(s().history!.present.scenes[0]!.duration, 2.6);
  s().undo();
  assert.equal(s().history!.present.scenes[0]!.duration, 2);
  s().undo();
  assert.deepEqual(order(s().history!.present), ['s0', 's1', 's2', 's3']);
  s().redo();
  s().redo();
  assert.equal(s().history!.present.scenes[0]!.duration, 2.6);
  s().select('s1');
  s().select('s2', 'range');
  assert.deepEqual(s().selection, ['s1', 's3', 's0', 's2'], 'shift-click selects the range in timeline order');
  s().deleteSelected();
  assert.equal(s().history!.present.scenes.length, 4, 'deleting every scene is refused');
  s().select('s3');
  s().deleteSelected();
  assert.deepEqual(order(s().history!.present), ['s1', 's0', 's2']);
  assert.equal(s().dirty, true);
});

test('store: errors become notices, a cancellation stays quiet', async () => {
  let calls = 0;
  const store = createStudioStore(
    fakeApi({
      streamPreview: async () => {
        calls++;
        throw calls === 1 ? new CancelledError() : new StudioError('FFMPEG_FAILED', 'boom');
      },
    }),
  );
  store.getState().openDocument(doc());
  await store.getState().renderPreview('project');
  assert.deepEqual(store.getState().notices, []);
  await store.getState().renderPreview('project');
  assert.equal(store.getState().notices[0]?.code, 'FFMPEG_FAILED');
  assert.match(store.getState().notices[0]!.message, /Preview: boom/);
});

test('store: job events never move a job back in time', () => {
  const store = createStudioStore(fakeApi());
  const job = { id: 'j', kind: 'render', title: 't', state: 'active' as const, progress: 0.5, attempt: 1, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:02.000Z' };
  store.getState().jobChanged(job);
  store.getState().jobChanged({ ...job, progress: 0.2, updatedAt: '2026-01-01T00:00:01.000Z' });
  assert.equal(store.getState().jobs.j!.progress, 0.5);
});
