import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findKokoroModel } from '../../native/tts/kokoro/find-model';

test("which Kokoro model speaks: the user's install wins, else the app's carried model of the pinned size, else none with how to get it", (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rf-find-kokoro-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const neuralModelDir = join(dir, 'home', 'models', 'tts');
  const installed = join(neuralModelDir, 'kokoro', 'model.onnx');
  const carried = join(dir, 'resources', 'models', 'kokoro', 'model.onnx');

  assert.deepEqual(findKokoroModel({ neuralModelDir, carried, carriedBytes: 10 }), { path: installed, source: 'missing' });

  mkdirSync(join(carried, '..'), { recursive: true });
  writeFileSync(carried, Buffer.alloc(10));
  assert.deepEqual(findKokoroModel({ neuralModelDir, carried, carriedBytes: 10 }), { path: carried, source: 'carried' });
  // a damaged (truncated) carried file is passed over, and says so
  const damaged = findKokoroModel({ neuralModelDir, carried, carriedBytes: 11 });
  assert.equal(damaged.source, 'missing');
  assert.match(damaged.carriedProblem!, /has 10 bytes, not 11: it is damaged, reinstall the app/);
  assert.equal(findKokoroModel({ neuralModelDir, carried, carriedBytes: null }).source, 'carried', 'size check off (a stand-in)');

  mkdirSync(join(installed, '..'), { recursive: true });
  writeFileSync(installed, Buffer.alloc(3));
  assert.deepEqual(findKokoroModel({ neuralModelDir, carried, carriedBytes: 10 }), { path: installed, source: 'installed' });
});
