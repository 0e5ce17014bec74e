import { InvalidInputError } from '../../../preload/contract/errors';
import { toHalfBytes } from '../half';
import { DataType, encodeModel, floatTensor, int64Tensor, type OnnxModel, type OnnxNode, type OnnxTensor } from '../proto/onnx-model';
import { NcnnBinReader } from './bin-reader';
import { arrayParam, intParam, parseNcnnParam, type NcnnLayer } from './param';

/**
 * Converts an ncnn model (.param + .bin) to ONNX. Supported: Input, Convolution (+ fused
 * activation), PReLU, ReLU/leaky ReLU, Concat, Eltwise, BinaryOp, Interp (nearest, bilinear),
 * PixelShuffle, Split. Anything else fails with the layer's name and line: a silently wrong model
 * is worse than none. The graph's input is `input` [1,3,H,W] and its output `output`, both fp32
 * RGB in [0,1], the convention of Real-ESRGAN's ncnn releases.
 */
export type Precision = 'fp32' | 'fp16';

export interface ConvertOptions {
  /** fp16 stores weights as half floats (half the file) with Cast nodes, so it still runs on CPU */
  precision?: Precision;
  name?: string;
}

export interface ConvertedModel {
  onnx: Uint8Array;
  /** output size ÷ input size, from the graph; null if it can't be told statically */
  scale: number | null;
  /** multiply-accumulates per input pixel */
  macsPerPixel: number;
  architecture: 'srvgg' | 'rrdb' | 'other';
  /** widest activation, channels × spatial area relative to the input: sizes tiles to memory */
  peakChannelsPerInputPixel: number;
  weightStorage: string[];
  /** Eltwise coefficients folded into the weights of the convolution feeding them */
  foldedCoefficients: number;
}

interface BlobShape {
  c: number;
  /** linear size relative to the network's input; null when a layer fixes an absolute size */
  s: number | null;
}

const ACTIVATIONS = ['none', 'relu', 'leakyrelu', 'clip', 'sigmoid'] as const;

/**
 * Eltwise sum coefficients (RRDBNet's `0.2 × branch + x`) that can be folded into the weights and
 * bias of the convolution producing the branch: that convolution's output must have no other
 * consumer, and its fused activation must commute with a positive scale (none, ReLU, leaky ReLU).
 */
function planCoefficientFolds(layers: readonly NcnnLayer[]): { convScale: Map<string, number>; inputs: Set<string> } {
  const root = new Map<string, string>();
  const producer = new Map<string, NcnnLayer>();
  const uses = new Map<string, number>();
  const rootOf = (blob: string) => root.get(blob) ?? blob;
  for (const layer of layers) {
    if (layer.type === 'Split') {
      for (const o of layer.outputs) root.set(o, rootOf(layer.inputs[0]!));
      continue;
    }
    for (const i of layer.inputs) uses.set(rootOf(i), (uses.get(rootOf(i)) ?? 0) + 1);
    for (const o of layer.outputs) producer.set(o, layer);
  }
  const convScale = new Map<string, number>();
  const inputs = new Set<string>();
  for (const layer of layers) {
    if (layer.type !== 'Eltwise' || intParam(layer, 0, 1) !== 1) continue;
    const coeffs = arrayParam(layer, 1);
    if (coeffs.length !== layer.inputs.length) continue;
    layer.inputs.forEach((blob, i) => {
      const c = coeffs[i]!;
      const src = rootOf(blob);
      const conv = producer.get(src);
      if (c === 1 || !conv || conv.type !== 'Convolution' || uses.get(src) !== 1 || convScale.has(src)) return;
      const act = intParam(conv, 9, 0);
      if (act === 0 || ((act === 1 || act === 2) && c > 0)) {
        convScale.set(src, c);
        inputs.add(`${layer.name}#${i}`);
      }
    });
  }
  return { convScale, inputs };
}

export function convertNcnn(paramText: string, bin: Uint8Array, opts: ConvertOptions = {}): ConvertedModel {
  const graph = parseNcnnParam(paramText);
  const reader = new NcnnBinReader(bin);
  const precision = opts.precision ?? 'fp32';
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  const alias = new Map<string, string>(); // ncnn blob → ONNX value name (Split makes several names for one value)
  const shapes = new Map<string, BlobShape>();
  const consumed = new Set<string>();
  let inputBlob: string | undefined;
  let macs = 0;
  let peak = 3;
  const ops = new Set<string>();

  const valueOf = (blob: string, layer: NcnnLayer) => {
    const v = alias.get(blob);
    if (v === undefined) throw new InvalidInputError(`ncnn param: ${layer.type} ${layer.name} (line ${layer.line}) reads blob '${blob}' that no earlier layer produced`);
    consumed.add(blob);
    return v;
  };
  const shapeOf = (blob: string) => shapes.get(blob)!;
  const define = (blob: string, shape: BlobShape) => {
    alias.set(blob, blob);
    shapes.set(blob, shape);
    if (shape.s !== null) peak = Math.max(peak, shape.c * shape.s * shape.s);
  };
  const weight = (name: string, dims: number[], data: Float32Array) => {
    if (precision === 'fp32') {
      initializers.push(floatTensor(name, dims, data));
    } else {
      initializers.push({ name: `${name}_fp16`, dims, dataType: DataType.FLOAT16, raw: toHalfBytes(data) });
      nodes.push({ op: 'Cast', name: `${name}_cast`, inputs: [`${name}_fp16`], outputs: [name], attributes: { to: DataType.FLOAT } });
    }
    return name;
  };
  /** fp32 whatever the precision: coefficients, exact in the source, stay exact */
  const fp32 = (name: string, dims: number[], data: Float32Array) => {
    initializers.push(floatTensor(name, dims, data));
    return name;
  };
  const scalar = (name: string, v: number) => {
    initializers.push(floatTensor(name, [], Float32Array.of(v)));
    return name;
  };
  const unsupported = (layer: NcnnLayer, what: string): never => {
    throw new InvalidInputError(`ncnn: ${layer.type} ${layer.name} (line ${layer.line}): ${what} is not supported`);
  };
  const folded = planCoefficientFolds(graph.layers);

  for (const layer of graph.layers) {
    const out = layer.outputs[0]!;
    const id = layer.name.replace(/[^\w.-]/g, '_');
    ops.add(layer.type);
    switch (layer.type) {
      case 'Input': {
        if (inputBlob) unsupported(layer, 'a second input');
        inputBlob = out;
        const c = intParam(layer, 2, 3);
        define(out, { c: c > 0 ? c : 3, s: 1 });
        alias.set(out, 'input');
        break;
      }
      case 'Split': {
        const src = valueOf(layer.inputs[0]!, layer);
        for (const o of layer.outputs) {
          alias.set(o, src);
          shapes.set(o, shapeOf(layer.inputs[0]!));
        }
        break;
      }
      case 'Convolution': {
        const inBlob = layer.inputs[0]!;
        const x = valueOf(inBlob, layer);
        const inShape = shapeOf(inBlob);
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
        if (intParam(layer, 8, 0)) unsupported(layer, 'int8 quantization');
        if (intParam(layer, 19, 0)) unsupported(layer, 'dynamic weights');
        if (intParam(layer, 18, 0) !== 0) unsupported(layer, 'a non-zero pad value');
        const inC = weightSize / (outC * kw * kh);
        if (!Number.isInteger(inC) || inC <= 0) unsupported(layer, `weight_data_size ${weightSize} for ${outC}×${kh}×${kw}`);
        if (inC !== inShape.c) {
          throw new InvalidInputError(`ncnn: ${layer.name} expects ${inC} input channels, its input has ${inShape.c}`);
        }
        const w = reader.tagged(weightSize, `${layer.name} weights`);
        const b = biasTerm ? reader.raw(outC, `${layer.name} bias`) : undefined;
        // An Eltwise coefficient applied to this convolution's only consumer is folded in here.
        const k = folded.convScale.get(out);
        if (k !== undefined) {
          for (let i = 0; i < w.length; i++) w[i] = w[i]! * k;
          if (b) for (let i = 0; i < b.length; i++) b[i] = b[i]! * k;
        }
        const inputs = [x, weight(`${id}_W`, [outC, inC, kh, kw], w)];
        if (b) inputs.push(weight(`${id}_B`, [outC], b));
        const attributes: OnnxNode['attributes'] = { kernel_shape: [kh, kw], strides: [sh, sw], dilations: [dh, dw] };
        if (pl === -233 || pl === -234) attributes.auto_pad = pl === -233 ? 'SAME_UPPER' : 'SAME_LOWER';
        else if (pl < 0) unsupported(layer, `padding mode ${pl}`);
        else attributes.pads = [pt, pl, pb, pr];
        const act = intParam(layer, 9, 0);
        const actParams = arrayParam(layer, 10);
        const convOut = act ? `${id}_conv` : out;
        nodes.push({ op: 'Conv', name: id, inputs, outputs: [convOut], attributes });
        if (act === 1) nodes.push({ op: 'Relu', name: `${id}_relu`, inputs: [convOut], outputs: [out] });
        else if (act === 2) nodes.push({ op: 'LeakyRelu', name: `${id}_lrelu`, inputs: [convOut], outputs: [out], attributes: { alpha: { float: actParams[0] ?? 0 } } });
        else if (act === 3) {
          nodes.push({ op: 'Clip', name: `${id}_clip`, inputs: [convOut, scalar(`${id}_min`, actParams[0] ?? 0), scalar(`${id}_max`, actParams[1] ?? 0)], outputs: [out] });
        } else if (act === 4) nodes.push({ op: 'Sigmoid', name: `${id}_sigmoid`, inputs: [convOut], outputs: [out] });
        else if (act !== 0) unsupported(layer, `activation type ${act} (known: ${ACTIVATIONS.join(', ')})`);
        const s = inShape.s === null ? null : inShape.s / sw;
        if (inShape.s !== null) macs += outC * inC * kh * kw * (inShape.s / sw) * (inShape.s / sh);
        define(out, { c: outC, s });
        break;
      }
      case 'PReLU': {
        const x = valueOf(layer.inputs[0]!, layer);
        const n = intParam(layer, 0, 0);
        const slope = reader.raw(n, `${layer.name} slopes`);
        nodes.push({ op: 'PRelu', name: id, inputs: [x, weight(`${id}_slope`, n === 1 ? [1] : [n, 1, 1], slope)], outputs: [out] });
        define(out, shapeOf(layer.inputs[0]!));
        break;
      }
      case 'ReLU': {
        const x = valueOf(layer.inputs[0]!, layer);
        const slope = intParam(layer, 0, 0);
        if (slope === 0) nodes.push({ op: 'Relu', name: id, inputs: [x], outputs: [out] });
        else nodes.push({ op: 'LeakyRelu', name: id, inputs: [x], outputs: [out], attributes: { alpha: { float: slope } } });
        define(out, shapeOf(layer.inputs[0]!));
        break;
      }
      case 'Concat': {
        const axis = intParam(layer, 0, 0);
        if (axis !== 0 && axis !== -3) unsupported(layer, `concatenation on axis ${axis} (only channels)`);
        const xs = layer.inputs.map((b) => valueOf(b, layer));
        const first = shapeOf(layer.inputs[0]!);
        nodes.push({ op: 'Concat', name: id, inputs: xs, outputs: [out], attributes: { axis: 1 } });
        define(out, { c: layer.inputs.reduce((sum, b) => sum + shapeOf(b).c, 0), s: first.s });
        break;
      }
      case 'Eltwise': {
        const op = intParam(layer, 0, 1);
        const coeffs = arrayParam(layer, 1);
        let xs = layer.inputs.map((b) => valueOf(b, layer));
        if (op === 1 && coeffs.length) {
          if (coeffs.length !== xs.length) unsupported(layer, `${coeffs.length} coefficients for ${xs.length} inputs`);
          xs = xs.map((x, i) => {
            const c = coeffs[i]!;
            const blob = layer.inputs[i]!;
            if (c === 1 || folded.inputs.has(`${layer.name}#${i}`)) return x;
            // A per-channel 1×1 (depthwise) convolution rather than Mul by a scalar: ONNX Runtime
            // keeps it in its blocked NCHWc layout and fuses the following Sum into it, where a
            // scalar Mul would send the rest of the network back to NCHW with a reorder per conv.
            const scaled = `${id}_scaled${i}`;
            const ch = shapeOf(blob).c;
            nodes.push({
              op: 'Conv', name: `${id}_scale${i}`,
              inputs: [x, fp32(`${id}_coeff${i}`, [ch, 1, 1, 1], new Float32Array(ch).fill(c))],
              outputs: [scaled],
              attributes: { kernel_shape: [1, 1], group: ch },
            });
            return scaled;
          });
        }
        const onnxOp = ({ 0: 'Mul', 1: 'Sum', 2: 'Max' } as Record<number, string>)[op] ?? unsupported(layer, `operation ${op}`);
        nodes.push({ op: onnxOp, name: id, inputs: xs, outputs: [out] });
        define(out, shapeOf(layer.inputs[0]!));
        break;
      }
      case 'BinaryOp': {
        const op = intParam(layer, 0, 0);
        const withScalar = intParam(layer, 1, 0);
        const a = valueOf(layer.inputs[0]!, layer);
        const b = withScalar ? scalar(`${id}_b`, intParam(layer, 2, 0)) : valueOf(layer.inputs[1]!, layer);
        const table: Record<number, [string, boolean]> = {
          0: ['Add', false], 1: ['Sub', false], 2: ['Mul', false], 3: ['Div', false], 4: ['Max', false],
          5: ['Min', false], 6: ['Pow', false], 7: ['Sub', true], 8: ['Div', true], 9: ['Pow', true],
        };
        const [onnxOp, reversed] = table[op] ?? unsupported(layer, `operation ${op}`);
        nodes.push({ op: onnxOp, name: id, inputs: reversed ? [b, a] : [a, b], outputs: [out] });
        const sa = shapeOf(layer.inputs[0]!);
        const sb = withScalar ? sa : shapeOf(layer.inputs[1]!);
        define(out, { c: Math.max(sa.c, sb.c), s: sa.s });
        break;
      }
      case 'Interp': {
        const inBlob = layer.inputs[0]!;
        if (layer.inputs.length > 1 || intParam(layer, 5, 0)) unsupported(layer, 'a dynamic target size');
        const x = valueOf(inBlob, layer);
        const type = intParam(layer, 0, 0);
        const hs = intParam(layer, 1, 1);
        const ws = intParam(layer, 2, 1);
        const oh = intParam(layer, 3, 0);
        const ow = intParam(layer, 4, 0);
        const alignCorner = intParam(layer, 6, 0);
        const attributes: OnnxNode['attributes'] = {};
        if (type === 1) Object.assign(attributes, { mode: 'nearest', coordinate_transformation_mode: 'asymmetric', nearest_mode: 'floor' });
        else if (type === 2) Object.assign(attributes, { mode: 'linear', coordinate_transformation_mode: alignCorner ? 'align_corners' : 'half_pixel' });
        else unsupported(layer, `resize type ${type} (nearest and bilinear are)`);
        const inShape = shapeOf(inBlob);
        if (oh && ow) {
          const sizes = `${id}_sizes`;
          initializers.push(int64Tensor(sizes, [1, inShape.c, oh, ow]));
          nodes.push({ op: 'Resize', name: id, inputs: [x, '', '', sizes], outputs: [out], attributes });
          define(out, { c: inShape.c, s: null });
        } else {
          if (hs !== ws) unsupported(layer, 'different horizontal and vertical scales');
          const scales = `${id}_scales`;
          initializers.push(floatTensor(scales, [4], Float32Array.of(1, 1, hs, ws)));
          nodes.push({ op: 'Resize', name: id, inputs: [x, '', scales], outputs: [out], attributes });
          define(out, { c: inShape.c, s: inShape.s === null ? null : inShape.s * ws });
        }
        break;
      }
      case 'PixelShuffle': {
        const r = intParam(layer, 0, 1);
        const mode = intParam(layer, 1, 0);
        const x = valueOf(layer.inputs[0]!, layer);
        const inShape = shapeOf(layer.inputs[0]!);
        if (inShape.c % (r * r)) unsupported(layer, `${inShape.c} channels with factor ${r}`);
        nodes.push({ op: 'DepthToSpace', name: id, inputs: [x], outputs: [out], attributes: { blocksize: r, mode: mode ? 'DCR' : 'CRD' } });
        define(out, { c: inShape.c / (r * r), s: inShape.s === null ? null : inShape.s * r });
        break;
      }
      default:
        throw new InvalidInputError(`ncnn: unsupported layer type '${layer.type}' (${layer.name}, line ${layer.line})`);
    }
  }
  reader.assertConsumed();
  if (!inputBlob) throw new InvalidInputError('ncnn param: the model has no Input layer');

  const produced = graph.layers.flatMap((l) => (l.type === 'Split' ? [] : l.outputs));
  const finals = produced.filter((b) => !consumed.has(b) && b !== inputBlob);
  if (finals.length !== 1) throw new InvalidInputError(`ncnn: expected one output, found ${finals.length} (${finals.join(', ')})`);
  const final = finals[0]!;
  // Rename the final value to `output` so every converted model has the same interface.
  const renamed = nodes.map((n) => ({
    ...n,
    inputs: n.inputs.map((i) => (i === final ? 'output' : i === inputBlob ? 'input' : i)),
    outputs: n.outputs.map((o) => (o === final ? 'output' : o)),
  }));

  const outShape = shapeOf(final);
  const architecture = ops.has('PixelShuffle') && ops.has('PReLU') ? 'srvgg' : ops.has('Eltwise') && ops.has('Concat') ? 'rrdb' : 'other';
  const model: OnnxModel = {
    producer: 'reelforge-ncnn-converter',
    graphName: opts.name ?? 'converted',
    opset: 17,
    nodes: renamed,
    initializers,
    inputs: [{ name: 'input', elemType: DataType.FLOAT, shape: [1, shapeOf(inputBlob).c, 'height', 'width'] }],
    outputs: [{ name: 'output', elemType: DataType.FLOAT, shape: [1, outShape.c, 'out_height', 'out_width'] }],
    metadata: { source: 'ncnn', precision, scale: String(outShape.s ?? ''), macs_per_pixel: String(Math.round(macs)) },
  };
  return {
    onnx: encodeModel(model),
    scale: outShape.s,
    macsPerPixel: Math.round(macs),
    architecture,
    peakChannelsPerInputPixel: peak,
    weightStorage: [...reader.storage],
    foldedCoefficients: folded.inputs.size,
  };
}
