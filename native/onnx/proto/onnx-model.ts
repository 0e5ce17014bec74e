import { ProtoWriter } from './wire';

/**
 * A small typed picture of an ONNX model (only what converted super-resolution networks need) and
 * its encoding to the ONNX protobuf format. Field numbers follow onnx.proto (IR version 8).
 */
export const DataType = { FLOAT: 1, UINT8: 2, INT64: 7, FLOAT16: 10 } as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

export type AttributeValue = number | string | readonly number[] | { float: number } | { floats: readonly number[] } | { int: number };

export interface OnnxNode {
  op: string;
  name: string;
  inputs: readonly string[];
  outputs: readonly string[];
  /** integers in JS are written as INT/INTS, non-integers as FLOAT/FLOATS; wrap to force a kind */
  attributes?: Record<string, AttributeValue>;
}

export interface OnnxTensor {
  name: string;
  dims: readonly number[];
  dataType: DataTypeCode;
  /** little-endian element bytes */
  raw: Uint8Array;
}

export interface OnnxValueInfo {
  name: string;
  elemType: DataTypeCode;
  /** a number for a fixed size, a string for a named dynamic one */
  shape: readonly (number | string)[];
}

export interface OnnxModel {
  producer: string;
  graphName: string;
  opset: number;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  metadata?: Record<string, string>;
}

const IR_VERSION = 8;
const AttrType = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 } as const;

function encodeAttribute(name: string, value: AttributeValue): ProtoWriter {
  const a = new ProtoWriter().string(1, name);
  if (typeof value === 'string') return a.bytes(4, new TextEncoder().encode(value)).varint(20, AttrType.STRING);
  if (typeof value === 'number') {
    return Number.isInteger(value) ? a.varint(3, value).varint(20, AttrType.INT) : a.float(2, value).varint(20, AttrType.FLOAT);
  }
  if ('float' in value) return a.float(2, value.float).varint(20, AttrType.FLOAT);
  if ('int' in value) return a.varint(3, value.int).varint(20, AttrType.INT);
  if ('floats' in value) return a.packedFloats(7, value.floats).varint(20, AttrType.FLOATS);
  const list = value as readonly number[];
  if (list.every(Number.isInteger)) return a.packedVarints(8, list).varint(20, AttrType.INTS);
  return a.packedFloats(7, list).varint(20, AttrType.FLOATS);
}

function encodeNode(n: OnnxNode): ProtoWriter {
  const w = new ProtoWriter();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name).string(4, n.op);
  for (const [k, v] of Object.entries(n.attributes ?? {})) w.message(5, encodeAttribute(k, v));
  return w;
}

export function encodeTensor(t: OnnxTensor): ProtoWriter {
  const w = new ProtoWriter();
  if (t.dims.length) w.packedVarints(1, t.dims);
  return w.varint(2, t.dataType).string(8, t.name).bytes(9, t.raw);
}

function encodeValueInfo(v: OnnxValueInfo): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.shape) {
    shape.message(1, typeof d === 'number' ? new ProtoWriter().varint(1, d) : new ProtoWriter().string(2, d));
  }
  const tensorType = new ProtoWriter().varint(1, v.elemType).message(2, shape);
  return new ProtoWriter().string(1, v.name).message(2, new ProtoWriter().message(1, tensorType));
}

export function encodeModel(m: OnnxModel): Uint8Array {
  const graph = new ProtoWriter();
  for (const n of m.nodes) graph.message(1, encodeNode(n));
  graph.string(2, m.graphName);
  for (const t of m.initializers) graph.message(5, encodeTensor(t));
  for (const i of m.inputs) graph.message(11, encodeValueInfo(i));
  for (const o of m.outputs) graph.message(12, encodeValueInfo(o));

  const model = new ProtoWriter()
    .varint(1, IR_VERSION)
    .string(2, m.producer)
    .message(7, graph)
    .message(8, new ProtoWriter().string(1, '').varint(2, m.opset));
  for (const [key, value] of Object.entries(m.metadata ?? {})) {
    model.message(14, new ProtoWriter().string(1, key).string(2, value));
  }
  return model.finish();
}

export function floatTensor(name: string, dims: readonly number[], data: Float32Array): OnnxTensor {
  return { name, dims, dataType: DataType.FLOAT, raw: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

export function int64Tensor(name: string, values: readonly number[]): OnnxTensor {
  const raw = new Uint8Array(values.length * 8);
  const dv = new DataView(raw.buffer);
  values.forEach((v, i) => dv.setBigInt64(i * 8, BigInt(v), true));
  return { name, dims: [values.length], dataType: DataType.INT64, raw };
}
