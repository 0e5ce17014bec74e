import { withHome } from '../../config/runtime-config';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { queueBatch } from '../../batch/batch-jobs';
import { TemplateLibrary } from '../../templates/template-library';
import { exitCodes, UsageError, type Command } from '../command';
import { homeOption, openQueue } from '../open-queue';

export const batchCommand: Command = {
  name: 'batch',
  usage: 'reelforge batch <project.json | template.json | template.zip | template-id> <rows.csv> [--out-dir <dir>] [--size WxH] [--encoder <name>] [--priority <n>] [--home <dir>]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { ...homeOption, 'out-dir': { type: 'string', short: 'o' }, encoder: { type: 'string' }, priority: { type: 'string' }, size: { type: 'string' } },
    });
    if (positionals.length !== 2) throw new UsageError(`expected a document and a CSV file\nusage: ${this.usage}`);
    const size = values.size ? /^(\d+)x(\d+)$/.exec(values.size) : undefined;
    if (values.size && (!size || Number(size[1]) % 2 || Number(size[2]) % 2)) throw new UsageError(`--size is WIDTHxHEIGHT with even numbers, e.g. 360x640 (got "${values.size}")`);
    const queue = openQueue(withHome(io.config, values.home));
    try {
      const result = await queueBatch(queue, positionals[0]!, positionals[1]!, {
        outDir: values['out-dir'],
        encoder: values.encoder,
        priority: values.priority === undefined ? undefined : Number(values.priority),
        rendersDir: join(queue.home, 'renders'),
        templates: new TemplateLibrary({ db: queue.db, home: queue.home }),
        ...(size ? { size: { width: Number(size[1]), height: Number(size[2]) } } : {}),
      });
      for (const { line, job } of result.jobs) io.out.write(`line ${line}: queued ${job.id} ${job.output ?? ''}\n`);
      for (const s of result.skipped) io.err.write(`line ${s.line}: skipped — ${s.message.replace(/\n/g, '\n    ')}\n`);
      io.err.write(`${result.jobs.length} queued, ${result.skipped.length} skipped; run \`reelforge worker\` to render them\n`);
      return result.skipped.length && !result.jobs.length ? exitCodes.invalidInput : exitCodes.ok;
    } finally {
      queue.close();
    }
  },
};
