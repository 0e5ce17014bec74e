import { parseArgs } from 'node:util';
import { exitCodes, UsageError, type Command } from '../command';

/**
 * `reelforge farm status --farm URL`: checks the farm's Redis (the same refusal rules as every farm
 * command) and lists the workers whose heartbeat is fresh: host, verified encoders, ONNX Runtime
 * providers, free disk, what each is doing now.
 */
export const farmCommand: Command = {
  name: 'farm',
  usage: 'reelforge farm status --farm redis://[:password@]host:port [--json]',
  async run(argv, io) {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { farm: { type: 'string' }, json: { type: 'boolean', default: false } } });
    if (positionals[0] !== 'status' || positionals.length !== 1) throw new UsageError(`usage: ${this.usage}`);
    if (!values.farm) throw new UsageError(`--farm redis://… is required\nusage: ${this.usage}`);
    const { parseFarmUrl, redisOptions } = await import('../../farm/farm-url');
    const { listWorkers } = await import('../../farm/worker-advert');
    const { Redis } = await import('ioredis');
    const farm = parseFarmUrl(values.farm);
    const redis = new Redis({ ...redisOptions(farm), maxRetriesPerRequest: 1, retryStrategy: () => null, lazyConnect: true });
    redis.on('error', () => undefined);
    try {
      try {
        await redis.connect();
      } catch (err) {
        io.err.write(`cannot reach the farm's Redis at ${farm.display}: ${(err as Error).message}\n`);
        return exitCodes.environment;
      }
      const version = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? 'unknown';
      const workers = await listWorkers(redis);
      if (values.json) {
        io.out.write(JSON.stringify({ redis: { url: farm.display, version }, workers }, null, 2) + '\n');
        return exitCodes.ok;
      }
      io.out.write(`Redis ${version} at ${farm.display}: ${workers.length} worker${workers.length === 1 ? '' : 's'}\n`);
      for (const w of workers.sort((a, b) => a.name.localeCompare(b.name))) {
        const age = Math.max(0, Math.round((Date.now() - w.at) / 1000));
        io.out.write(
          `  ${w.name} (${w.host}): encoders ${w.encoders.join(', ') || 'none'}; ONNX Runtime ${w.providers.join(', ') || 'none'}; ` +
            `${(w.freeDiskBytes / 2 ** 30).toFixed(1)} GiB free; ${(w.work ?? []).length ? `working on ${w.work.map((x) => (x.count > 1 ? `chunk ${x.index + 1}/${x.count} of job ${x.job}` : `job ${x.job}`)).join(', ')}` : w.current.length ? `working on ${w.current.join(', ')}` : 'idle'}; heartbeat ${age} s ago\n`,
        );
      }
      return exitCodes.ok;
    } finally {
      redis.disconnect();
    }
  },
};
