import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { checkOutputPath, projectInputs } from '../../files/output-policy';
import { loadProjectFile } from '../../project/load-project';
import { buildPlan, renderProject } from '../../render/render-project';
import { resolve } from 'node:path';
import type { ProjectDocument } from '../../../preload/contract/project';
import { withHome } from '../../config/runtime-config';
import { exitCodes, UsageError, type CliIo, type Command } from '../command';
import type { ProgressView } from '../progress-bar';
import { createProgressView } from '../progress-bar';

export const renderCommand: Command = {
  name: 'render',
  usage: 'reelforge render <project.json> -o <out.mp4> [--encoder auto|libx264|h264_nvenc|…] [--plan] [--quiet] [--verbose]\n       [--farm redis://[:password@]host:port [--home <dir>] [--chunk-seconds 20] [--advertise <host>]]',
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
        farm: { type: 'string' },
        home: { type: 'string' },
        'chunk-seconds': { type: 'string' },
        advertise: { type: 'string' },
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
    if (values.farm) {
      const chunkSeconds = values['chunk-seconds'] === undefined ? undefined : Number(values['chunk-seconds']);
      if (chunkSeconds !== undefined && !(chunkSeconds > 0)) throw new UsageError('--chunk-seconds: a number of seconds above 0');
      return renderOnFarmCommand({ project, output: values.output, encoder: values.encoder, farm: values.farm, home: values.home, chunkSeconds, advertise: values.advertise, view, started }, io);
    }
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

/**
 * `render --farm`: the render becomes a job in the home's queue (SQLite stays the record; a
 * coordinator restarted on the same home resumes it), run by this process as the farm's
 * coordinator. It exits 0 only once -o holds the final file.
 */
async function renderOnFarmCommand(
  a: { project: ProjectDocument; output: string; encoder?: string; farm: string; home?: string; chunkSeconds?: number; advertise?: string; view: ProgressView; started: number },
  io: CliIo,
): Promise<number> {
  const { parseFarmUrl } = await import('../../farm/farm-url');
  const { openQueue } = await import('../open-queue');
  const { addProjectJob } = await import('../../pipeline/project-job');
  const { followJobs, jobOutcome } = await import('../run-make-job');
  parseFarmUrl(a.farm); // refused here, before anything is queued, when it is not usable
  const queue = openQueue({ ...withHome(io.config, a.home), farm: { url: a.farm, advertiseHost: a.advertise } });
  try {
    // The same command again, after a crash of this coordinator, resumes the unfinished job (its
    // verified chunks are kept in the job's session folder) instead of starting over.
    const output = resolve(a.output);
    const unfinished = queue
      .list({ states: ['waiting', 'active', 'paused'], limit: 1000 })
      .find((j) => j.output === output && j.stages.some((s) => s.name === 'render' && s.options.farm === true));
    if (unfinished) io.err.write(`resuming farm job ${unfinished.id} (it did not finish)\n`);
    const job = unfinished ?? (await addProjectJob(queue, a.project, { output, encoder: a.encoder, farm: { chunkSeconds: a.chunkSeconds } }));
    const [done] = await followJobs(queue, [job.id], a.view, io.signal);
    jobOutcome(done!);
    a.view.done(`wrote ${done!.output} on the farm in ${((Date.now() - a.started) / 1000).toFixed(1)} s (job ${job.id})`);
    return exitCodes.ok;
  } finally {
    queue.close();
  }
}
