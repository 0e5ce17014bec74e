import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { neuralEngine } from '../../native/tts/neural';
import { scanNeuralModels } from '../../native/tts/neural-models';
import { Tts } from '../../native/tts/tts';

test('neural voice: with no model, the probe names the folder where one must go', async () => {
  const root = mkdtempSync(join(tmpdir(), 'rf-neural-'));
  try {
    const status = await neuralEngine(join(root, 'tts')).probe();
    assert.equal(status.available, false);
    assert.match(status.reason, /no neural voice model/);
    assert.ok(status.reason.includes(join(root, 'tts')), status.reason);
    assert.match(status.reason, /tokens\.txt/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('neural voice: incomplete model folders are reported, complete ones are found', () => {
  const root = mkdtempSync(join(tmpdir(), 'rf-neural-'));
  try {
    mkdirSync(join(root, 'half-done'));
    writeFileSync(join(root, 'half-done', 'voice.onnx'), 'x');
    mkdirSync(join(root, 'en_US-amy-low', 'espeak-ng-data'), { recursive: true });
    writeFileSync(join(root, 'en_US-amy-low', 'en_US-amy-low.onnx'), 'x');
    writeFileSync(join(root, 'en_US-amy-low', 'tokens.txt'), 'x');
    const scan = scanNeuralModels(root);
    assert.deepEqual(scan.models.map((m) => [m.name, m.language, Boolean(m.dataDir)]), [['en_US-amy-low', 'en-US', true]]);
    assert.deepEqual(scan.incomplete.map((i) => i.missing), ['tokens.txt']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('neural voice: a model without the optional sherpa-onnx-node package says to install it, and the OS voice still works', async () => {
  const root = mkdtempSync(join(tmpdir(), 'rf-neural-'));
  try {
    mkdirSync(join(root, 'en_US-amy-low'));
    writeFileSync(join(root, 'en_US-amy-low', 'en_US-amy-low.onnx'), 'x');
    writeFileSync(join(root, 'en_US-amy-low', 'tokens.txt'), 'x');
    const status = await neuralEngine(root).probe();
    assert.equal(status.available, false);
    assert.match(status.reason, /npm install sherpa-onnx-node/);
    const tts = new Tts({ neuralModelDir: root });
    const { voice } = await tts.resolveVoice();
    assert.equal(voice.engine, 'espeak-ng');
    assert.ok(!(await tts.listVoices()).some((v) => v.engine === 'neural'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
