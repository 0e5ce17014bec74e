import { parseArgs } from 'node:util';
import { ffmpegAdvice, type FfmpegTools } from '../../../native/ffmpeg/locate';
import { capabilitiesOf, locateTools, withHome } from '../../config/runtime-config';
import { StudioError } from '../../../preload/contract/errors';
import { exitCodes, type Command } from '../command';
import { doctorSections } from '../doctor-sections';
import { renderFilters } from '../../render/render-filters';

export const doctorCommand: Command = {
  name: 'doctor',
  usage: 'reelforge doctor [--refresh] [--home <dir>]',
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: { refresh: { type: 'boolean', default: false }, home: { type: 'string' } } });
    const config = withHome(io.config, values.home);
    const say = (s = '') => io.out.write(s + '\n');
    let ok = true;
    say('FFmpeg');
    let tools: FfmpegTools;
    try {
      tools = locateTools(config);
    } catch (err) {
      if (!(err instanceof StudioError) || err.code !== 'FFMPEG_MISSING') throw err;
      // the other sections still help: say what is missing and what to do, then go on
      say(`  NOT FOUND: ${err.message}`);
      say('  to fix it:');
      for (const line of ffmpegAdvice()) say(`    ${line}`);
      ok = false;
      await otherSections();
      return exitCodes.environment;
    }
    for (const t of [tools.ffmpeg, tools.ffprobe]) say(`  ${t.tool.padEnd(8)} ${t.path}  (${t.source}: ${t.reason})`);
    const caps = await capabilitiesOf(config, tools, { refresh: values.refresh, signal: io.signal });
    say(`  version  ${caps.version}   (checked ${caps.checkedAt}${values.refresh ? '' : '; --refresh checks again'})`);
    // Every filter a render plan can use (render-filters.ts); only the ones missing are listed.
    const missing = renderFilters.filter((f) => !caps.filters.includes(f.name));
    say(`  filters  ${missing.length ? `${renderFilters.length - missing.length} of the ${renderFilters.length} a render uses are present; missing:` : `all ${renderFilters.length} a render uses are present`}`);
    for (const { name, why, optional } of missing) {
      if (!optional) ok = false;
      say(`    ${optional ? 'no ' : 'NO '} ${name.padEnd(18)} ${why}${optional ? ' (the render works without it)' : ''}`);
    }
    say('  video encoders (each verified by encoding a few frames here)');
    for (const e of caps.videoEncoders) {
      const state = e.works ? 'works' : e.listed ? 'fails' : 'absent';
      say(`    ${state.padEnd(6)} ${e.name.padEnd(18)} ${e.hardware ? 'hardware' : 'software'}${e.works ? '' : `  ${e.reason ?? ''}`}`);
    }
    const auto = caps.videoEncoders.find((e) => e.works && e.hardware)?.name ?? 'libx264';
    say(`  --encoder auto uses: ${auto}`);
    await otherSections();
    return ok ? exitCodes.ok : exitCodes.environment;

    async function otherSections() {
      for (const section of doctorSections) {
        say();
        say(section.title);
        try {
          for (const line of await section.lines({ home: config.home })) say(`  ${line}`);
        } catch (err) {
          ok = false;
          say(`  problem: ${(err as Error).message}`);
        }
      }
    }
  },
};
