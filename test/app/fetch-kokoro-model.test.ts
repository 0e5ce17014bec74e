// The release build's model fetch (scripts/fetch-kokoro-model.ts) against a loopback server: the
// pinned file is downloaded, checked and recorded where electron-builder.yml's extraResources takes
// it from; a right copy is kept without a request; a wrong file is refused and nothing is left.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { carriedKokoroDir, fetchKokoroModel } from '../../scripts/fetch-kokoro-model';
import { readBuilderConfig } from '../../scripts/packaging/builder-config';
import { tinyKokoroModel } from '../tts/kokoro-test-model';

const model = Buffer.from(tinyKokoroModel());
const pin = (url: string) => ({ url, bytes: model.length, sha256: createHash('sha256').update(model).digest('hex'), revision: '0123456789abcdef' });
let server: Server;
let base: string;
let requests = 0;
let tmp: string;

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'rf-fetch-kokoro-'));
  server = createServer((req, res) => {
    requests++;
    if (req.url === '/model.onnx') res.end(model);
    else if (req.url === '/other.onnx') res.end(Buffer.concat([model, Buffer.from('x')]));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.close();
  rmSync(tmp, { recursive: true, force: true });
});

test('the model is put where electron-builder.yml carries it from, with a record of its source and checksum; a right copy is kept', async () => {
  const root = join(tmp, 'checkout');
  const lines: string[] = [];
  const path = await fetchKokoroModel({ root, pin: pin(`${base}/model.onnx`), log: (l) => lines.push(l) });
  assert.equal(path, join(carriedKokoroDir(root), 'model.onnx'));
  assert.ok(readFileSync(path).equals(model));
  const record = JSON.parse(readFileSync(join(carriedKokoroDir(root), 'model.json'), 'utf8')) as Record<string, unknown>;
  assert.equal(record.sha256, pin('').sha256);
  assert.equal(record.from, `${base}/model.onnx`);
  assert.deepEqual(readdirSync(carriedKokoroDir(root)).sort(), ['model.json', 'model.onnx'], 'no partial file left');
  const from = readBuilderConfig(join(import.meta.dirname, '../..')).extraResources as Array<{ from: string; to: string }>;
  assert.ok(from.some((e) => join(root, e.from) === carriedKokoroDir(root) && e.to === 'models/kokoro'), 'electron-builder.yml takes this folder');

  const before = requests;
  await fetchKokoroModel({ root, pin: pin(`${base}/model.onnx`), log: (l) => lines.push(l) });
  assert.equal(requests, before, 'nothing downloaded again');
  assert.match(lines.at(-1)!, /already in place and checked/);
});

test('a download or a local file that is not the pinned model is refused, and nothing is left in place', async () => {
  const root = join(tmp, 'refused');
  await assert.rejects(fetchKokoroModel({ root, pin: { ...pin(`${base}/other.onnx`) }, log: () => {} }), /checksum mismatch/);
  assert.ok(!existsSync(join(carriedKokoroDir(root), 'model.onnx')));
  const wrong = join(tmp, 'wrong.onnx');
  writeFileSync(wrong, 'not a model');
  await assert.rejects(fetchKokoroModel({ root, from: wrong, pin: pin(`${base}/model.onnx`), log: () => {} }), /is not the pinned Kokoro model .*refused/);
  assert.deepEqual(readdirSync(carriedKokoroDir(root)).filter((f) => f.startsWith('model.onnx')), [], 'no model file, whole or partial');
  // offline: a copy the user has, checked the same way
  const right = join(tmp, 'right.onnx');
  writeFileSync(right, model);
  const path = await fetchKokoroModel({ root, from: right, pin: pin(`${base}/model.onnx`), log: () => {} });
  assert.ok(readFileSync(path).equals(model));
  assert.ok(existsSync(right), "the user's file is copied, never moved");
});
