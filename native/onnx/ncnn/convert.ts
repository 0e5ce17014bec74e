import { InvalidInputError } from '../../../preload/contract/errors';
import { DataType, encodeModel, type OnnxModel } from '../proto/onnx-model';
import { NcnnBinReader } from './bin-reader';
import { emitLayer } from './layer-emitters';
import { NcnnGraph, type Precision } from './ncnn-graph';
import { arrayParam, intParam, parseNcnnParam, type NcnnLayer } from './param';

/**
 * Converts an ncnn model (.param + .bin) to ONNX. Supported: Input, Convolution (+ fused
 * activation), PReLU, ReLU/leaky ReLU, Concat, Eltwise, BinaryOp, Interp (nearest, bilinear),
 * PixelShuffle, Split. Anything else fails with the layer's name and line: a silently wrong model
 * is worse than none. The graph's input is `input` [1,3,H,W] and its output `output`, both fp32
 * RGB in [0,1], the convention of Real-ESRGAN's ncnn releases.
 */
export type { Precision } from './ncnn-graph';

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
  const g = new NcnnGraph(new NcnnBinReader(bin), opts.precision ?? 'fp32', planCoefficientFolds(graph.layers));
  const precision = g.precision;
  const ops = new Set<string>();
  for (const layer of graph.layers) {
    ops.add(layer.type);
    emitLayer(g, layer, layer.name.replace(/[^\w.-]/g, '_'), layer.outputs[0]!);
  }
  g.reader.assertConsumed();
  if (!g.inputBlob) throw new InvalidInputError('ncnn param: the model has no Input layer');

  const produced = graph.layers.flatMap((l) => (l.type === 'Split' ? [] : l.outputs));
  const finals = produced.filter((b) => !g.consumed.has(b) && b !== g.inputBlob);
  if (finals.length !== 1) throw new InvalidInputError(`ncnn: expected one output, found ${finals.length} (${finals.join(', ')})`);
  const final = finals[0]!;
  // Rename the final value to `output` so every converted model has the same interface.
  const renamed = g.nodes.map((n) => ({
    ...n,
    inputs: n.inputs.map((i) => (i === final ? 'output' : i === g.inputBlob ? 'input' : i)),
    outputs: n.outputs.map((o) => (o === final ? 'output' : o)),
  }));

  const outShape = g.shapeOf(final);
  const architecture = ops.has('PixelShuffle') && ops.has('PReLU') ? 'srvgg' : ops.has('Eltwise') && ops.has('Concat') ? 'rrdb' : 'other';
  const model: OnnxModel = {
    producer: 'reelforge-ncnn-converter',
    graphName: opts.name ?? 'converted',
    opset: 17,
    nodes: renamed,
    initializers: g.initializers,
    inputs: [{ name: 'input', elemType: DataType.FLOAT, shape: [1, g.shapeOf(g.inputBlob).c, 'height', 'width'] }],
    outputs: [{ name: 'output', elemType: DataType.FLOAT, shape: [1, outShape.c, 'out_height', 'out_width'] }],
    metadata: { source: 'ncnn', precision, scale: String(outShape.s ?? ''), macs_per_pixel: String(Math.round(g.macs)) },
  };
  return {
    onnx: encodeModel(model),
    scale: outShape.s,
    macsPerPixel: Math.round(g.macs),
    architecture,
    peakChannelsPerInputPixel: g.peak,
    weightStorage: [...g.reader.storage],
    foldedCoefficients: g.folded.inputs.size,
  };
}
