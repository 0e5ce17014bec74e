import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { BridgeServer } from '../../main/api/bridge-server';
import { createStudio, type Studio } from '../../main/api/create-studio';
import { locateFfmpeg } from '../../native/ffmpeg/locate';
import { probeMedia } from '../../native/ffmpeg/probe';
import { runFfmpeg } from '../../native/ffmpeg/run';
import { StudioError } from '../../preload/contract/errors';
import type { StudioApi } from '../../preload/contract/studio-api';
import { connectOverBridge, type BridgeConnection } from './bridge-harness';


describe('makeProject over the bridge (issue 4’s voice pipeline behind the StudioApi)', () => {
  let dir: string;
  let studio: Studio;
  let server: BridgeServer;
  let api: StudioApi;
  let bridge: BridgeConnection;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reelforge-make-api-'));
    studio = await createStudio({ home: dir, transport: 'bridge', worker: false });
    bridge = await connectOverBridge(studio);
    server = bridge.server;
    api = bridge.api;
  });

  after(async () => {
    await bridge.close();
    await studio.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a voiced project: narration files, word timings, scenes that fit their audio, and a preview with sound', async () => {
    const project = await api.makeProject({
      title: 'Octopus facts',
      script: 'Octopuses have three hearts.\n\nTheir blood is blue.',
      templateId: 'bold-shorts',
      voice: 'espeak-ng:en-us',
      settings: { preset: 'shorts-720', width: 144, height: 256, fps: 12 },
    });
    assert.equal(project.title, 'Octopus facts');
    assert.equal(project.scenes.length, 2);
    for (const scene of project.scenes) {
      assert.equal(scene.duration, 'fit');
      assert.ok(scene.audio && existsSync(scene.audio), `narration file ${scene.audio}`);
      assert.ok(!relative(join(studio.dirs.voices, project.id), scene.audio).startsWith('..'), 'narration lives in the project’s voice folder');
      assert.ok((scene.words?.length ?? 0) >= 3, 'word timings for the captions');
    }
    assert.deepEqual(await api.getProject(project.id), project, 'saved in the library as returned');

    // the page can play the narration through /media, like any other library file
    const wav = await fetch(`${server.url}/media${project.scenes[0]!.audio}?key=${server.mediaKey}`);
    assert.equal(wav.status, 200);
    assert.equal(Buffer.from(await wav.arrayBuffer()).subarray(0, 4).toString('latin1'), 'RIFF');

    // the render pipeline reads the narration: the preview is as long as the voice and not silent
    const tools = locateFfmpeg();
    const preview = await api.renderPreview({ project, sceneIndex: 0 });
    const narration = await probeMedia(tools.ffprobe.path, project.scenes[0]!.audio!);
    assert.ok(preview.durationSeconds >= narration.duration!, `${preview.durationSeconds} s covers ${narration.duration} s of narration`);
    const { stderrTail } = await runFfmpeg(tools.ffmpeg.path, ['-hide_banner', '-i', preview.path, '-af', 'volumedetect', '-f', 'null', '-'], { stderrTailChars: 4000 });
    const mean = Number(/mean_volume: (-?[\d.]+) dB/.exec(stderrTail)?.[1] ?? -Infinity);
    assert.ok(mean > -50, `the preview is voiced (mean volume ${mean} dB)`);
  });

  test('an unknown voice is a typed error, and leaves no folder behind', async () => {
    const before = readdirSync(studio.dirs.voices).length;
    await assert.rejects(
      api.makeProject({ title: 'No such voice', script: 'Hello there.', voice: 'espeak-ng:xx-nope' }),
      (err: unknown) => err instanceof StudioError && err.code === 'INVALID_INPUT' && /no voice/.test(err.message),
    );
    assert.equal(readdirSync(studio.dirs.voices).length, before);
  });
});
