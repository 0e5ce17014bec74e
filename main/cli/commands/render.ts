import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkOutputPath, projectInputs } from '../../files/output-policy';
import { loadProjectFile } from '../../project/load-project';
import { buildPlan, renderProject } from '../../render/render-project';
import { exitCodes, UsageError, type Command } from '../command';
import { createProgressView } from '../progress-bar';

export const renderCommand: Command = {
  name: 'render',
  usage: 'reelforge render <project.json> -o <out.mp4> [--encoder auto|libx264|h264_nvenc|…] [--plan] [--quiet] [--verbose]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o' },
        encoder: { type: 'string' },
        plan: { type: 'boolean', default: false },
        quiet: { type: 'boolean', short: 'q', default: false },
        verbose: { type: 'boolean', short: 'v', default: false },
      },
    });
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new UsageError(`expected one project file\nusage: ${this.usage}`);
    const { project } = loadProjectFile(file);

    if (values.plan) {
      const workDir = mkdtempSync(join(tmpdir(), 'reelforge-plan-'));
      try {
        const plan = await buildPlan({ project, output: values.output ?? 'out.mp4', encoder: values.encoder, workDir, measureLoudness: false, signal: io.signal, config: io.config });
        const printable = {
          format: plan.format,
          encoder: plan.encoder,
          timeline: plan.timeline.slots,
          sources: plan.sources,
          inputs: plan.inputs,
          filterGraph: plan.filterGraph.split('\n'),
          args: plan.args('<graph.txt>', values.output ?? '<output>'),
          note: 'loudness is measured by an audio-only pass at render time; the graph above shows the measuring form',
        };
        io.out.write(JSON.stringify(printable, null, 2) + '\n');
      } finally {
        rmSync(workDir, { recursive: true, force: true });
      }
      return exitCodes.ok;
    }

    if (!values.output) throw new UsageError(`-o <out.mp4> is required\nusage: ${this.usage}`);
    // every input of the project (media, narration, music, fonts), the project file, the app's own files, special files
    checkOutputPath(values.output, { home: io.config.home, door: 'local', inputs: [{ file, what: 'the project file' }, ...projectInputs(project)] });
    const view = createProgressView(io.err, values.quiet);
    const started = Date.now();
    const result = await renderProject({
      project,
      output: values.output,
      encoder: values.encoder,
      signal: io.signal,
      config: io.config,
      log: values.verbose ? (line) => io.err.write(`$ ${line}\n`) : undefined,
      onProgress: (p) => view.update(p.ratio, p.stage === 'render' ? `rendering${p.fps ? ` ${Math.round(p.fps)} fps` : ''}` : p.stage, p.eta),
    });
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    view.done(`wrote ${result.output} (${result.durationSeconds.toFixed(2)} s, ${result.frames} frames, ${result.encoder}) in ${secs} s`);
    return exitCodes.ok;
  },
};
