import * as ort from 'onnxruntime-node';
import { DataType, encodeModel, floatTensor } from './proto/onnx-model';

/**
 * Which ONNX Runtime execution providers work on this machine. Being compiled in proves nothing
 * (the CUDA add-on may be missing, WebGPU may find no adapter), so each candidate must create a
 * session for a one-convolution model and run it; the reason for each failure is kept so that
 * `reelforge doctor` and fallbacks can say why.
 */
export type ProviderName = 'cuda' | 'dml' | 'coreml' | 'webgpu' | 'cpu';
export const providerPreference: readonly ProviderName[] = ['cuda', 'dml', 'coreml', 'webgpu', 'cpu'];

export interface ProviderProbe {
  name: ProviderName;
  available: boolean;
  reason: string;
}

const platformOf: Record<ProviderName, readonly NodeJS.Platform[] | 'any'> = {
  cuda: ['linux', 'win32'],
  dml: ['win32'],
  coreml: ['darwin'],
  webgpu: 'any',
  cpu: 'any',
};

/** A 1×1 convolution: enough to make a provider compile and run a kernel. */
function probeModel(): Uint8Array {
  return encodeModel({
    producer: 'reelforge-probe',
    graphName: 'probe',
    opset: 17,
    nodes: [{ op: 'Conv', name: 'conv', inputs: ['input', 'w'], outputs: ['output'], attributes: { kernel_shape: [1, 1] } }],
    initializers: [floatTensor('w', [3, 3, 1, 1], Float32Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1))],
    inputs: [{ name: 'input', elemType: DataType.FLOAT, shape: [1, 3, 'h', 'w'] }],
    outputs: [{ name: 'output', elemType: DataType.FLOAT, shape: [1, 3, 'h', 'w'] }],
  });
}

export function sessionOptions(provider: ProviderName, threads?: number): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: [provider],
    graphOptimizationLevel: 'all',
    // Failures are reported through the thrown error; ORT's own log would repeat them on stderr.
    logSeverityLevel: 3,
    ...(threads ? { intraOpNumThreads: threads } : {}),
  };
}

/** ONNX Runtime's messages start with a source path and a C++ signature; users need the end. */
export function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const line = text.split('\n').map((l) => l.trim()).find(Boolean) ?? 'failed';
  const tail = / was false\. (.*)$/.exec(line)?.[1] ?? line.replace(/^\S+\.(cc|h|cpp):\d+\s+/, '');
  return tail.length > 200 ? `…${tail.slice(-200)}` : tail;
}

async function probeOne(name: ProviderName, bytes: Uint8Array): Promise<ProviderProbe> {
  const platforms = platformOf[name];
  if (platforms !== 'any' && !platforms.includes(process.platform)) {
    return { name, available: false, reason: `not available on ${process.platform}` };
  }
  const backend = ort.listSupportedBackends().find((b) => b.name === name);
  if (!backend) return { name, available: false, reason: 'not built into this onnxruntime-node' };
  let session: ort.InferenceSession | undefined;
  try {
    session = await ort.InferenceSession.create(bytes, sessionOptions(name));
    const x = new ort.Tensor('float32', Float32Array.of(0.25, 0.5, 0.75), [1, 3, 1, 1]);
    const out = (await session.run({ input: x })).output!.data as Float32Array;
    if (Math.abs(out[1]! - 0.5) > 1e-3) return { name, available: false, reason: 'ran but returned wrong values' };
    return { name, available: true, reason: backend.bundled ? 'ran a test model' : 'ran a test model (separately installed add-on)' };
  } catch (err) {
    return { name, available: false, reason: firstLine(err) };
  } finally {
    await session?.release().catch(() => undefined);
  }
}

// ORT logs a failed provider load itself; the reason is reported with the probe instead.
ort.env.logLevel = 'fatal';

let cached: Promise<ProviderProbe[]> | undefined;

/** Probes every provider once per process, in preference order. */
export function probeProviders(opts: { refresh?: boolean } = {}): Promise<ProviderProbe[]> {
  if (!cached || opts.refresh) {
    const bytes = probeModel();
    cached = (async () => {
      const results: ProviderProbe[] = [];
      for (const name of providerPreference) results.push(await probeOne(name, bytes));
      return results;
    })();
  }
  return cached;
}

/** Lines for `reelforge doctor`: one per provider, best first, with why it is or isn't usable. */
export async function describeUpscaleProviders(): Promise<string[]> {
  const probes = await probeProviders();
  const best = probes.find((p) => p.available)?.name;
  return probes.map((p) => `${p.available ? 'ok  ' : 'no  '} ${p.name.padEnd(7)} ${p.reason}${p.name === best ? '  ← used by --provider auto' : ''}`);
}
