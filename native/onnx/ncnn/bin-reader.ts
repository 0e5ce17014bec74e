import { InvalidInputError } from '../../../preload/contract/errors';
import { halfToFloat } from '../half';

/**
 * Reads an ncnn `.bin` weight blob in layer order. ncnn stores two kinds of arrays:
 * - "tagged" (convolution weights): a 4-byte tag, then fp32 (tag 0), fp16 (0x01306B47),
 *   int8 (0x000D4B38) or a 256-entry fp32 lookup table with uint8 indices (non-zero tag bytes);
 *   non-fp32 payloads are padded to a multiple of 4 bytes;
 * - "raw" (biases, PReLU slopes): plain fp32, no tag.
 * Every read is checked against what is left, and the converter checks that nothing is left over,
 * so a truncated or mismatched blob fails loudly with the layer it belongs to.
 */
const TAG_FP16 = 0x01306b47;
const TAG_INT8 = 0x000d4b38;
const TAG_FP32_SCALED = 0x0002c056;

const align4 = (n: number) => (n + 3) & ~3;

export class NcnnBinReader {
  private offset = 0;
  private readonly view: DataView;
  /** how each tagged array was stored, for the model's metadata */
  readonly storage = new Set<'fp32' | 'fp16' | 'table'>();

  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  get position(): number {
    return this.offset;
  }

  get remaining(): number {
    return this.buf.length - this.offset;
  }

  private need(bytes: number, what: string): void {
    if (bytes > this.remaining) {
      throw new InvalidInputError(
        `ncnn bin: ${what} needs ${bytes} bytes at offset ${this.offset}, but only ${this.remaining} are left (truncated .bin, or a .param that doesn't match it)`,
      );
    }
  }

  raw(count: number, what: string): Float32Array {
    this.need(count * 4, what);
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = this.view.getFloat32(this.offset + i * 4, true);
    this.offset += count * 4;
    return out;
  }

  tagged(count: number, what: string): Float32Array {
    this.need(4, `${what} (storage tag)`);
    const tag = this.view.getUint32(this.offset, true);
    const tagBytes = [0, 1, 2, 3].map((i) => this.buf[this.offset + i]!);
    this.offset += 4;
    if (tag === TAG_FP16) {
      const bytes = align4(count * 2);
      this.need(bytes, `${what} (fp16)`);
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = halfToFloat(this.view.getUint16(this.offset + i * 2, true));
      this.offset += bytes;
      this.storage.add('fp16');
      return out;
    }
    if (tag === TAG_INT8) throw new InvalidInputError(`ncnn bin: ${what} is int8-quantized, which the converter does not support`);
    if (tag === TAG_FP32_SCALED || tag === 0) {
      this.storage.add('fp32');
      return this.raw(count, `${what} (fp32)`);
    }
    if (tagBytes.some((b) => b !== 0)) {
      // Quantized with a lookup table: 256 fp32 values, then one uint8 index per weight.
      const table = this.raw(256, `${what} (lookup table)`);
      const bytes = align4(count);
      this.need(bytes, `${what} (table indices)`);
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = table[this.buf[this.offset + i]!]!;
      this.offset += bytes;
      this.storage.add('table');
      return out;
    }
    throw new InvalidInputError(`ncnn bin: unknown storage tag 0x${tag.toString(16)} for ${what}`);
  }

  assertConsumed(): void {
    if (this.remaining !== 0) {
      throw new InvalidInputError(`ncnn bin: ${this.remaining} bytes are left over after the last layer (the .bin doesn't match the .param)`);
    }
  }
}
