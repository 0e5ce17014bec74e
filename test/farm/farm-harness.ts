import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { tempDir, tools } from '../render/fixtures';

const root = new URL('../..', import.meta.url).pathname;
export const cli = join(root, 'bin', 'reelforge.js');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface RedisUnderTest {
  url: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
  /** stops and starts it again on the same port and folder (what it persisted comes back) */
  restart(): Promise<void>;
}

/**
 * A real redis-server on a free loopback port with a temp folder, persisting with an append-only
 * file (what the farm relies on to lose no accepted work across a Redis restart).
 */
export async function startRedis(opts: { password?: string; port?: number } = {}): Promise<RedisUnderTest> {
  const which = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (which.error) throw new Error('redis-server is not installed: the farm tests need it (Debian: apt-get install redis-server; .ci/run installs it)');
  const dir = mkdtempSync(join(tmpdir(), 'rf-redis-'));
  const port = opts.port ?? (await freePort());
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'always',
      '--maxmemory-policy', 'noeviction', ...(opts.password ? ['--requirepass', opts.password] : [])], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      const r = new Redis({ port, host: '127.0.0.1', password: opts.password, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      r.on('error', () => undefined); // not up yet: tried again below
      try {
        await r.connect();
        await r.ping();
        r.disconnect();
        return;
      } catch {
        r.disconnect();
        await new Promise((res) => setTimeout(res, 100));
      }
    }
    throw new Error(`redis-server did not start on port ${port}`);
  };
  const stopChild = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((res) => {
      c.once('exit', () => res());
      c.kill('SIGTERM');
    });
  };
  await launch();
  return {
    url: `redis://${opts.password ? `:${opts.password}@` : ''}127.0.0.1:${port}`,
    port,
    dir,
    restart: async () => {
      await stopChild();
      await launch();
    },
    stop: async () => {
      await stopChild();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Mount namespaces are how the tests keep a worker from reading the project: each worker runs
 * with an empty tmpfs over the folder. Root gets its own mount namespace (unshare -m); anyone else
 * a user namespace too (unshare -rm), where the worker still reads its own files. Where both are
 * refused the farm tests fail, saying so: they never skip.
 */
export const unshareArgs = process.getuid?.() === 0 ? ['-m', '--propagation', 'private'] : ['-r', '-m', '--propagation', 'private'];

export function requireMountNamespaces(): void {
  const probe = mkdtempSync(join(tmpdir(), 'rf-ns-'));
  writeFileSync(join(probe, 'visible'), 'x');
  const run = spawnSync('unshare', [...unshareArgs, 'sh', '-c', `mount -t tmpfs none '${probe}' && ls -A '${probe}'`], { encoding: 'utf8' });
  rmSync(probe, { recursive: true, force: true });
  if (run.error || run.status !== 0 || run.stdout.trim() !== '') {
    throw new Error(
      `the farm tests run each worker in its own mount namespace with the project folder hidden under an empty tmpfs (unshare ${unshareArgs.join(' ')}), and this machine refused: ${run.error?.message ?? (run.stderr.trim() || `the folder still showed ${run.stdout.trim()}`)}. Allow user namespaces (sysctl kernel.unprivileged_userns_clone=1) or run the tests as root, so that a missing transfer cannot hide behind a shared disk.`,
    );
  }
}

export interface WorkerUnderTest {
  name: string;
  home: string;
  child: ChildProcess;
  log(): string;
  /** kill -9 the worker and everything it started (its FFmpeg too) */
  kill9(): void;
  stop(): Promise<void>;
}

/** A `reelforge worker --farm` in its own mount namespace, with `hidden` covered by an empty tmpfs. */
export function startWorker(farmUrl: string, name: string, hidden: string[], opts: { lockSeconds?: number; env?: Record<string, string> } = {}): WorkerUnderTest {
  const home = mkdtempSync(join(tmpdir(), `rf-worker-${name}-`));
  mkdirSync(home, { recursive: true });
  const logFile = join(home, 'worker.log');
  // each hidden folder is covered, and checked to be empty from inside, before the worker starts
  const mounts = hidden.map((d) => `mount -t tmpfs none '${d}' && [ -z "$(ls -A '${d}')" ] || { echo 'the test could not hide ${d} from the worker' >'${logFile}'; exit 97; }`).join(' && ');
  const script = `${mounts} && exec "$0" "${cli}" worker --farm '${farmUrl}' --home '${home}' --name ${name} --lock-seconds ${opts.lockSeconds ?? 3} >'${logFile}' 2>&1`;
  const child = spawn('unshare', [...unshareArgs, 'sh', '-c', script, process.execPath], {
    stdio: 'ignore',
    detached: true,
    env: { ...process.env, ...opts.env },
  });
  const log = () => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  return {
    name,
    home,
    child,
    log,
    kill9: () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone already */
      }
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((res) => child.once('exit', () => res()));
        try {
          process.kill(-child.pid!, 'SIGTERM');
        } catch {
          /* gone */
        }
        const t = setTimeout(() => {
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            /* gone */
          }
        }, 10_000);
        await exited;
        clearTimeout(t);
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export async function waitFor<T>(what: string, fn: () => T | undefined | false, timeoutMs = 120_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface FarmUnderTest {
  redis: RedisUnderTest;
  workers: WorkerUnderTest[];
  /** every worker's log under its name, for a failing assertion's message */
  logs(): string;
  /** stops the workers, then Redis (nothing is left running) */
  stop(): Promise<void>;
}

/**
 * The setup most farm tests share: mount namespaces checked, a real Redis, and workers that cannot
 * see `hidden` (the project, the coordinator's home), each ready before the test starts.
 */
export async function startFarm(opts: {
  workers: Array<string | { name: string; env?: Record<string, string> }>;
  hidden: string[];
  password?: string;
  lockSeconds?: number;
  readyMs?: number;
}): Promise<FarmUnderTest> {
  requireMountNamespaces();
  const redis = await startRedis({ password: opts.password });
  const workers = opts.workers.map((w) => (typeof w === 'string' ? { name: w } : w)).map((w) => startWorker(redis.url, w.name, opts.hidden, { lockSeconds: opts.lockSeconds ?? 3, env: w.env }));
  const farm: FarmUnderTest = {
    redis,
    workers,
    logs: () => workers.map((w) => `--- ${w.name}\n${w.log()}`).join('\n'),
    stop: async () => {
      await Promise.all(workers.map((w) => w.stop()));
      await redis.stop();
    },
  };
  try {
    await waitFor(`${workers.length} workers ready`, () => workers.every((w) => w.log().includes('waiting for work')), opts.readyMs ?? 180_000);
  } catch (err) {
    await farm.stop();
    throw new Error(`${(err as Error).message}\n${farm.logs()}`);
  }
  return farm;
}

/** A temp folder with the two a farm test hides from its workers: the project's and the coordinator's home. */
export function farmFolders(prefix: string): { base: string; projectDir: string; coordHome: string } {
  const base = tempDir(prefix);
  const projectDir = join(base, 'project');
  const coordHome = join(base, 'coordinator');
  mkdirSync(projectDir, { recursive: true });
  mkdirSync(coordHome, { recursive: true });
  return { base, projectDir, coordHome };
}

/** A `reelforge` command (a coordinator), its output collected. */
export function runCli(args: string[]): { child: ChildProcess; log: () => string; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  return { child, log: () => log, exit: new Promise((res) => child.once('exit', (code) => res(code))) };
}

/** The coordinator's job logs (each queue job's `logs/job.log`), wherever under its home they are. */
export function jobLogs(home: string): string[] {
  return readdirSync(home, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /[\\/]logs$/.test(e.parentPath) && e.name.endsWith('.log'))
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'));
}

/** Decoded sound as 16-bit PCM. */
export function pcm(file: string): Buffer {
  return spawnSync(tools.ffmpeg.path, ['-v', 'error', '-i', file, '-map', '0:a', '-f', 's16le', '-'], { maxBuffer: 1 << 28 }).stdout;
}

export function psnr(a: string, b: string): number {
  const run = spawnSync(tools.ffmpeg.path, ['-nostdin', '-nostats', '-v', 'info', '-i', a, '-i', b, '-lavfi', '[0:v][1:v]psnr', '-f', 'null', '-'], { encoding: 'utf8' });
  const m = /PSNR .*average:(inf|[\d.]+)/.exec(run.stderr);
  if (!m) throw new Error(`no PSNR in ffmpeg's output: ${run.stderr.slice(-500)}`);
  return m[1] === 'inf' ? Infinity : Number(m[1]);
}
