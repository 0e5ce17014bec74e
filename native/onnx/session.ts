import * as ort from 'onnxruntime-node';
import { StudioError } from '../../preload/contract/errors';
import { firstLine, probeProviders, providerPreference, sessionOptions, type ProviderName } from './providers';

/**
 * An ONNX Runtime session for an image-to-image model that keeps working when a provider lets it
 * down: if creating the session or running it fails on one provider, the next one is tried and
 * the reason kept. Out-of-memory is different: it is thrown as OutOfMemoryError so the tiler can
 * shrink its tiles on the same (fast) provider instead of dropping to a slower one.
 */
export type ProviderChoice = 'auto' | ProviderName;

export interface Fallback {
  provider: ProviderName;
  reason: string;
}

export interface ImageTensor {
  data: Float32Array;
  channels: number;
  height: number;
  width: number;
}

export class OutOfMemoryError extends StudioError {
  override name = 'OutOfMemoryError';
  constructor(message: string) {
    super('INTERNAL', message);
  }
}

const OOM = /out of memory|bad_alloc|failed to allocate|CUDNN_STATUS_ALLOC|E_OUTOFMEMORY|OUT_OF_MEMORY|allocation failed/i;

export function isOutOfMemory(err: unknown): boolean {
  return err instanceof OutOfMemoryError || OOM.test(err instanceof Error ? err.message : String(err));
}

export interface OpenOptions {
  provider?: ProviderChoice;
  threads?: number;
  log?: (line: string) => void;
}

/** `auto`: every provider that passed its probe, best first. A named one: it, then CPU. */
export async function candidateProviders(choice: ProviderChoice): Promise<{ order: ProviderName[]; skipped: Fallback[] }> {
  const probes = await probeProviders();
  if (choice === 'auto') {
    return {
      order: probes.filter((p) => p.available).map((p) => p.name),
      skipped: probes.filter((p) => !p.available).map((p) => ({ provider: p.name, reason: p.reason })),
    };
  }
  if (!providerPreference.includes(choice)) throw new StudioError('INVALID_INPUT', `unknown provider '${choice}' (known: auto, ${providerPreference.join(', ')})`);
  const probe = probes.find((p) => p.name === choice)!;
  const order: ProviderName[] = probe.available ? [choice] : [];
  if (choice !== 'cpu') order.push('cpu');
  return { order, skipped: probe.available ? [] : [{ provider: choice, reason: probe.reason }] };
}

function createSession(model: Uint8Array | string, provider: ProviderName, threads?: number): Promise<ort.InferenceSession> {
  const options = sessionOptions(provider, threads);
  return typeof model === 'string' ? ort.InferenceSession.create(model, options) : ort.InferenceSession.create(model, options);
}

/**
 * An image upscaler takes one image and gives one: a model with other inputs (a text encoder, a
 * second image) is refused by its tensor names, before ONNX Runtime's own message about feeds.
 */
function checkImageModel(session: ort.InferenceSession): void {
  const ins = session.inputNames;
  const outs = session.outputNames;
  if (ins.length !== 1 || outs.length !== 1) {
    throw new StudioError(
      'INVALID_INPUT',
      `not an image upscaler: the model has ${ins.length} input(s) (${ins.join(', ') || 'none'}) and ${outs.length} output(s) (${outs.join(', ') || 'none'}); an upscaler has one image input (N×3×H×W) and one image output`,
      { unrecoverable: true },
    );
  }
}

export class ModelSession {
  private constructor(
    private session: ort.InferenceSession,
    private current: ProviderName,
    private remaining: ProviderName[],
    readonly fallbacks: Fallback[],
    private readonly model: Uint8Array | string,
    private readonly opts: OpenOptions,
  ) {}

  get provider(): ProviderName {
    return this.current;
  }

  static async open(model: Uint8Array | string, opts: OpenOptions = {}): Promise<ModelSession> {
    const { order, skipped } = await candidateProviders(opts.provider ?? 'auto');
    const fallbacks = [...skipped];
    for (let i = 0; i < order.length; i++) {
      const provider = order[i]!;
      try {
        const session = await createSession(model, provider, opts.threads);
        checkImageModel(session);
        // Under `auto`, providers absent from this machine are expected; a named one that failed is news.
        if (opts.provider && opts.provider !== 'auto') for (const f of fallbacks) opts.log?.(`provider ${f.provider} not used: ${f.reason}`);
        return new ModelSession(session, provider, order.slice(i + 1), fallbacks, model, opts);
      } catch (err) {
        // a model that is not an image upscaler is that on every provider
        if (err instanceof StudioError && err.code === 'INVALID_INPUT') throw err;
        fallbacks.push({ provider, reason: `could not create a session: ${firstLine(err)}` });
      }
    }
    throw new StudioError('INTERNAL', `no execution provider could load the model:\n${fallbacks.map((f) => `  ${f.provider}: ${f.reason}`).join('\n')}`, { fallbacks });
  }

  /** Runs one NCHW float image (batch 1). */
  async run(input: ImageTensor): Promise<ImageTensor> {
    for (;;) {
      try {
        const x = new ort.Tensor('float32', input.data, [1, input.channels, input.height, input.width]);
        // the one input and the one output, whatever the exporter named them
        const inputName = this.session.inputNames[0]!;
        const outputName = this.session.outputNames[0]!;
        const out = (await this.session.run({ [inputName]: x }))[outputName];
        if (!out) throw new StudioError('INVALID_INPUT', `the model gave no output "${outputName}"`);
        const [, channels, height, width] = out.dims as number[];
        return { data: out.data as Float32Array, channels: channels!, height: height!, width: width! };
      } catch (err) {
        if (isOutOfMemory(err)) throw new OutOfMemoryError(firstLine(err));
        const next = this.remaining.shift();
        if (!next) throw err;
        this.fallbacks.push({ provider: this.current, reason: `failed while running: ${firstLine(err)}` });
        this.opts.log?.(`provider ${this.current} failed while running (${firstLine(err)}); switching to ${next}`);
        await this.session.release().catch(() => undefined);
        this.session = await createSession(this.model, next, this.opts.threads);
        checkImageModel(this.session);
        this.current = next;
      }
    }
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}
