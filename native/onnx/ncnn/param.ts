import { InvalidInputError } from '../../../preload/contract/errors';

/**
 * ncnn's text `.param` format: a magic line (7767517), "layer_count blob_count", then one layer a
 * line: `Type Name inputs outputs in... out... key=value...`. A key ≤ -23300 is an array whose id is
 * `-key - 23300` and whose value is `count,v1,v2,...`. A value with '.' or an exponent is a float.
 */
export type ParamValue = number | number[];

export interface NcnnLayer {
  type: string;
  name: string;
  inputs: string[];
  outputs: string[];
  params: Map<number, ParamValue>;
  /** 1-based line in the .param file, for error messages */
  line: number;
}

export interface NcnnGraph {
  layers: NcnnLayer[];
  blobCount: number;
}

const MAGIC = '7767517';

function parseNumber(text: string, where: string): number {
  const n = Number(text);
  if (!Number.isFinite(n)) throw new InvalidInputError(`ncnn param: '${text}' is not a number (${where})`);
  return n;
}

export function parseNcnnParam(text: string): NcnnGraph {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== MAGIC) {
    throw new InvalidInputError(`not an ncnn .param file: the first line should be ${MAGIC} (binary .param files are not supported)`);
  }
  const [layerCount, blobCount] = (lines[1] ?? '').trim().split(/\s+/).map(Number);
  if (!layerCount || !blobCount) throw new InvalidInputError('ncnn param: line 2 should be "layer_count blob_count"');

  const layers: NcnnLayer[] = [];
  for (let i = 2; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (!raw) continue;
    const tokens = raw.split(/\s+/);
    const where = `line ${i + 1}`;
    const [type, name, nIn, nOut] = tokens;
    const inCount = parseNumber(nIn ?? '', where);
    const outCount = parseNumber(nOut ?? '', where);
    const inputs = tokens.slice(4, 4 + inCount);
    const outputs = tokens.slice(4 + inCount, 4 + inCount + outCount);
    if (!type || !name || inputs.length !== inCount || outputs.length !== outCount) {
      throw new InvalidInputError(`ncnn param: malformed layer at ${where}: ${raw}`);
    }
    const params = new Map<number, ParamValue>();
    for (const kv of tokens.slice(4 + inCount + outCount)) {
      const eq = kv.indexOf('=');
      if (eq <= 0) throw new InvalidInputError(`ncnn param: '${kv}' is not key=value (${where})`);
      const key = parseNumber(kv.slice(0, eq), where);
      const value = kv.slice(eq + 1);
      if (key <= -23300) {
        const [count, ...items] = value.split(',');
        const n = parseNumber(count ?? '', where);
        if (items.length !== n) throw new InvalidInputError(`ncnn param: array ${kv} declares ${n} items but has ${items.length} (${where})`);
        params.set(-key - 23300, items.map((v) => parseNumber(v, where)));
      } else {
        params.set(key, parseNumber(value, where));
      }
    }
    layers.push({ type, name, inputs, outputs, params, line: i + 1 });
  }
  if (layers.length !== layerCount) {
    throw new InvalidInputError(`ncnn param: header says ${layerCount} layers, file has ${layers.length}`);
  }
  return { layers, blobCount };
}

export function intParam(layer: NcnnLayer, id: number, fallback: number): number {
  const v = layer.params.get(id);
  if (v === undefined) return fallback;
  if (Array.isArray(v)) throw new InvalidInputError(`ncnn param: ${layer.type} ${layer.name} param ${id} should be a number`);
  return v;
}

export function arrayParam(layer: NcnnLayer, id: number): number[] {
  const v = layer.params.get(id);
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}
