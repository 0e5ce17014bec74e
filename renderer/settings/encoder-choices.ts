import type { Capabilities } from '../../preload/contract/studio-api';

/**
 * The encoder setting in a creator's words. The setting stays an FFmpeg encoder name (what the
 * queue and the CLI take); this turns the probed encoders into plain choices — "Fastest",
 * "Most compatible" — and says which were verified by encoding a few frames on this computer.
 */
export interface EncoderChoice {
  value: string;
  label: string;
}

type Encoder = Capabilities['encoders'][number];

const vendors: Array<[RegExp, string]> = [
  [/_nvenc$/, 'NVIDIA'],
  [/_qsv$/, 'Intel Quick Sync'],
  [/_vaapi$/, 'VA-API'],
  [/_amf$/, 'AMD'],
  [/_videotoolbox$/, 'Apple'],
];

const codecOf = (name: string) => (/^(hevc|libx265)/.test(name) ? 'HEVC, smaller files' : 'H.264');

/** "graphics card (NVIDIA, H.264)", "processor (H.264)": an encoder named for a person. */
export function encoderWords(name: string): string {
  const vendor = vendors.find(([re]) => re.test(name))?.[1];
  return vendor ? `graphics card (${vendor}, ${codecOf(name)})` : `processor (${codecOf(name)})`;
}

/** What "Fastest" picks here: the first hardware encoder that works, else the processor. */
export function autoPick(encoders: Encoder[]): Encoder | undefined {
  return encoders.find((e) => e.hardware && e.works && !e.name.startsWith('hevc')) ?? encoders.find((e) => e.hardware && e.works) ?? encoders.find((e) => e.name === 'libx264' && e.works);
}

export function encoderChoices(encoders: Encoder[] | undefined, current: string): EncoderChoice[] {
  const list = encoders ?? [];
  const works = (n: string) => list.some((e) => e.name === n && e.works);
  const pick = autoPick(list);
  const auto = !encoders
    ? 'Fastest (graphics card if one works)'
    : pick?.hardware
      ? `Fastest: your graphics card ✓ verified here`
      : 'Fastest (here: the processor; no graphics card works)';
  const choices: EncoderChoice[] = [
    { value: 'auto', label: auto },
    { value: 'libx264', label: `Most compatible (processor)${works('libx264') ? ' ✓' : ''}` },
  ];
  if (works('libx265')) choices.push({ value: 'libx265', label: 'Smaller files (processor, HEVC; slower) ✓' });
  for (const e of list) if (e.hardware && e.works) choices.push({ value: e.name, label: `Always the ${encoderWords(e.name)} ✓ verified` });
  if (!choices.some((c) => c.value === current)) choices.push({ value: current, label: `${encoderWords(current)}: does not work on this computer` });
  return choices;
}

/** One sentence for the top of Settings: what exports will use, without FFmpeg's own words. */
export function encoderSummary(encoders: Encoder[]): string {
  const pick = autoPick(encoders);
  if (!pick) return 'No video encoder works with this FFmpeg: choose another FFmpeg below.';
  if (pick.hardware) return `Videos are made on your ${encoderWords(pick.name)}, verified by a test encode.`;
  const triedGpu = encoders.some((e) => e.hardware && e.listed);
  return `Videos are made on the processor${triedGpu ? '; no graphics card encoder works on this computer' : ''}. Every video plays everywhere.`;
}
