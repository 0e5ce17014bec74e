import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { serializeError } from '../../preload/contract/errors';
import type { Job, ResourceClass, ResourceLimits } from '../../preload/contract/jobs';
import { terminateAll } from '../../native/process-registry';
import { isUnrecoverable, retryDelay, shouldRetry } from './retry-policy';
import type { JobQueue, LocalRunner } from './job-queue';
import { claimJobs } from './claim';
import { errorJson, getJobRow } from './job-store';
import { recordJobProcesses } from './job-processes';
import { LostJobError, transition } from './job-state';
import { runMaintenance } from './maintenance';
import { processStartId } from './os-processes';
import { loadLimits } from './limits';
import { cleanSession, recoverJobs, type RecoveryReport } from './recovery';
import { runJob } from './run-job';
import { sessionDirs } from './session';

export interface WorkerOptions {
  /** overrides of the limits stored in settings */
  limits?: Partial<ResourceLimits>;
  /** how often other processes' changes (jobs added, cancel, pause) are looked for */
  pollMs?: number;
  backoff?: { baseMs: number; maxMs: number };
  log?: (line: string) => void;
  /** how often housekeeping runs (default ten minutes) */
  maintenanceEveryMs?: number;
  /** how often dead workers' jobs are looked for (default RECOVERY_EVERY_MS) */
  recoveryEveryMs?: number;
}

/** How often every worker looks for jobs whose owner died (see recoverJobs). */
export const RECOVERY_EVERY_MS = 5_000;

type Reason = 'cancel' | 'pause' | 'shutdown';

interface Running {
  job: Job;
  controller: AbortController;
  reason?: Reason;
  done: Promise<void>;
}

/**
 * Runs the queue: claims waiting jobs while their resource class has a free slot (counted over
 * every worker sharing the database), runs them, and settles each as completed, retried with
 * backoff, failed, cancelled or paused. One per process; the app and `reelforge worker` each
 * start one.
 */
export class Worker implements LocalRunner {
  readonly id = randomUUID();
  private readonly running = new Map<string, Running>();
  private stopped = false;
  private wakeUp: (() => void) | undefined;
  private lastHeartbeat = 0;
  private lastMaintenance = 0;
  private lastRecovery = Date.now();
  private unsubscribe: (() => void) | undefined;
  private stopRecording: (() => void) | undefined;

  constructor(
    readonly queue: JobQueue,
    private readonly opts: WorkerOptions = {},
  ) {}

  /**
   * Read again at every claim: a change in Settings (or by another process) applies to the next
   * job without a restart. One small SQLite read per poll.
   */
  get limits(): ResourceLimits {
    return loadLimits(this.queue.db, this.opts.limits);
  }

  /** Registers this worker and recovers what dead workers left behind. */
  start(): RecoveryReport {
    const now = Date.now();
    this.queue.db
      .prepare('INSERT INTO workers (id, pid, host, started_at, heartbeat_at, pid_start) VALUES (?, ?, ?, ?, ?, ?)')
      .run(this.id, process.pid, hostname(), now, now, processStartId(process.pid) ?? null);
    this.stopRecording = recordJobProcesses((tag) => this.running.get(tag)?.job.sessionDir);
    this.queue.attachRunner(this);
    this.unsubscribe = this.queue.subscribe((e) => {
      if (e.type === 'job.added' || e.type === 'queue.resumed') this.wake();
    });
    const report = recoverJobs(this.queue, this.id);
    if (report.recovered.length) this.opts.log?.(`recovered ${report.recovered.length} interrupted job(s); killed ${report.killedProcesses} orphan process(es), removed ${report.removedFiles} stale file(s)`);
    return report;
  }

  /** Runs until stopped, or with `untilEmpty` until no job is waiting and none of ours runs. */
  async run(opts: { untilEmpty?: boolean; signal?: AbortSignal } = {}): Promise<void> {
    const onAbort = () => void this.stop();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      let failures = 0;
      while (!this.stopped) {
        // One bad turn (SQLITE_BUSY from a CLI worker on the same database, a full disk) must not
        // end the loop: the studio would go on with no worker. Log it, wait longer, try again.
        try {
          this.heartbeat();
          const paused = this.queue.isPaused();
          await this.pollInterruptions(paused);
          this.recoverDeadOwners();
          if (!paused) this.claim();
          this.maintain();
          if (opts.untilEmpty && this.running.size === 0 && (paused || this.waitingCount() === 0)) break;
          failures = 0;
        } catch (err) {
          failures++;
          this.opts.log?.(`worker: ${(err as Error).message?.split('\n')[0] ?? String(err)} (retrying)`);
        }
        await this.sleep(Math.min(5000, (this.opts.pollMs ?? 200) * 2 ** Math.min(failures, 5)));
      }
      await Promise.all([...this.running.values()].map((r) => r.done));
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Stops claiming; running jobs are interrupted and go back to waiting at their checkpoints. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await Promise.all([...this.running.keys()].map((id) => this.interrupt(id, 'shutdown')));
    this.unsubscribe?.();
    this.stopRecording?.();
    this.queue.attachRunner(undefined);
    try {
      this.queue.db.prepare('DELETE FROM workers WHERE id = ?').run(this.id);
    } catch {
      // the database was closed under us; recovery of the next worker handles the row
    }
  }

  async interrupt(jobId: string, reason: Reason): Promise<boolean> {
    const r = this.running.get(jobId);
    if (!r) return false;
    r.reason ??= reason;
    r.controller.abort();
    await terminateAll(jobId);
    await r.done;
    return true;
  }

  /**
   * Recovery is continuous, not only at start: a worker killed while others run (kill -9, a crash,
   * a machine gone) would otherwise hold its job and its render slot until some worker restarts.
   * A few SQLite reads every few seconds; on this host a dead PID is seen at the next look.
   */
  private recoverDeadOwners(): void {
    const now = Date.now();
    if (now - this.lastRecovery < (this.opts.recoveryEveryMs ?? RECOVERY_EVERY_MS)) return;
    this.lastRecovery = now;
    const report = recoverJobs(this.queue, this.id);
    if (report.recovered.length) this.opts.log?.(`took over ${report.recovered.length} job(s) of a dead worker; killed ${report.killedProcesses} orphan process(es), removed ${report.removedFiles} stale file(s)`);
  }

  /** Housekeeping (event log, WAL, previews, unused voices) at start and every ten minutes. */
  private maintain(): void {
    const now = Date.now();
    if (now - this.lastMaintenance < (this.opts.maintenanceEveryMs ?? 10 * 60_000)) return;
    this.lastMaintenance = now;
    const r = runMaintenance(this.queue.db, { home: this.queue.home });
    if (r.events + r.previews + r.voices) this.opts.log?.(`housekeeping: ${r.events} old event(s), ${r.previews} preview(s), ${r.voices} unused voice file(s) removed`);
  }

  private waitingCount(): number {
    return (this.queue.db.prepare("SELECT count(*) AS n FROM jobs WHERE state = 'waiting'").get() as { n: number }).n;
  }

  private heartbeat(): void {
    const now = Date.now();
    if (now - this.lastHeartbeat < 1000) return;
    this.lastHeartbeat = now;
    this.queue.db.prepare('UPDATE workers SET heartbeat_at = ? WHERE id = ?').run(now, this.id);
  }

  /** Cancel and pause asked for by another process arrive as flags in the database. */
  private async pollInterruptions(paused: boolean): Promise<void> {
    const asks: Promise<boolean>[] = [];
    for (const [id] of this.running) {
      const row = getJobRow(this.queue.db, id);
      if (row?.cancel_requested) asks.push(this.interrupt(id, 'cancel'));
      else if (paused) asks.push(this.interrupt(id, 'pause'));
    }
    await Promise.all(asks);
  }

  private claim(): void {
    for (const { job, resource } of claimJobs(this.queue, this.id, this.limits)) this.execute(job, resource);
  }

  private execute(job: Job, holding: ResourceClass): void {
    const controller = new AbortController();
    const entry = { job, controller } as Running;
    entry.done = (async () => {
      try {
        const outcome = await runJob({ queue: this.queue, job, holding, limits: this.limits, signal: controller.signal, workerId: this.id });
        if (outcome === 'requeued') this.opts.log?.(`${job.id.slice(0, 8)} waits for a free slot`);
        else this.opts.log?.(`${job.id.slice(0, 8)} completed`);
      } catch (err) {
        await terminateAll(job.id);
        try {
          this.settleFailure(job, err, entry.reason);
        } catch (settleErr) {
          // the database refused (busy, full): the job stays active under this worker's id, and
          // recovery settles it once this worker is gone; the loop itself goes on
          this.opts.log?.(`${job.id.slice(0, 8)} could not be settled: ${(settleErr as Error).message}`);
        }
      } finally {
        this.running.delete(job.id);
        this.wake();
      }
    })();
    this.running.set(job.id, entry);
  }

  private settleFailure(job: Job, err: unknown, reason: Reason | undefined): void {
    const { db } = this.queue;
    const row = getJobRow(db, job.id);
    // Taken over while this worker was stalled: the job is someone else's now. Touch nothing —
    // not its state, not its session's files.
    if (err instanceof LostJobError || !row || row.state !== 'active' || row.worker_id !== this.id) {
      this.opts.log?.(`${job.id.slice(0, 8)} was taken over by another worker; leaving it alone`);
      return;
    }
    const owner = this.id;
    cleanSession(this.queue, { id: job.id, session_dir: job.sessionDir, output: job.output });
    if (reason === 'cancel' || (!reason && row.cancel_requested)) {
      // A cancelled job leaves nothing behind but its log.
      const dirs = sessionDirs(job.sessionDir);
      rmSync(dirs.work, { recursive: true, force: true });
      rmSync(dirs.final, { recursive: true, force: true });
      this.queue.tx(() => {
        if (transition(db, job.id, { from: ['active'], to: 'cancelled', owner, set: { finished_at: Date.now(), worker_id: null } })) this.queue.record('job.cancelled', job.id, { from: 'active' });
      });
      this.opts.log?.(`${job.id.slice(0, 8)} cancelled`);
      return;
    }
    if (reason === 'pause' || reason === 'shutdown') {
      const state = reason === 'pause' ? 'paused' : 'waiting';
      this.queue.tx(() => {
        if (transition(db, job.id, { from: ['active'], to: state, owner, set: { worker_id: null } }) && reason === 'pause') this.queue.record('job.paused', job.id, {});
      });
      return;
    }
    const error = serializeError(err);
    const attempts = row.attempts + 1;
    const retry = shouldRetry(err, attempts, job.maxAttempts);
    this.queue.tx(() => {
      if (retry) {
        // delayed: waiting again, not claimable before run_at
        const delayMs = retryDelay(attempts, this.opts.backoff);
        if (transition(db, job.id, { from: ['active'], to: 'waiting', owner, set: { attempts, error: errorJson(error), run_at: Date.now() + delayMs, worker_id: null } })) {
          this.queue.record('job.retrying', job.id, { attempt: attempts, delayMs, error });
        }
      } else if (transition(db, job.id, { from: ['active'], to: 'failed', owner, set: { attempts, error: errorJson(error), finished_at: Date.now(), worker_id: null } })) {
        this.queue.record('job.failed', job.id, { attempts, error, unrecoverable: isUnrecoverable(err) });
      }
    });
    this.opts.log?.(`${job.id.slice(0, 8)} ${retry ? 'will retry' : 'failed'}: ${error.message.split('\n')[0]}`);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }

  private wake(): void {
    this.wakeUp?.();
  }
}
