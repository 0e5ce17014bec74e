import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fitStills } from '../../main/render/fit-stills';
import { planRender } from '../../main/render/plan';
import { prepareRender } from '../../main/render/prepare';
import { stillFitting } from '../../main/render/scene-video';
import { encoderProfile } from '../../native/ffmpeg/encoders';
import { ff, smallProject, tempDir, tools } from './fixtures';

/** Stills fitted before the render (fit-stills.ts) are the frames the graph's own fitting makes. */
const dir = tempDir('reelforge-fit-stills-');
// a picture with detail everywhere (a still of one colour would pass any scaler), wider than the frame
const photo = join(dir, 'photo.jpg');
ff('-f', 'lavfi', '-i', 'testsrc2=s=400x300:d=0.04', '-frames:v', '1', '-q:v', '3', photo);

const project = smallProject({
  style: { caption: { enabled: false } },
  scenes: [
    { visual: { type: 'image', path: photo, fit: 'fill' }, duration: 1, narration: '' },
    { visual: { type: 'image', path: photo, fit: 'fit' }, duration: 1, narration: '' },
    { visual: { type: 'image', path: photo, fit: 'blur-pad', kenBurns: false }, duration: 1, narration: '' },
    { visual: { type: 'color', color: '#336699' }, duration: 1, narration: '' },
  ],
}, dir);

/** MD5 of the one frame a graph's `[o]` gives, as yuv420p. */
function frameMd5(graph: string): string {
  const out = execFileSync(tools.ffmpeg.path, ['-v', 'error', '-filter_complex', graph, '-map', '[o]', '-frames:v', '1', '-f', 'framemd5', '-'], { encoding: 'utf8' });
  return out.trim().split('\n').at(-1)!.split(',').at(-1)!.trim();
}

test('each still is fitted before the render to exactly the frame the graph would make (fill, fit, blur-pad)', async () => {
  const prepared = await prepareRender(project, { ffprobe: tools.ffprobe.path, workDir: dir });
  const fitted = await fitStills(prepared, { ffmpeg: tools.ffmpeg.path, workDir: dir, perProcess: 2 });
  assert.deepEqual([...fitted.keys()], [0, 1, 2], 'the stills, and not the colour card, are fitted');
  for (const [scene, file] of fitted) {
    assert.ok(existsSync(file));
    const inGraph = stillFitting(prepared.project, prepared.project.scenes[scene]!, prepared.timeline.slots[scene]!, prepared.frame);
    const expected = frameMd5(`${inGraph.pre}${inGraph.label}format=yuv420p[o]`);
    assert.equal(frameMd5(`movie=filename=${file.replace(/[\\':]/g, '\\$&')},format=yuv420p[o]`), expected, `scene ${scene + 1}: the fitted frame is bit-identical`);
  }

  const graph = planRender({ ...prepared, fittedStills: fitted }, { encoder: encoderProfile('libx264')!, loudness: { kind: 'none' }, hasXfade: true }).filterGraph;
  assert.ok(!graph.includes('photo.jpg'), 'the render graph no longer opens the pictures');
  for (const file of fitted.values()) assert.ok(graph.includes(file), `the render graph reads ${file}`);
});
