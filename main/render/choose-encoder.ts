import { StudioError, InvalidInputError } from '../../preload/contract/errors';
import type { FfmpegCapabilities } from '../../native/ffmpeg/capabilities';
import { autoPreference, encoderProfile, encoderProfiles, type EncoderProfile } from '../../native/ffmpeg/encoders';

const aliases: Record<string, string> = {
  cpu: 'libx264',
  software: 'libx264',
  x264: 'libx264',
  h264: 'libx264',
  x265: 'libx265',
  hevc: 'libx265',
  nvenc: 'h264_nvenc',
  qsv: 'h264_qsv',
  vaapi: 'h264_vaapi',
  amf: 'h264_amf',
  videotoolbox: 'h264_videotoolbox',
};

/**
 * Picks the video encoder for a render from the encoders verified on this machine. `auto` takes
 * the first hardware encoder that really encoded frames here and falls back to libx264; a named
 * encoder that doesn't work here is an error that says why, rather than a silent substitution.
 */
export function chooseEncoder(caps: FfmpegCapabilities, requested = 'auto'): EncoderProfile {
  const works = (name: string) => caps.videoEncoders.find((e) => e.name === name)?.works ?? false;
  if (requested === 'auto') {
    const name = autoPreference.find(works);
    if (!name) throw new StudioError('ENCODER_UNAVAILABLE', `no working H.264 encoder in ${caps.binary} (libx264 failed its check too)`);
    return encoderProfile(name)!;
  }
  const name = aliases[requested] ?? requested;
  const profile = encoderProfile(name);
  if (!profile) {
    throw new InvalidInputError(`unknown encoder '${requested}'; use auto or one of: ${encoderProfiles.map((p) => p.name).join(', ')}`);
  }
  const check = caps.videoEncoders.find((e) => e.name === name);
  if (!check?.works) {
    throw new StudioError('ENCODER_UNAVAILABLE', `encoder ${name} does not work on this machine: ${check?.reason ?? 'not checked'}. Use --encoder auto to pick one that does.`);
  }
  return profile;
}
