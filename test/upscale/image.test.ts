import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { candidateProviders, ModelSession } from '../../native/onnx/session';
import { probeProviders } from '../../native/onnx/providers';
import { upscaleImage } from '../../main/upscale/upscale-image';
import { openEngine } from '../../main/upscale/engine';
import { bundledNcnn, downloadModel } from '../../main/upscale/model-catalog';
import { importNcnn, listModels, sha256, verifyModel } from '../../main/upscale/model-store';
import { main } from '../../main/cli/main';
import { ff, meanGradient, rgbOf, softImage, tempDir } from './helpers';
import { buildRuntimeConfig } from '../../main/config/runtime-config';

/** this test process's runtime configuration, from its environment, as an entry point builds one */
const testConfig = buildRuntimeConfig({ env: process.env });

/** Box-average an RGB image by `f` in each direction: what's left is its low frequencies. */
function boxDown(rgb: Uint8Array, w: number, h: number, f: number): Float64Array {
  const out = new Float64Array((w / f) * (h / f) * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) {
    out[(Math.floor(y / f) * (w / f) + Math.floor(x / f)) * 3 + c]! += rgb[(y * w + x) * 3 + c]! / (f * f);
  }
  return out;
}

test('an upscaled photo is sharper than bicubic and agrees with it in low frequencies', async (t) => {
  const dir = tempDir(t);
  softImage(`${dir}/in.png`, 160, 90);
  const r = await upscaleImage({ config: testConfig, input: `${dir}/in.png`, output: `${dir}/out.png`, modelsDir: dir, provider: 'cpu', model: 'realesrgan-x4fast' });
  assert.equal(r.width, 640);
  assert.equal(r.height, 360);
  ff('-i', `${dir}/in.png`, '-vf', 'scale=640:360:flags=bicubic', `${dir}/bicubic.png`);
  const model = rgbOf(`${dir}/out.png`);
  const bicubic = rgbOf(`${dir}/bicubic.png`);
  const gm = meanGradient(model, 640, 360);
  const gb = meanGradient(bicubic, 640, 360);
  assert.ok(gm > gb * 1.15, `model gradient ${gm.toFixed(2)} vs bicubic ${gb.toFixed(2)}`);
  const a = boxDown(model, 640, 360, 8);
  const b = boxDown(bicubic, 640, 360, 8);
  const meanDiff = a.reduce((s, v, i) => s + Math.abs(v - b[i]!), 0) / a.length;
  assert.ok(meanDiff < 4, `low-frequency mean difference ${meanDiff.toFixed(2)} levels`);
});

test('a still is upscaled by the sharper model unless one is named; a video keeps the fast one', async (t) => {
  const dir = tempDir(t);
  softImage(`${dir}/in.png`, 64, 48);
  const still = await upscaleImage({ config: testConfig, input: `${dir}/in.png`, output: `${dir}/out.png`, modelsDir: dir, provider: 'cpu' });
  assert.equal(still.model, 'realesrgan-x4plus');
  ff('-i', `${dir}/in.png`, '-vf', 'scale=256:192:flags=bicubic', `${dir}/bicubic.png`);
  const gm = meanGradient(rgbOf(`${dir}/out.png`), 256, 192);
  const gb = meanGradient(rgbOf(`${dir}/bicubic.png`), 256, 192);
  t.diagnostic(`x4plus edge strength ${(gm / gb).toFixed(2)}× bicubic`);
  assert.ok(gm > gb * 1.15, `x4plus gradient ${gm.toFixed(2)} vs bicubic ${gb.toFixed(2)}`);
  const named = await upscaleImage({ config: testConfig, input: `${dir}/in.png`, output: `${dir}/fast.png`, modelsDir: dir, provider: 'cpu', model: 'realesrgan-x4fast' });
  assert.equal(named.model, 'realesrgan-x4fast');
  const engine = await openEngine({ modelsDir: dir, provider: 'cpu' });
  try {
    assert.equal(engine.meta.name, 'realesrgan-x4fast', 'the video path (openEngine without a model) stays fast');
  } finally {
    await engine.close();
  }
});

test('scale 2 comes from the ×4 model with a downscale, into the format the extension asks for', async (t) => {
  const dir = tempDir(t);
  softImage(`${dir}/in.jpg`, 64, 48);
  const r = await upscaleImage({ config: testConfig, input: `${dir}/in.jpg`, output: `${dir}/out.webp`, modelsDir: dir, provider: 'cpu', scale: 2 });
  assert.deepEqual([r.width, r.height], [128, 96]);
  assert.equal(rgbOf(`${dir}/out.webp`).length, 128 * 96 * 3);
  await assert.rejects(upscaleImage({ config: testConfig, input: `${dir}/in.jpg`, output: `${dir}/o.png`, modelsDir: dir, scale: 8 }), /--scale must be/);
});

test('providers are probed best first, and an unusable one falls back to the next with the reason', async () => {
  const probes = await probeProviders();
  assert.deepEqual(probes.map((p) => p.name), ['cuda', 'dml', 'coreml', 'webgpu', 'cpu']);
  assert.ok(probes.find((p) => p.name === 'cpu')!.available);
  for (const p of probes) assert.ok(p.reason.length > 0);
  const { order } = await candidateProviders('auto');
  assert.equal(order.at(-1), 'cpu');

  const model = readFileSync(bundledNcnn('realesrgan-x4fast')!.param); // not a model: every provider must refuse it
  await assert.rejects(ModelSession.open(model, { provider: 'cpu' }), /no execution provider could load the model/);

  const webgpu = probes.find((p) => p.name === 'webgpu')!;
  const { convertNcnn } = await import('../../native/onnx/ncnn/convert');
  const files = bundledNcnn('realesrgan-x4fast')!;
  const onnx = convertNcnn(readFileSync(files.param, 'utf8'), readFileSync(files.bin)).onnx;
  const session = await ModelSession.open(onnx, { provider: 'webgpu' });
  if (webgpu.available) assert.equal(session.provider, 'webgpu');
  else {
    assert.equal(session.provider, 'cpu');
    assert.equal(session.fallbacks[0]?.provider, 'webgpu');
    assert.equal(session.fallbacks[0]?.reason, webgpu.reason);
  }
  const out = await session.run({ data: new Float32Array(3 * 8 * 8).fill(0.5), channels: 3, height: 8, width: 8 });
  assert.deepEqual([out.height, out.width], [32, 32]);
  await session.close();
});

test('models import, list, verify (and catch a damaged file), and the CLI lists them', async (t) => {
  const dir = tempDir(t);
  const files = bundledNcnn('realesrgan-x4fast')!;
  const m = importNcnn(files.param, files.bin, { dir, name: 'fast-test', precision: 'fp16' });
  assert.equal(m.meta.scale, 4);
  assert.equal(m.meta.tilePad, 24);
  assert.equal(m.meta.sha256, sha256(readFileSync(m.path)));
  assert.deepEqual(listModels({ dir }).map((x) => x.meta.name), ['fast-test']);
  assert.deepEqual(await verifyModel('fast-test', { dir }), { ok: true, problems: [] });
  const bytes = readFileSync(m.path);
  bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
  writeFileSync(m.path, bytes);
  const bad = await verifyModel('fast-test', { dir });
  assert.equal(bad.ok, false);
  assert.match(bad.problems[0]!, /checksum/);

  let out = '';
  const io = { out: { write: (s: string) => ((out += s), true) } as never, err: { write: () => true } as never };
  assert.equal(await main(['models', 'convert', files.param, files.bin, '-o', `${dir}/x.onnx`], io), 0);
  assert.equal(await main(['models', 'import', `${dir}/x.onnx`, '--name', 'from-onnx', '--home', `${dir}/home`], io), 0);
  assert.equal(await main(['models', 'list', '--home', `${dir}/home`], io), 0);
  assert.match(out, /from-onnx\s+×4/);
});

test('a downloaded model is installed only when its checksum matches', async (t) => {
  const dir = tempDir(t);
  const files = bundledNcnn('realesrgan-x4fast')!;
  copyFileSync(files.param, `${dir}/m.param`);
  const body: Record<string, Buffer> = { '/m.param': readFileSync(files.param), '/m.bin': readFileSync(files.bin) };
  const server = createServer((req, res) => {
    const b = body[req.url ?? ''];
    res.writeHead(b ? 200 : 404).end(b);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const entry = (binSha: string) => ({
    name: 'downloaded', format: 'ncnn' as const,
    files: [{ url: `${base}/m.param`, sha256: sha256(body['/m.param']!) }, { url: `${base}/m.bin`, sha256: binSha }],
  });
  await assert.rejects(downloadModel(entry('0'.repeat(64)), { dir: `${dir}/models` }), /checksum mismatch/);
  assert.equal(listModels({ dir: `${dir}/models` }).length, 0);
  const ok = await downloadModel(entry(sha256(body['/m.bin']!)), { dir: `${dir}/models` });
  assert.equal(ok.meta.name, 'downloaded');
  assert.equal(ok.meta.scale, 4);
});
