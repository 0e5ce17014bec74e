import { randomUUID } from 'node:crypto';
import { InvalidInputError, StudioError } from '../../preload/contract/errors';
import {
  addJobRequestSchema,
  finishedStates,
  listJobsRequestSchema,
  type AddJobRequest,
  type Job,
  type JobEvent,
  type JobEventType,
  type ListJobsRequest,
  type StageSpec,
} from '../../preload/contract/jobs';
import { zodIssues } from '../../preload/contract/issues';
import { saveOutputRules, type OutputRules } from '../files/output-policy';
import { buildRuntimeConfig, providersFor, type RuntimeConfig } from '../config/runtime-config';
import { openHomeDatabase, type Db } from '../store/open-database';
import { appendEvent, checkpoints, findJobRow, getSetting, putSetting, readEvents, toJob, type JobRow } from './job-store';
import { requestCancel, resumePaused, transition } from './job-state';
import { createSession, sessionRootFor } from './session';
import type { StageRegistry } from './stage';
import type { ProviderContext } from '../providers/types';

/** A row for listing: one that no longer parses is shown as failed with why, not a crash of the list. */
function readableJob(r: JobRow): Job {
  try {
    return toJob(r);
  } catch (err) {
    const message = `the stored job cannot be read: ${(err as Error).message.split('\n')[0]}`;
    return toJob({ ...r, state: r.state === 'active' || r.state === 'waiting' ? r.state : 'failed', stages: '[]', progress: null, error: r.error ?? JSON.stringify({ name: 'InvalidInputError', message, code: 'INVALID_INPUT' }) });
  }
}

export type JobListener = (event: JobEvent) => void;

/** What a worker in this process offers the queue, so cancel and pause act at once, not at the next poll. */
export interface LocalRunner {
  interrupt(jobId: string, reason: 'cancel' | 'pause'): Promise<boolean>;
}

/**
 * The queue as users see it: add, list, inspect, cancel, retry, pause and resume, and a stream
 * of events. Every change is a row in SQLite first; events are persisted to the job's event log
 * and then told to this process's listeners. Several processes may share one database: one
 * adds jobs (the CLI), another runs them (`reelforge worker` or the app).
 */
export class JobQueue {
  private readonly listeners = new Set<JobListener>();
  private pending: JobEvent[] = [];
  private runner: LocalRunner | undefined;

  /**
   * `config` is the runtime configuration of the process that owns the queue (its FFmpeg, caches,
   * voices); its stages get it as ctx.config. A queue opened without one (tests) has none of the
   * process's environment: FFmpeg is searched for, caches are under the home.
   */
  constructor(
    readonly db: Db,
    readonly home: string,
    readonly registry: StageRegistry,
    readonly config: RuntimeConfig = buildRuntimeConfig({ env: {}, home }),
  ) {}

  static open(registry: StageRegistry, home: string, config?: RuntimeConfig): JobQueue {
    return new JobQueue(openHomeDatabase(home), home, registry, config);
  }

  close(): void {
    this.db.close();
  }

  /** Runs `fn` in one immediate transaction; the events it recorded are told after the commit. */
  tx<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    try {
      const result = this.db.transaction(fn).immediate();
      const events = this.pending;
      this.pending = [];
      for (const e of events) this.publish(e);
      return result;
    } catch (err) {
      this.pending = [];
      throw err;
    }
  }

  record(type: JobEventType, jobId: string | null, data: Record<string, unknown> = {}): void {
    const e = appendEvent(this.db, type, jobId, data);
    if (this.db.inTransaction) this.pending.push(e);
    else this.publish(e);
  }

  private publish(e: JobEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // a listener's bug must not break the queue
      }
    }
  }

  /** Listens to this process's events; returns the function that stops listening. */
  subscribe(listener: JobListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The provider context stages use (keys, URLs, caches). The process that owns the queue sets it
   * (the app with its keychain, the CLI from its environment); a queue without one gets the home's
   * key files and no environment.
   */
  providers(): ProviderContext {
    return (this.providerContext ??= providersFor(this.config));
  }

  useProviders(ctx: ProviderContext): void {
    this.providerContext = ctx;
  }

  private providerContext: ProviderContext | undefined;

  attachRunner(runner: LocalRunner | undefined): void {
    this.runner = runner;
  }

  /** `opts.outputRules`: the output policy of the door that queued it, checked again before the final rename */
  async add(request: AddJobRequest, opts: { outputRules?: OutputRules } = {}): Promise<Job> {
    const parsed = addJobRequestSchema.safeParse(request);
    if (!parsed.success) throw new InvalidInputError('the job is not valid:', zodIssues(parsed.error));
    const req = parsed.data;
    const stages: StageSpec[] = [];
    for (const [i, spec] of req.stages.entries()) {
      const def = this.registry.get(spec.name);
      if (!def) throw new InvalidInputError(`stage ${i + 1} is '${spec.name}', which this Reelforge does not know (known: ${this.registry.names().join(', ')})`);
      stages.push(def.prepare ? await def.prepare(spec, req.input, this.config) : spec);
    }
    const first = this.registry.get(stages[0]!.name)!;
    const id = randomUUID();
    const session = createSession(sessionRootFor(this.home, id));
    if (opts.outputRules) saveOutputRules(session.logs, opts.outputRules);
    const now = Date.now();
    this.tx(() => {
      this.db
        .prepare(
          `INSERT INTO jobs (id, title, state, priority, max_attempts, stages, input, output, session_dir, resource, run_at, created_at, updated_at)
           VALUES (?, ?, 'waiting', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, req.title, req.priority, req.maxAttempts, JSON.stringify(stages), req.input === undefined ? null : JSON.stringify(req.input), req.output ?? null, session.root, first.resource(stages[0]!, req.input), now, now, now);
      this.record('job.added', id, { title: req.title, stages: stages.map((s) => s.name), priority: req.priority });
    });
    return this.get(id);
  }

  private row(idOrPrefix: string): JobRow {
    const rows = findJobRow(this.db, idOrPrefix);
    if (rows.length === 0) throw new StudioError('NOT_FOUND', `no job ${idOrPrefix}`);
    if (rows.length > 1) throw new InvalidInputError(`${idOrPrefix} matches more than one job; give more of its id`);
    return rows[0]!;
  }

  get(idOrPrefix: string): Job {
    return toJob(this.row(idOrPrefix));
  }

  /** The job's input document, as stored when it was added. */
  input(id: string): unknown {
    const r = this.row(id);
    return r.input === null ? undefined : JSON.parse(r.input);
  }

  list(request: ListJobsRequest = {}): Job[] {
    const req = listJobsRequestSchema.parse(request);
    const states = req.states ?? [];
    const where = states.length ? `WHERE state IN (${states.map(() => '?').join(',')})` : '';
    const rows = this.db.prepare(`SELECT * FROM jobs ${where} ORDER BY seq DESC LIMIT ? OFFSET ?`).all(...states, req.limit, req.offset) as JobRow[];
    return rows.map(readableJob);
  }

  /** How many jobs are in these states (all jobs without states). */
  count(states: readonly string[] = []): number {
    const where = states.length ? `WHERE state IN (${states.map(() => '?').join(',')})` : '';
    return (this.db.prepare(`SELECT count(*) AS n FROM jobs ${where}`).get(...states) as { n: number }).n;
  }

  checkpoints(id: string) {
    return checkpoints(this.db, this.row(id).id);
  }

  events(opts: { jobId?: string; afterId?: number; limit?: number } = {}): JobEvent[] {
    return readEvents(this.db, { ...opts, jobId: opts.jobId && this.row(opts.jobId).id });
  }

  /**
   * A waiting or paused job is cancelled at once. A running one is asked to stop: the worker
   * running it (this process's at once, another process's at its next poll) kills its
   * processes and removes its partial output.
   */
  async cancel(idOrPrefix: string): Promise<Job> {
    const id = this.row(idOrPrefix).id;
    const state = this.tx(() => {
      const r = this.row(id);
      if (r.state === 'waiting' || r.state === 'paused') {
        if (transition(this.db, id, { from: [r.state], to: 'cancelled', set: { finished_at: Date.now(), resource: r.resource } })) this.record('job.cancelled', id, { from: r.state });
      } else if (r.state === 'active') {
        requestCancel(this.db, id);
      }
      return r.state;
    });
    if (state === 'active') await this.runner?.interrupt(id, 'cancel');
    return this.get(id);
  }

  /** A failed or cancelled job goes back to the queue with fresh attempts; finished stages are kept. */
  retry(idOrPrefix: string): Job {
    const id = this.row(idOrPrefix).id;
    this.tx(() => {
      const r = this.row(id);
      if (r.state !== 'failed' && r.state !== 'cancelled') {
        throw new InvalidInputError(`job ${id} is ${r.state}; only a failed or cancelled job can be retried`);
      }
      transition(this.db, id, { from: [r.state], to: 'waiting', set: { attempts: 0, error: null, run_at: Date.now(), finished_at: null, cancel_requested: 0 } });
      this.record('job.added', id, { retry: true });
    });
    return this.get(id);
  }

  isPaused(): boolean {
    return getSetting<boolean>(this.db, 'queue.paused') === true;
  }

  /** Stops starting jobs; running ones stop at once and keep their checkpoints (state `paused`). */
  async pause(): Promise<void> {
    const active = this.tx(() => {
      putSetting(this.db, 'queue.paused', true);
      this.record('queue.paused', null);
      return this.list({ states: ['active'], limit: 10_000 });
    });
    await Promise.all(active.map((j) => this.runner?.interrupt(j.id, 'pause')));
  }

  resume(): void {
    this.tx(() => {
      putSetting(this.db, 'queue.paused', false);
      // Paused jobs keep their place: their sequence number is older than anything added since.
      resumePaused(this.db);
      this.record('queue.resumed', null);
    });
  }

  /** Counts by state, for `queue list` and the UI's badge. */
  counts(): Record<string, number> {
    const rows = this.db.prepare('SELECT state, count(*) AS n FROM jobs GROUP BY state').all() as Array<{ state: string; n: number }>;
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }

  isFinished(job: Job): boolean {
    return finishedStates.includes(job.state);
  }
}
