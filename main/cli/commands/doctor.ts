import { parseArgs } from 'node:util';
import { getCapabilities } from '../../../native/ffmpeg/capabilities';
import { locateFfmpeg } from '../../../native/ffmpeg/locate';
import { exitCodes, type Command } from '../command';
import { doctorSections } from '../doctor-sections';

/** Filters the render compiler uses; a build without one of them renders worse or not at all. */
const neededFilters: Array<[string, string]> = [
  ['perspective', 'Ken Burns on stills (sub-pixel zoom and pan)'],
  ['xfade', 'transitions (fade-through-black is used without it)'],
  ['subtitles', 'burned-in captions (libass)'],
  ['drawtext', 'text cards and overlays (libfreetype)'],
  ['gradients', 'gradient cards'],
  ['sidechaincompress', 'music ducking'],
  ['loudnorm', 'loudness normalisation'],
  ['tpad', 'holding stills and the last frame of short clips'],
];

export const doctorCommand: Command = {
  name: 'doctor',
  usage: 'reelforge doctor [--refresh] [--home <dir>]',
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: { refresh: { type: 'boolean', default: false }, home: { type: 'string' } } });
    const say = (s = '') => io.out.write(s + '\n');
    let ok = true;
    const tools = locateFfmpeg();
    say('FFmpeg');
    for (const t of [tools.ffmpeg, tools.ffprobe]) say(`  ${t.tool.padEnd(8)} ${t.path}  (${t.source}: ${t.reason})`);
    const caps = await getCapabilities(tools.ffmpeg.path, { refresh: values.refresh, signal: io.signal });
    say(`  version  ${caps.version}   (checked ${caps.checkedAt}${values.refresh ? '' : '; --refresh checks again'})`);
    say('  filters');
    for (const [name, why] of neededFilters) {
      const has = caps.filters.includes(name);
      if (!has && name !== 'xfade' && name !== 'gradients') ok = false;
      say(`    ${has ? 'yes' : 'NO '} ${name.padEnd(18)} ${why}`);
    }
    say('  video encoders (each verified by encoding a few frames here)');
    for (const e of caps.videoEncoders) {
      const state = e.works ? 'works' : e.listed ? 'fails' : 'absent';
      say(`    ${state.padEnd(6)} ${e.name.padEnd(18)} ${e.hardware ? 'hardware' : 'software'}${e.works ? '' : `  ${e.reason ?? ''}`}`);
    }
    const auto = caps.videoEncoders.find((e) => e.works && e.hardware)?.name ?? 'libx264';
    say(`  --encoder auto uses: ${auto}`);
    for (const section of doctorSections) {
      say();
      say(section.title);
      try {
        for (const line of await section.lines({ home: values.home })) say(`  ${line}`);
      } catch (err) {
        ok = false;
        say(`  problem: ${(err as Error).message}`);
      }
    }
    return ok ? exitCodes.ok : exitCodes.environment;
  },
};
