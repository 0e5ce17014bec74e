import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeModel, floatTensor, DataType, type OnnxModel } from '../../native/onnx/proto/onnx-model';
import { media, tempDir } from '../render/fixtures';

/** Issue 23, #8 and #17: upscalers the app cannot use are refused with words a user can act on. */
const bin = new URL('../../bin/reelforge.js', import.meta.url).pathname;
const dir = tempDir('reelforge-model-attacks-');
const home = join(dir, 'home');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args, '--home', home], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A nearest-neighbour "upscaler": one Resize by `scale`, its tensors named as given. */
function resizeModel(scale: number, names: { input: string; output: string } = { input: 'input', output: 'output' }, extraInput = false): string {
  const m: OnnxModel = {
    producer: 'reelforge-test',
    graphName: 'resize',
    opset: 13,
    nodes: [{ op: 'Resize', name: 'up', inputs: [names.input, '', 'scales'], outputs: [names.output], attributes: { mode: 'nearest' } }],
    initializers: [floatTensor('scales', [4], new Float32Array([1, 1, scale, scale]))],
    inputs: [{ name: names.input, elemType: DataType.FLOAT, shape: ['n', 3, 'h', 'w'] }, ...(extraInput ? [{ name: 'strength', elemType: DataType.FLOAT, shape: [1] }] : [])],
    outputs: [{ name: names.output, elemType: DataType.FLOAT, shape: ['n', 3, 'H', 'W'] }],
  };
  const file = join(dir, `resize-x${scale}-${names.input}${extraInput ? '-two' : ''}.onnx`);
  writeFileSync(file, encodeModel(m));
  return file;
}

test('models import refuses a ×700 upscaler by its scale, before a run that would take gigabytes; nothing is installed', () => {
  const r = cli('models', 'import', resizeModel(700), '--name', 'huge');
  assert.equal(r.code, 3, r.err);
  assert.match(r.err, /upscales by 700; at most ×8 is supported/);
  assert.equal(existsSync(join(home, 'models', 'huge')), false);
});

test('tensors named other than input/output work; a model with a second input is refused by its tensor names', () => {
  const named = cli('models', 'import', resizeModel(2, { input: 'image', output: 'pixels' }), '--name', 'named-x2');
  assert.equal(named.code, 0, named.err);
  assert.match(named.out, /imported named-x2 \(×2/);
  const img = media.still(dir, 'small.png', 'green', '24x16');
  const up = cli('upscale', img, '-o', join(dir, 'big.png'), '--model', 'named-x2', '--provider', 'cpu');
  assert.equal(up.code, 0, up.err);
  assert.match(up.out, /48×32/);

  const two = cli('models', 'import', resizeModel(2, { input: 'x', output: 'y' }, true), '--name', 'two-inputs');
  assert.equal(two.code, 3, two.err);
  assert.match(two.err, /not an image upscaler: the model has 2 input\(s\) \(x, strength\)/);
  assert.doesNotMatch(two.err, /feeds|Error: input/);
});

test('a damaged model.json is named by its path: in models list and when the model is asked for', () => {
  const folder = join(home, 'models', 'broken');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'model.onnx'), 'x');
  writeFileSync(join(folder, 'model.json'), '{"name": "broken", "scale": ');
  const list = cli('models', 'list');
  assert.equal(list.code, 0, list.err);
  assert.match(list.err, new RegExp(`warning: ${join(folder, 'model.json').replace(/[/.]/g, '\\$&')} is damaged`));
  const img = media.still(dir, 'other.png', 'red', '24x16');
  const up = cli('upscale', img, '-o', join(dir, 'never.png'), '--model', 'broken', '--provider', 'cpu');
  assert.equal(up.code, 3, up.err);
  assert.match(up.err, /model\.json is damaged .*import the model again/);
  assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('never')), []);
});
