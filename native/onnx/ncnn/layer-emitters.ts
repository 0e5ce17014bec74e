import { InvalidInputError } from '../../../preload/contract/errors';
import { floatTensor, int64Tensor, type OnnxNode } from '../proto/onnx-model';
import type { NcnnGraph } from './ncnn-graph';
import { arrayParam, intParam, type NcnnLayer } from './param';

const ACTIVATIONS = ['none', 'relu', 'leakyrelu', 'clip', 'sigmoid'] as const;

type Emit = (g: NcnnGraph, layer: NcnnLayer, id: string, out: string) => void;

/** One ONNX emitter per supported ncnn layer type: it reads the layer's inputs and weights from `g` and defines its output. */
export const layerEmitters: Record<string, Emit> = {
  Input(g, layer, id, out) {
    if (g.inputBlob) g.unsupported(layer, 'a second input');
    g.inputBlob = out;
    const c = intParam(layer, 2, 3);
    g.define(out, { c: c > 0 ? c : 3, s: 1 });
    g.alias.set(out, 'input');
  },
  Split(g, layer, id, out) {
    const src = g.valueOf(layer.inputs[0]!, layer);
    for (const o of layer.outputs) {
      g.alias.set(o, src);
      g.shapes.set(o, g.shapeOf(layer.inputs[0]!));
    }
  },
  Convolution(g, layer, id, out) {
    const inBlob = layer.inputs[0]!;
    const x = g.valueOf(inBlob, layer);
    const inShape = g.shapeOf(inBlob);
    const outC = intParam(layer, 0, 0);
    const kw = intParam(layer, 1, 0);
    const kh = intParam(layer, 11, kw);
    const dw = intParam(layer, 2, 1);
    const dh = intParam(layer, 12, dw);
    const sw = intParam(layer, 3, 1);
    const sh = intParam(layer, 13, sw);
    const pl = intParam(layer, 4, 0);
    const pt = intParam(layer, 14, pl);
    const pr = intParam(layer, 15, pl);
    const pb = intParam(layer, 16, pt);
    const biasTerm = intParam(layer, 5, 0);
    const weightSize = intParam(layer, 6, 0);
    if (intParam(layer, 8, 0)) g.unsupported(layer, 'int8 quantization');
    if (intParam(layer, 19, 0)) g.unsupported(layer, 'dynamic weights');
    if (intParam(layer, 18, 0) !== 0) g.unsupported(layer, 'a non-zero pad value');
    const inC = weightSize / (outC * kw * kh);
    if (!Number.isInteger(inC) || inC <= 0) g.unsupported(layer, `weight_data_size ${weightSize} for ${outC}×${kh}×${kw}`);
    if (inC !== inShape.c) {
      throw new InvalidInputError(`ncnn: ${layer.name} expects ${inC} input channels, its input has ${inShape.c}`);
    }
    const w = g.reader.tagged(weightSize, `${layer.name} weights`);
    const b = biasTerm ? g.reader.raw(outC, `${layer.name} bias`) : undefined;
    // An Eltwise coefficient applied to this convolution's only consumer is folded in here.
    const k = g.folded.convScale.get(out);
    if (k !== undefined) {
      for (let i = 0; i < w.length; i++) w[i] = w[i]! * k;
      if (b) for (let i = 0; i < b.length; i++) b[i] = b[i]! * k;
    }
    const inputs = [x, g.weight(`${id}_W`, [outC, inC, kh, kw], w)];
    if (b) inputs.push(g.weight(`${id}_B`, [outC], b));
    const attributes: OnnxNode['attributes'] = { kernel_shape: [kh, kw], strides: [sh, sw], dilations: [dh, dw] };
    if (pl === -233 || pl === -234) attributes.auto_pad = pl === -233 ? 'SAME_UPPER' : 'SAME_LOWER';
    else if (pl < 0) g.unsupported(layer, `padding mode ${pl}`);
    else attributes.pads = [pt, pl, pb, pr];
    const act = intParam(layer, 9, 0);
    const actParams = arrayParam(layer, 10);
    const convOut = act ? `${id}_conv` : out;
    g.nodes.push({ op: 'Conv', name: id, inputs, outputs: [convOut], attributes });
    if (act === 1) g.nodes.push({ op: 'Relu', name: `${id}_relu`, inputs: [convOut], outputs: [out] });
    else if (act === 2) g.nodes.push({ op: 'LeakyRelu', name: `${id}_lrelu`, inputs: [convOut], outputs: [out], attributes: { alpha: { float: actParams[0] ?? 0 } } });
    else if (act === 3) {
      g.nodes.push({ op: 'Clip', name: `${id}_clip`, inputs: [convOut, g.scalar(`${id}_min`, actParams[0] ?? 0), g.scalar(`${id}_max`, actParams[1] ?? 0)], outputs: [out] });
    } else if (act === 4) g.nodes.push({ op: 'Sigmoid', name: `${id}_sigmoid`, inputs: [convOut], outputs: [out] });
    else if (act !== 0) g.unsupported(layer, `activation type ${act} (known: ${ACTIVATIONS.join(', ')})`);
    const s = inShape.s === null ? null : inShape.s / sw;
    if (inShape.s !== null) g.macs += outC * inC * kh * kw * (inShape.s / sw) * (inShape.s / sh);
    g.define(out, { c: outC, s });
  },
  PReLU(g, layer, id, out) {
    const x = g.valueOf(layer.inputs[0]!, layer);
    const n = intParam(layer, 0, 0);
    const slope = g.reader.raw(n, `${layer.name} slopes`);
    g.nodes.push({ op: 'PRelu', name: id, inputs: [x, g.weight(`${id}_slope`, n === 1 ? [1] : [n, 1, 1], slope)], outputs: [out] });
    g.define(out, g.shapeOf(layer.inputs[0]!));
  },
  ReLU(g, layer, id, out) {
    const x = g.valueOf(layer.inputs[0]!, layer);
    const slope = intParam(layer, 0, 0);
    if (slope === 0) g.nodes.push({ op: 'Relu', name: id, inputs: [x], outputs: [out] });
    else g.nodes.push({ op: 'LeakyRelu', name: id, inputs: [x], outputs: [out], attributes: { alpha: { float: slope } } });
    g.define(out, g.shapeOf(layer.inputs[0]!));
  },
  Concat(g, layer, id, out) {
    const axis = intParam(layer, 0, 0);
    if (axis !== 0 && axis !== -3) g.unsupported(layer, `concatenation on axis ${axis} (only channels)`);
    const xs = layer.inputs.map((b) => g.valueOf(b, layer));
    const first = g.shapeOf(layer.inputs[0]!);
    g.nodes.push({ op: 'Concat', name: id, inputs: xs, outputs: [out], attributes: { axis: 1 } });
    g.define(out, { c: layer.inputs.reduce((sum, b) => sum + g.shapeOf(b).c, 0), s: first.s });
  },
  Eltwise(g, layer, id, out) {
    const op = intParam(layer, 0, 1);
    const coeffs = arrayParam(layer, 1);
    let xs = layer.inputs.map((b) => g.valueOf(b, layer));
    if (op === 1 && coeffs.length) {
      if (coeffs.length !== xs.length) g.unsupported(layer, `${coeffs.length} coefficients for ${xs.length} inputs`);
      xs = xs.map((x, i) => {
        const c = coeffs[i]!;
        const blob = layer.inputs[i]!;
        if (c === 1 || g.folded.inputs.has(`${layer.name}#${i}`)) return x;
        // A per-channel 1×1 (depthwise) convolution rather than Mul by a scalar: ONNX Runtime
        // keeps it in its blocked NCHWc layout and fuses the following Sum into it, where a
        // scalar Mul would send the rest of the network back to NCHW with a reorder per conv.
        const scaled = `${id}_scaled${i}`;
        const ch = g.shapeOf(blob).c;
        g.nodes.push({
          op: 'Conv', name: `${id}_scale${i}`,
          inputs: [x, g.fp32(`${id}_coeff${i}`, [ch, 1, 1, 1], new Float32Array(ch).fill(c))],
          outputs: [scaled],
          attributes: { kernel_shape: [1, 1], group: ch },
        });
        return scaled;
      });
    }
    const onnxOp = ({ 0: 'Mul', 1: 'Sum', 2: 'Max' } as Record<number, string>)[op] ?? g.unsupported(layer, `operation ${op}`);
    g.nodes.push({ op: onnxOp, name: id, inputs: xs, outputs: [out] });
    g.define(out, g.shapeOf(layer.inputs[0]!));
  },
  BinaryOp(g, layer, id, out) {
    const op = intParam(layer, 0, 0);
    const withScalar = intParam(layer, 1, 0);
    const a = g.valueOf(layer.inputs[0]!, layer);
    const b = withScalar ? g.scalar(`${id}_b`, intParam(layer, 2, 0)) : g.valueOf(layer.inputs[1]!, layer);
    const table: Record<number, [string, boolean]> = {
      0: ['Add', false], 1: ['Sub', false], 2: ['Mul', false], 3: ['Div', false], 4: ['Max', false],
      5: ['Min', false], 6: ['Pow', false], 7: ['Sub', true], 8: ['Div', true], 9: ['Pow', true],
    };
    const [onnxOp, reversed] = table[op] ?? g.unsupported(layer, `operation ${op}`);
    g.nodes.push({ op: onnxOp, name: id, inputs: reversed ? [b, a] : [a, b], outputs: [out] });
    const sa = g.shapeOf(layer.inputs[0]!);
    const sb = withScalar ? sa : g.shapeOf(layer.inputs[1]!);
    g.define(out, { c: Math.max(sa.c, sb.c), s: sa.s });
  },
  Interp(g, layer, id, out) {
    const inBlob = layer.inputs[0]!;
    if (layer.inputs.length > 1 || intParam(layer, 5, 0)) g.unsupported(layer, 'a dynamic target size');
    const x = g.valueOf(inBlob, layer);
    const type = intParam(layer, 0, 0);
    const hs = intParam(layer, 1, 1);
    const ws = intParam(layer, 2, 1);
    const oh = intParam(layer, 3, 0);
    const ow = intParam(layer, 4, 0);
    const alignCorner = intParam(layer, 6, 0);
    const attributes: OnnxNode['attributes'] = {};
    if (type === 1) Object.assign(attributes, { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' });
    else if (type === 2) Object.assign(attributes, { mode: 'linear', coordinate_transformation_mode: alignCorner ? 'align_corners' : 'half_pixel' });
    else g.unsupported(layer, `resize type ${type} (nearest and bilinear are)`);
    const inShape = g.shapeOf(inBlob);
    if (oh && ow) {
      const sizes = `${id}_sizes`;
      g.initializers.push(int64Tensor(sizes, [1, inShape.c, oh, ow]));
      g.nodes.push({ op: 'Resize', name: id, inputs: [x, '', '', sizes], outputs: [out], attributes });
      g.define(out, { c: inShape.c, s: null });
    } else {
      if (hs !== ws) g.unsupported(layer, 'different horizontal and vertical scales');
      const scales = `${id}_scales`;
      g.initializers.push(floatTensor(scales, [4], Float32Array.of(1, 1, hs, ws)));
      g.nodes.push({ op: 'Resize', name: id, inputs: [x, '', scales], outputs: [out], attributes });
      g.define(out, { c: inShape.c, s: inShape.s === null ? null : inShape.s * ws });
    }
  },
  PixelShuffle(g, layer, id, out) {
    const r = intParam(layer, 0, 1);
    const mode = intParam(layer, 1, 0);
    const x = g.valueOf(layer.inputs[0]!, layer);
    const inShape = g.shapeOf(layer.inputs[0]!);
    if (inShape.c % (r * r)) g.unsupported(layer, `${inShape.c} channels with factor ${r}`);
    g.nodes.push({ op: 'DepthToSpace', name: id, inputs: [x], outputs: [out], attributes: { blocksize: r, mode: mode ? 'DCR' : 'CRD' } });
    g.define(out, { c: inShape.c / (r * r), s: inShape.s === null ? null : inShape.s * r });
  },
};

export function emitLayer(g: NcnnGraph, layer: NcnnLayer, id: string, out: string): void {
  const emit = Object.hasOwn(layerEmitters, layer.type) ? layerEmitters[layer.type] : undefined;
  if (!emit) throw new InvalidInputError(`ncnn: unsupported layer type '${layer.type}' (${layer.name}, line ${layer.line})`);
  emit(g, layer, id, out);
}
