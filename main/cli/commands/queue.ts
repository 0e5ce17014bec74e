import { withHome } from '../../config/runtime-config';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { jobStates, type JobState } from '../../../preload/contract/jobs';
import { refuseOutputOverInput } from '../../files/output-guard';
import { modelsDir } from '../../paths';
import { loadProjectFile } from '../../project/load-project';
import { assertModelKnown } from '../../upscale/model-catalog';
import { loadLimits, parseLimits, saveLimits } from '../../queue/limits';
import { addProjectJob } from '../../pipeline/project-job';
import { exitCodes, UsageError, type CliIo, type Command } from '../command';
import { jobDetails, jobLine } from '../format-job';
import { homeOption, openQueue } from '../open-queue';

const usage = [
  'reelforge queue <action> [--home <dir>]',
  '  add <project.json> [-o out.mp4] [--encoder <name>] [--priority <n>] [--upscale <model>] [--scale <n>]',
  '  list [--state waiting,active,…] [--json]',
  '  show <id> [--json]',
  '  cancel <id> | retry <id>',
  '  pause | resume',
  '  limits [class=n,…]   show or set concurrency limits (light, encode-cpu, encode-gpu, upscale)',
].join('\n');

type Action = (args: string[], io: CliIo) => Promise<number>;

/** An integer option within bounds, or a usage error that says which option and what it accepts. */
export function intOption(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}, not '${raw}'`);
  return n;
}

function one(positionals: string[], what: string): string {
  if (positionals.length !== 1) throw new UsageError(`expected ${what}\nusage: ${usage}`);
  return positionals[0]!;
}

const actions: Record<string, Action> = {
  async add(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { ...homeOption, output: { type: 'string', short: 'o' }, encoder: { type: 'string' }, priority: { type: 'string' }, upscale: { type: 'string' }, scale: { type: 'string' } },
    });
    const file = one(positionals, 'one project file');
    const { project } = loadProjectFile(file);
    if (values.output) refuseOutputOverInput(values.output, [{ file, what: 'the project file' }]);
    const priority = values.priority === undefined ? undefined : intOption('--priority', values.priority, -100, 100);
    const scale = values.scale === undefined ? undefined : intOption('--scale', values.scale, 1, 4);
    if (values.upscale) assertModelKnown(values.upscale, { dir: modelsDir(withHome(io.config, values.home).home) });
    const queue = openQueue(withHome(io.config, values.home));
    try {
      const job = await addProjectJob(queue, project, {
        output: values.output && resolve(values.output),
        encoder: values.encoder,
        priority,
        post: values.upscale ? [{ name: 'upscale', options: { model: values.upscale, ...(scale ? { scale } : {}) } }] : undefined,
      });
      io.out.write(`${job.id}\n`);
      return exitCodes.ok;
    } finally {
      queue.close();
    }
  },

  async list(args, io) {
    const { values } = parseArgs({ args, options: { ...homeOption, state: { type: 'string' }, json: { type: 'boolean', default: false } } });
    const states = values.state?.split(',').map((s) => s.trim()) as JobState[] | undefined;
    const bad = states?.find((s) => !jobStates.includes(s));
    if (bad) throw new UsageError(`unknown state '${bad}' (one of ${jobStates.join(', ')})`);
    const queue = openQueue(withHome(io.config, values.home));
    try {
      const jobs = queue.list({ states, limit: 10_000 });
      if (values.json) io.out.write(JSON.stringify(jobs, null, 1) + '\n');
      else {
        for (const j of jobs) io.out.write(jobLine(j) + '\n');
        const counts = Object.entries(queue.counts()).map(([k, v]) => `${v} ${k}`);
        io.out.write(`${counts.join(', ') || 'no jobs'}${queue.isPaused() ? ' — the queue is paused' : ''}\n`);
      }
      return exitCodes.ok;
    } finally {
      queue.close();
    }
  },

  async show(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...homeOption, json: { type: 'boolean', default: false } } });
    const queue = openQueue(withHome(io.config, values.home));
    try {
      const job = queue.get(one(positionals, 'a job id'));
      const stages = queue.checkpoints(job.id);
      const events = queue.events({ jobId: job.id }).filter((e) => e.type !== 'job.progress');
      if (values.json) {
        io.out.write(JSON.stringify({ job, stages, events }, null, 1) + '\n');
        return exitCodes.ok;
      }
      io.out.write(jobDetails(job) + '\n\ncheckpoints\n');
      for (const s of stages) {
        io.out.write(`  ${s.index} ${s.name.padEnd(14)} ${s.state.padEnd(7)} runs=${s.runs} ${s.resource.padEnd(10)} ${s.finishedAt ? new Date(s.finishedAt).toISOString() : ''}\n`);
      }
      io.out.write('\nevents\n');
      for (const e of events.slice(-30)) io.out.write(`  ${new Date(e.at).toISOString()} ${e.type} ${JSON.stringify(e.data).slice(0, 120)}\n`);
      return exitCodes.ok;
    } finally {
      queue.close();
    }
  },

  async cancel(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: homeOption });
    const queue = openQueue(withHome(io.config, values.home));
    try {
      const job = await queue.cancel(one(positionals, 'a job id'));
      io.out.write(job.state === 'active' ? `cancel requested; the worker running ${job.id.slice(0, 8)} stops it\n` : `${job.id.slice(0, 8)} ${job.state}\n`);
      return exitCodes.ok;
    } finally {
      queue.close();
    }
  },

  async retry(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: homeOption });
    const queue = openQueue(withHome(io.config, values.home));
    try {
      const job = queue.retry(one(positionals, 'a job id'));
      io.out.write(`${job.id.slice(0, 8)} ${job.state}\n`);
      return exitCodes.ok;
    } finally {
      queue.close();
    }
  },

  async pause(args, io) {
    const { values } = parseArgs({ args, options: homeOption });
    const queue = openQueue(withHome(io.config, values.home));
    try {
      await queue.pause();
      io.out.write('queue paused: no job starts, running ones stop at their checkpoint\n');
      return exitCodes.ok;
    } finally {
      queue.close();
    }
  },

  async resume(args, io) {
    const { values } = parseArgs({ args, options: homeOption });
    const queue = openQueue(withHome(io.config, values.home));
    try {
      queue.resume();
      io.out.write('queue resumed\n');
      return exitCodes.ok;
    } finally {
      queue.close();
    }
  },

  async limits(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: homeOption });
    const queue = openQueue(withHome(io.config, values.home));
    try {
      if (positionals.length) saveLimits(queue.db, parseLimits(positionals.join(',')));
      const limits = loadLimits(queue.db);
      io.out.write(Object.entries(limits).map(([k, v]) => `${k}=${v}`).join(' ') + '\n');
      return exitCodes.ok;
    } finally {
      queue.close();
    }
  },
};

export const queueCommand: Command = {
  name: 'queue',
  usage,
  async run(argv, io) {
    const [action, ...rest] = argv;
    const fn = action ? actions[action] : undefined;
    if (!fn) throw new UsageError(`${action ? `unknown action '${action}'` : 'expected an action'}\nusage: ${usage}`);
    return fn(rest, io);
  },
};
