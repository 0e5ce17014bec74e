import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFarmUrl } from '../../main/farm/farm-url';
import { localGraph, portableGraph } from '../../main/farm/portable-graph';
import { splitAtCuts } from '../../main/farm/split-chunks';
import { filterArg } from '../../main/render/escape';
import type { Timeline } from '../../main/render/timeline';
import type { Transition } from '../../preload/contract/project';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

test('a Redis without a password is refused unless it is on this machine', () => {
  assert.throws(() => parseFarmUrl('redis://farm.example:6379'), /not on this machine and the URL has no password.*requirepass/);
  assert.equal(parseFarmUrl('redis://127.0.0.1:6390').port, 6390);
  assert.equal(parseFarmUrl('redis://localhost').port, 6379);
  const withPassword = parseFarmUrl('redis://:s3cret@10.0.0.5:6379/2');
  assert.equal(withPassword.password, 's3cret');
  assert.equal(withPassword.db, 2);
  assert.ok(!withPassword.display.includes('s3cret'), 'the password is never shown');
  assert.throws(() => parseFarmUrl('http://127.0.0.1:6379'), /not a Redis URL/);
  assert.throws(() => parseFarmUrl('not a url'), /^InvalidInputError: --farm: not a URL/);
  // each door names its own field: the option on the command line, the fields in Settings → Render farm
  assert.throws(() => parseFarmUrl('redis://farm.example:6379'), /^InvalidInputError: --farm: .*give it as redis:\/\/:PASSWORD@farm\.example:6379$/);
  assert.throws(() => parseFarmUrl('redis://farm.example:6379', { door: 'settings' }), /^InvalidInputError: Redis URL: the Redis at farm\.example:6379 .*type it in the Password field$/);
  assert.throws(() => parseFarmUrl('redis://127.0.0.1/x', { door: 'settings' }), /^InvalidInputError: Redis URL: x is not a Redis database number$/);
});

test("a chunk's graph carries no path of the coordinator's: each file becomes a placeholder, and back on the worker", () => {
  const dir = mkdtempSync(join(tmpdir(), 'rf-farm-parts-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const odd = join(dir, "it's [odd], really; a:b");
  mkdirSync(odd);
  const still = join(odd, 'still.png');
  const font = join(dir, 'fonts');
  mkdirSync(font);
  writeFileSync(still, 'x');
  writeFileSync(join(font, 'Inter.ttf'), 'x');
  const graph = `movie=filename=${filterArg(still)},scale=10:10[a];[a]subtitles=filename=${filterArg(still)}:fontsdir=${filterArg(font)},drawtext=fontfile=${filterArg(join(font, 'Inter.ttf'))}:text=hi[vout]`;
  const { graph: portable, refs } = portableGraph(graph);
  assert.ok(!portable.includes(dir), portable);
  assert.deepEqual(refs.map((r) => [r.path, r.kind]), [[still, 'file'], [font, 'dir'], [join(font, 'Inter.ttf'), 'file']]);
  const local = new Map(refs.map((r, i) => [r.ref, `/cache/x${i}`]));
  assert.equal(localGraph(portable, local), `movie=filename=/cache/x0,scale=10:10[a];[a]subtitles=filename=/cache/x0:fontsdir=/cache/x1,drawtext=fontfile=/cache/x2:text=hi[vout]`);
});

test('a render is split only where a scene comes in with a cut, into runs of at least the asked length', () => {
  const cut = { type: 'cut' as const, duration: 0 };
  const fade = { type: 'fade' as const, duration: 0.5 };
  const slot = (index: number, start: number, transitionIn: Transition = cut) => ({ index, start, duration: 2, transitionIn, narrationStart: start, narrationDuration: 0 });
  const timeline: Timeline = { slots: [slot(0, 0), slot(1, 2), slot(2, 3.5, fade), slot(3, 5.5), slot(4, 7.5)], duration: 9.5, frames: 285 };
  assert.deepEqual(splitAtCuts(timeline, 1), [{ from: 0, to: 1 }, { from: 1, to: 3 }, { from: 3, to: 4 }, { from: 4, to: 5 }]);
  assert.deepEqual(splitAtCuts(timeline, 4), [{ from: 0, to: 3 }, { from: 3, to: 5 }]);
  assert.deepEqual(splitAtCuts(timeline, 100), [{ from: 0, to: 5 }]);
});
