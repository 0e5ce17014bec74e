import { InvalidInputError } from '../../../preload/contract/errors';
import { toHalfBytes } from '../half';
import { DataType, floatTensor, type OnnxNode, type OnnxTensor } from '../proto/onnx-model';
import type { NcnnBinReader } from './bin-reader';
import type { NcnnLayer } from './param';

export type Precision = 'fp32' | 'fp16';

export interface BlobShape {
  c: number;
  /** linear size relative to the network's input; null when a layer fixes an absolute size */
  s: number | null;
}

/** Eltwise coefficients folded into the convolution feeding them (see planCoefficientFolds) */
export interface CoefficientFolds {
  convScale: Map<string, number>;
  inputs: Set<string>;
}

/** The ONNX graph being built from an ncnn model, layer by layer: its nodes, weights and what each ncnn blob has become. */
export class NcnnGraph {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxTensor[] = [];
  /** ncnn blob → ONNX value name (Split makes several names for one value) */
  readonly alias = new Map<string, string>();
  readonly shapes = new Map<string, BlobShape>();
  readonly consumed = new Set<string>();
  inputBlob: string | undefined;
  macs = 0;
  peak = 3;

  constructor(
    readonly reader: NcnnBinReader,
    readonly precision: Precision,
    readonly folded: CoefficientFolds,
  ) {}

  valueOf(blob: string, layer: NcnnLayer): string {
    const v = this.alias.get(blob);
    if (v === undefined) throw new InvalidInputError(`ncnn param: ${layer.type} ${layer.name} (line ${layer.line}) reads blob '${blob}' that no earlier layer produced`);
    this.consumed.add(blob);
    return v;
  }

  shapeOf(blob: string): BlobShape {
    return this.shapes.get(blob)!;
  }

  define(blob: string, shape: BlobShape): void {
    this.alias.set(blob, blob);
    this.shapes.set(blob, shape);
    if (shape.s !== null) this.peak = Math.max(this.peak, shape.c * shape.s * shape.s);
  }

  /** a weight tensor, stored at the model's precision (fp16 with a Cast back to float) */
  weight(name: string, dims: number[], data: Float32Array): string {
    if (this.precision === 'fp32') {
      this.initializers.push(floatTensor(name, dims, data));
    } else {
      this.initializers.push({ name: `${name}_fp16`, dims, dataType: DataType.FLOAT16, raw: toHalfBytes(data) });
      this.nodes.push({ op: 'Cast', name: `${name}_cast`, inputs: [`${name}_fp16`], outputs: [name], attributes: { to: DataType.FLOAT } });
    }
    return name;
  }

  /** fp32 whatever the precision: coefficients, exact in the source, stay exact */
  fp32(name: string, dims: number[], data: Float32Array): string {
    this.initializers.push(floatTensor(name, dims, data));
    return name;
  }

  scalar(name: string, v: number): string {
    this.initializers.push(floatTensor(name, [], Float32Array.of(v)));
    return name;
  }

  unsupported(layer: NcnnLayer, what: string): never {
    throw new InvalidInputError(`ncnn: ${layer.type} ${layer.name} (line ${layer.line}): ${what} is not supported`);
  }
}
