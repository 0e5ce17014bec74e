import { spawn } from 'node:child_process';
import * as ort from 'onnxruntime-node';
import { appResources } from '../resources';
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

/**
 * The probes run in a child process: a provider's native start-up (Dawn's Vulkan adapter search,
 * the CUDA loader) writes warnings straight to file descriptor 2 — "XDG_RUNTIME_DIR is invalid",
 * "at InitializeImpl(...)" — which no JavaScript in this process can hold back, and which under
 * `--quiet` or in `doctor` would read as a crash. The child's stderr is kept for `log` only.
 */
async function probeInChild(names: ProviderName[], bytes: Uint8Array, log?: (line: string) => void): Promise<ProviderProbe[]> {
  // In the packaged app the RunAsNode fuse is off, so process.execPath cannot run a script: it
  // would start a second Reelforge. There the probe runs in-process — the app has no terminal
  // for the native noise to reach.
  if (process.versions.electron) return probeHere(names, bytes);
  const script = appResources().providerProbeScript;
  const child = spawn(process.execPath, [script], { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err = (err + c).slice(-8000)));
  child.stdin.on('error', () => undefined);
  child.stdin.end(JSON.stringify({ model: Buffer.from(bytes).toString('base64'), names }));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(null));
    child.once('close', (c) => resolve(c));
  });
  clearTimeout(timer);
  for (const line of err.split('\n')) if (line.trim()) log?.(`onnxruntime: ${line.trim()}`);
  try {
    const parsed = JSON.parse(out) as Array<{ name: ProviderName; available: boolean; reason?: string; error?: string }>;
    return parsed.map((p) => ({ name: p.name, available: p.available, reason: p.error !== undefined ? firstLine(p.error) : (p.reason ?? '') }));
  } catch {
    const why = `the provider probe ended without an answer (exit ${code}${err.trim() ? `: ${firstLine(err.trim().split('\n').at(-1))}` : ''})`;
    return names.map((name) => ({ name, available: false, reason: why }));
  }
}

/** The same check as the child's, in this process (the Electron main process). */
async function probeHere(names: ProviderName[], bytes: Uint8Array): Promise<ProviderProbe[]> {
  const backends = ort.listSupportedBackends();
  const results: ProviderProbe[] = [];
  for (const name of names) {
    const backend = backends.find((b) => b.name === name);
    if (!backend) {
      results.push({ name, available: false, reason: 'not built into this onnxruntime-node' });
      continue;
    }
    let session: ort.InferenceSession | undefined;
    try {
      session = await ort.InferenceSession.create(bytes, sessionOptions(name));
      const x = new ort.Tensor('float32', Float32Array.of(0.25, 0.5, 0.75), [1, 3, 1, 1]);
      const out = (await session.run({ input: x })).output!.data as Float32Array;
      results.push(Math.abs(out[1]! - 0.5) > 1e-3 ? { name, available: false, reason: 'ran but returned wrong values' } : { name, available: true, reason: 'ran a test model' });
    } catch (err) {
      results.push({ name, available: false, reason: firstLine(err) });
    } finally {
      await session?.release().catch(() => undefined);
    }
  }
  return results;
}

// ORT logs a failed provider load itself; the reason is reported with the probe instead.
ort.env.logLevel = 'fatal';

let cached: Promise<ProviderProbe[]> | undefined;

/** Probes every provider once per process, in preference order. */
export function probeProviders(opts: { refresh?: boolean; log?: (line: string) => void } = {}): Promise<ProviderProbe[]> {
  if (!cached || opts.refresh) {
    const bytes = probeModel();
    cached = (async () => {
      const onPlatform = providerPreference.filter((name) => {
        const platforms = platformOf[name];
        return platforms === 'any' || platforms.includes(process.platform);
      });
      const probed = await probeInChild(onPlatform, bytes, opts.log);
      return providerPreference.map(
        (name) => probed.find((p) => p.name === name) ?? { name, available: false, reason: `not available on ${process.platform}` },
      );
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
