import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flattenArgs } from './args';
import { encoderProfiles, type EncoderName } from './encoders';
import { runFfmpeg } from './run';

export interface EncoderCheck {
  name: EncoderName;
  hardware: boolean;
  /** listed by `ffmpeg -encoders` (compiled in) */
  listed: boolean;
  /** really encoded a few frames on this machine */
  works: boolean;
  /** why it doesn't work (the last line FFmpeg printed), when it doesn't */
  reason?: string;
}

export interface FfmpegCapabilities {
  binary: string;
  version: string;
  filters: string[];
  encoders: string[];
  videoEncoders: EncoderCheck[];
  checkedAt: string;
}

export function parseVersion(banner: string): string {
  return /ffmpeg version (\S+)/.exec(banner)?.[1] ?? 'unknown';
}

/** `ffmpeg -filters` lines look like ` TSC zoompan           V->V       Apply Zoom & Pan effect.` */
export function parseFilterList(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s[T.][S.][C.]?\s+(\w+)\s+\S+->\S+/.exec(line);
    if (m?.[1]) names.push(m[1]);
  }
  return names;
}

/** `ffmpeg -encoders` lines look like ` V....D libx264              libx264 H.264 ...` */
export function parseEncoderList(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s[VAS][F.][S.][X.][B.][D.]\s+(\S+)/.exec(line);
    if (m?.[1] && m[1] !== '=') names.push(m[1]);
  }
  return names;
}

/** Encodes a fraction of a second of a test pattern with the encoder exactly as a render would use it. */
export async function verifyEncoder(ffmpeg: string, name: EncoderName, signal?: AbortSignal, vaapiDevice?: string): Promise<{ works: boolean; reason?: string }> {
  const p = encoderProfiles.find((e) => e.name === name)!;
  const vf = ['format=yuv420p', p.filterTail].filter(Boolean).join(',');
  const args = flattenArgs([
    '-hide_banner', '-nostdin', '-v', 'error',
    p.globalArgs(vaapiDevice),
    '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=30:duration=0.2',
    '-vf', vf,
    p.outputArgs(23, 'fast'),
    '-f', 'null', '-',
  ]);
  const timeout = AbortSignal.timeout(20_000);
  try {
    await runFfmpeg(ffmpeg, args, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    return { works: true };
  } catch (err) {
    const text = (err as { stderrTail?: string }).stderrTail?.trim() || (err as Error).message;
    return { works: false, reason: text.split('\n').filter(Boolean)[0] ?? 'failed' };
  }
}

/** The cache key changes when the binary is replaced or upgraded. */
function cacheKey(binary: string): string {
  const st = statSync(binary);
  return `${binary}|${st.size}|${Math.round(st.mtimeMs)}`;
}

export interface CapabilityOptions {
  /** where `ffmpeg-capabilities.json` is kept (the runtime configuration's cache folder) */
  cacheDir: string;
  /** the DRM render node VA-API encoders are tried on */
  vaapiDevice?: string;
  /** ignore the cache and check again */
  refresh?: boolean;
  signal?: AbortSignal;
}

/**
 * Version, filters and encoders of an FFmpeg binary, and which video encoders really work here.
 * Verification takes a few seconds (each hardware encoder is tried), so results are cached per
 * binary in `<cache>/ffmpeg-capabilities.json`.
 */
export async function getCapabilities(ffmpeg: string, opts: CapabilityOptions): Promise<FfmpegCapabilities> {
  const dir = opts.cacheDir;
  const file = join(dir, 'ffmpeg-capabilities.json');
  const key = cacheKey(ffmpeg);
  let cache: Record<string, FfmpegCapabilities> = {};
  try {
    cache = JSON.parse(readFileSync(file, 'utf8')) as Record<string, FfmpegCapabilities>;
  } catch {
    // no cache yet, or unreadable: check again
  }
  const hit = cache[key];
  if (hit && !opts.refresh) return hit;

  const run = async (flag: string) => (await runFfmpeg(ffmpeg, ['-hide_banner', flag], { signal: opts.signal })).stdout;
  const [banner, filterText, encoderText] = await Promise.all([
    runFfmpeg(ffmpeg, ['-version'], { signal: opts.signal }).then((r) => r.stdout),
    run('-filters'),
    run('-encoders'),
  ]);
  const encoders = parseEncoderList(encoderText);
  // Sequential on purpose: two hardware sessions at once can fail where one succeeds.
  const videoEncoders: EncoderCheck[] = [];
  for (const p of encoderProfiles) {
    const listed = encoders.includes(p.name);
    const result = listed ? await verifyEncoder(ffmpeg, p.name, opts.signal, opts.vaapiDevice) : { works: false, reason: 'not compiled into this FFmpeg' };
    videoEncoders.push({ name: p.name, hardware: p.hardware, listed, ...result });
  }
  const caps: FfmpegCapabilities = {
    binary: ffmpeg,
    version: parseVersion(banner),
    filters: parseFilterList(filterText),
    encoders,
    videoEncoders,
    checkedAt: new Date().toISOString(),
  };
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, JSON.stringify({ ...cache, [key]: caps }, null, 1));
    renameSync(tmp, file);
  } catch {
    // a read-only or full cache folder costs only the time to check again next run; a half-written
    // temp file (a full disk) is not left behind
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing was written
    }
  }
  return caps;
}
