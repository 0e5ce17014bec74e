import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStudio, type Studio } from '../../main/api/create-studio';
import { locateFfmpeg } from '../../native/ffmpeg/locate';
import { randomUUID } from 'node:crypto';
import { StudioError } from '../../preload/contract/errors';
import { projectSchema } from '../../preload/contract/project';
import type { StoredProject, StudioApi } from '../../preload/contract/studio-api';
import { connectOverBridge, type BridgeConnection } from './bridge-harness';

const isCode = (code: string) => (err: unknown) => err instanceof StudioError && err.code === code;

/** Every media file a project document refers to. */
const mediaOf = (p: StoredProject) => [
  ...p.scenes.flatMap((s) => [s.audio, s.visual.type === 'image' || s.visual.type === 'video' ? s.visual.path : undefined]),
  p.audio.music?.path,
].filter((f): f is string => !!f);

describe('the project library through the StudioApi: duplicate, rename, delete, and their media', () => {
  let dir: string;
  let studio: Studio;
  let bridge: BridgeConnection;
  let api: StudioApi;
  let original: StoredProject;
  const changed: string[][] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reelforge-library-'));
    studio = await createStudio({ home: join(dir, 'home'), transport: 'bridge', worker: false });
    bridge = await connectOverBridge(studio);
    api = bridge.api;
    api.on('projectsChanged', (e) => changed.push(e.ids));
    // A project whose first scene shows a still and speaks a narration, both imported into the media library.
    const ffmpeg = locateFfmpeg({ env: process.env }).ffmpeg.path;
    const still = join(dir, 'photo.png');
    const speech = join(dir, 'narration.wav');
    execFileSync(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'color=c=orange:s=64x64', '-frames:v', '1', still]);
    execFileSync(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'sine=f=300:d=1', speech]);
    const [photo, narration] = await api.importMedia([{ name: 'photo.png', path: still }, { name: 'narration.wav', path: speech }]);
    const made = { ...projectSchema.parse({
      version: 1, title: 'Tide pools', settings: { preset: 'shorts-720', width: 144, height: 256, fps: 12 },
      scenes: [
        { narration: 'Crabs hide under rocks.', visual: { type: 'image', path: photo!.path }, audio: narration!.path },
        { narration: 'Starfish grip the stone.', visual: { type: 'color', color: '#203040' }, duration: 1 },
      ],
      audio: { music: { path: narration!.path, volume: 0.3 } },
    }), id: randomUUID() };
    await api.saveProject(made);
    original = await api.getProject(made.id);
    assert.equal(mediaOf(original).length, 3, 'a narration, a still and the music bed');
  });

  after(async () => {
    await bridge.close();
    await studio.close();
    rmSync(dir, { recursive: true, force: true });
  });

  let copyId: string;

  test('duplicate: a new project with its own id and a "(copy)" title, the same scenes, pointing at the same media files', async () => {
    const before = changed.length;
    const summary = await api.duplicateProject(original.id);
    copyId = summary.id;
    assert.notEqual(copyId, original.id);
    assert.equal(summary.title, 'Tide pools (copy)');
    assert.equal(summary.sceneCount, 2);
    const copy = await api.getProject(copyId);
    assert.deepEqual({ ...copy, id: original.id, title: original.title }, original, 'the document is the same apart from id and title');
    assert.deepEqual(mediaOf(copy), mediaOf(original), 'media are shared, not copied');
    assert.deepEqual((await api.listProjects()).map((p) => p.title).sort(), ['Tide pools', 'Tide pools (copy)']);
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(changed.slice(before), [[copyId]], 'the library was told about the new project');
  });

  test('the copy is independent: editing it leaves the original as it was', async () => {
    const copy = await api.getProject(copyId);
    copy.scenes[1]!.narration = 'Edited only in the copy.';
    await api.saveProject(copy);
    assert.equal((await api.getProject(original.id)).scenes[1]!.narration, original.scenes[1]!.narration);
    assert.equal((await api.getProject(copyId)).scenes[1]!.narration, 'Edited only in the copy.');
  });

  test('rename: the new title in the list and in the document, nothing else changed; a blank title or an unknown id is refused', async () => {
    const summary = await api.renameProject(original.id, '  Rock pools  ');
    assert.equal(summary.title, 'Rock pools', 'surrounding spaces are trimmed');
    assert.equal(summary.id, original.id);
    const renamed = await api.getProject(original.id);
    assert.equal(renamed.title, 'Rock pools');
    assert.deepEqual(renamed.scenes, original.scenes);
    assert.equal((await api.listProjects()).find((p) => p.id === original.id)?.title, 'Rock pools');
    await assert.rejects(api.renameProject(original.id, '   '), isCode('INVALID_INPUT'));
    await assert.rejects(api.renameProject('no-such-project', 'x'), isCode('NOT_FOUND'));
    assert.equal((await api.getProject(original.id)).title, 'Rock pools', 'a refused rename changes nothing');
  });

  test('delete: the project is gone from the library, the copy still has every media file it uses and can be queued', async () => {
    await api.deleteProject(original.id);
    await assert.rejects(api.getProject(original.id), isCode('NOT_FOUND'));
    assert.deepEqual((await api.listProjects()).map((p) => p.id), [copyId]);
    await assert.rejects(api.deleteProject(original.id), isCode('NOT_FOUND'), 'deleting twice says it is not there');
    const copy = await api.getProject(copyId);
    for (const file of mediaOf(copy)) assert.ok(existsSync(file), `${file} is still there for the copy`);
    const job = await api.enqueueRender({ projectId: copyId });
    assert.equal(job.state, 'waiting', 'the copy renders: its media passed the check');
  });

  test('deleting the last project keeps the library media (they are the user\'s files) and refuses a render of the deleted id', async () => {
    const copy = await api.getProject(copyId);
    await api.deleteProject(copyId);
    assert.deepEqual(await api.listProjects(), []);
    const listed = (await api.listMedia()).map((m) => m.path);
    for (const file of mediaOf(copy)) {
      assert.ok(existsSync(file), `${file} stays in the media library`);
      assert.ok(listed.includes(file), `the library still lists ${file}: ${listed.join(', ')}`);
    }
    await assert.rejects(api.enqueueRender({ projectId: copyId }), isCode('NOT_FOUND'));
  });
});
