import type { ArgTree } from './args';

/**
 * What each video encoder Reelforge knows needs around it: device set-up before the inputs, a
 * filter tail that moves frames to the device, and how a quality target (CRF-like, 0–51, lower is
 * better) is spelled for it. The render compiler and the capability check both use this table,
 * so an encoder that passes the check is used exactly as it was checked.
 */
export type Codec = 'h264' | 'hevc';
export type EncoderName =
  | 'libx264'
  | 'libx265'
  | 'h264_nvenc'
  | 'hevc_nvenc'
  | 'h264_qsv'
  | 'hevc_qsv'
  | 'h264_vaapi'
  | 'hevc_vaapi'
  | 'h264_amf'
  | 'hevc_amf'
  | 'h264_videotoolbox'
  | 'hevc_videotoolbox';

export interface EncoderProfile {
  name: EncoderName;
  codec: Codec;
  hardware: boolean;
  /** the family, for the `--encoder nvenc` shorthand and for resource classes */
  family: 'x264' | 'x265' | 'nvenc' | 'qsv' | 'vaapi' | 'amf' | 'videotoolbox';
  /** `vaapiDevice`: the DRM render node VA-API encodes on (the runtime configuration's; REELFORGE_VAAPI_DEVICE) */
  globalArgs(vaapiDevice?: string): ArgTree;
  /** appended to the last video filter (after conversion to yuv420p) */
  filterTail: string | null;
  outputArgs(quality: number, speed: 'fast' | 'balanced' | 'quality'): ArgTree;
}

export const DEFAULT_VAAPI_DEVICE = '/dev/dri/renderD128';

const x264Preset = { fast: 'veryfast', balanced: 'medium', quality: 'slow' } as const;
const nvencPreset = { fast: 'p2', balanced: 'p4', quality: 'p6' } as const;
const qsvPreset = { fast: 'veryfast', balanced: 'medium', quality: 'slow' } as const;

function profile(p: EncoderProfile): EncoderProfile {
  return p;
}

export const encoderProfiles: readonly EncoderProfile[] = [
  profile({
    name: 'libx264', codec: 'h264', hardware: false, family: 'x264', filterTail: null,
    globalArgs: () => null,
    outputArgs: (q, s) => ['-c:v', 'libx264', '-preset', x264Preset[s], '-crf', q, '-pix_fmt', 'yuv420p'],
  }),
  profile({
    name: 'libx265', codec: 'hevc', hardware: false, family: 'x265', filterTail: null,
    globalArgs: () => null,
    outputArgs: (q, s) => ['-c:v', 'libx265', '-preset', x264Preset[s], '-crf', q + 5, '-pix_fmt', 'yuv420p', '-tag:v', 'hvc1', '-x265-params', 'log-level=error'],
  }),
  ...(['h264', 'hevc'] as const).flatMap((codec) => [
    profile({
      name: `${codec}_nvenc`, codec, hardware: true, family: 'nvenc', filterTail: null,
      globalArgs: () => null,
      outputArgs: (q, s) => ['-c:v', `${codec}_nvenc`, '-preset', nvencPreset[s], '-rc', 'vbr', '-cq', q, '-b:v', '0', '-pix_fmt', 'yuv420p', codec === 'hevc' && ['-tag:v', 'hvc1']],
    }),
    profile({
      name: `${codec}_qsv`, codec, hardware: true, family: 'qsv', filterTail: 'format=nv12',
      globalArgs: () => ['-init_hw_device', 'qsv=hw'],
      outputArgs: (q, s) => ['-c:v', `${codec}_qsv`, '-preset', qsvPreset[s], '-global_quality', q, codec === 'hevc' && ['-tag:v', 'hvc1']],
    }),
    profile({
      name: `${codec}_vaapi`, codec, hardware: true, family: 'vaapi', filterTail: 'format=nv12,hwupload',
      globalArgs: (device = DEFAULT_VAAPI_DEVICE) => ['-vaapi_device', device],
      outputArgs: (q) => ['-c:v', `${codec}_vaapi`, '-rc_mode', 'CQP', '-qp', q, codec === 'hevc' && ['-tag:v', 'hvc1']],
    }),
    profile({
      name: `${codec}_amf`, codec, hardware: true, family: 'amf', filterTail: null,
      globalArgs: () => null,
      outputArgs: (q, s) => ['-c:v', `${codec}_amf`, '-quality', s === 'fast' ? 'speed' : s, '-rc', 'cqp', '-qp_i', q, '-qp_p', q, '-pix_fmt', 'yuv420p', codec === 'hevc' && ['-tag:v', 'hvc1']],
    }),
    profile({
      name: `${codec}_videotoolbox`, codec, hardware: true, family: 'videotoolbox', filterTail: null,
      globalArgs: () => null,
      // VideoToolbox has no CRF; -q:v 0–100 (higher is better) is its constant-quality knob.
      outputArgs: (q) => ['-c:v', `${codec}_videotoolbox`, '-q:v', Math.round(100 - q * 1.5), '-pix_fmt', 'yuv420p', codec === 'hevc' && ['-tag:v', 'hvc1']],
    }),
  ]),
];

export function encoderProfile(name: string): EncoderProfile | undefined {
  return encoderProfiles.find((p) => p.name === name);
}

/** Hardware first, in the order users tend to prefer them; software last as the safe fallback. */
export const autoPreference: readonly EncoderName[] = [
  'h264_nvenc', 'h264_videotoolbox', 'h264_qsv', 'h264_amf', 'h264_vaapi', 'libx264',
];
