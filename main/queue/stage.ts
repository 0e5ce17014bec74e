import { readFileSync } from 'node:fs';
import type { Job, ResourceClass, StageSpec } from '../../preload/contract/jobs';
import type { RuntimeConfig } from '../config/runtime-config';
import type { ProviderContext } from '../providers/types';
import type { Db } from '../store/open-database';
import type { SessionDirs } from './session';

/** What a stage gets: its inputs, where to write, how to report, and when to stop. */
export interface StageContext {
  job: Job;
  /** the job's input document (a project document for render jobs) */
  input: unknown;
  spec: StageSpec;
  index: number;
  /** artifacts of the earlier stages, in order (companions are files delivered beside the result) */
  previous: Array<{ name: string; path: string; hash: string; companion?: boolean }>;
  session: SessionDirs;
  home: string;
  /** the runtime configuration of the process running the queue: its FFmpeg, caches and voices */
  config: RuntimeConfig;
  db: Db;
  signal: AbortSignal;
  /** the process-registry tag of this job's processes (its id) */
  tag: string;
  log(line: string): void;
  /** ratio 0..1 of this stage; eta in seconds when known */
  progress(ratio: number, eta?: number): void;
  /** records a provider choice and its reason in the job's events (what the queue panel and `status` show) */
  chose(kind: string, provider: string | undefined, reason: string, details?: Record<string, unknown>): void;
  /** keys, URLs and caches of online providers, as the process that runs the queue was given them */
  providers: ProviderContext;
}

export interface StageDefinition {
  name: string;
  /** bump when the stage's output for the same inputs changes: old checkpoints become stale */
  version: number;
  /** its share of a job's progress bar, relative to the other stages */
  weight: number;
  /**
   * The longest this stage may run (stages that wait on online providers): past it the stage is
   * stopped and the job fails with a message saying so. Absent = no limit (a render takes as long as it takes).
   */
  deadlineMs?: number;
  /**
   * Its artifact is a manifest of files delivered beside the job's result (caption sidecars),
   * not the result itself: the job's result is the last artifact of a stage that is not one.
   */
  companion?: boolean;
  resource(spec: StageSpec, input: unknown): ResourceClass;
  /**
   * Runs once when a job is added: validates the inputs (throw InvalidInputError) and fills in
   * decisions that must stay fixed for the job's life (the encoder, for instance).
   */
  prepare?(spec: StageSpec, input: unknown, config: RuntimeConfig): Promise<StageSpec> | StageSpec;
  /** Writes one file into ctx.session.work and returns its path; the queue content-addresses it. */
  run(ctx: StageContext): Promise<{ file: string }>;
}

/** Stages whose artifact is the project document: built (`project`), or with clips or avatars made. */
const PROJECT_ARTIFACTS = new Set(['project', 'clips', 'avatars']);

/** The project document a stage works on: the latest one an earlier stage wrote, or the job's input. */
export function stageProject(ctx: Pick<StageContext, 'previous' | 'input'>): unknown {
  const built = ctx.previous.findLast((p) => PROJECT_ARTIFACTS.has(p.name));
  return built ? JSON.parse(readFileSync(built.path, 'utf8')) : ctx.input;
}

/** The video an upscale or delivery works on: the last artifact that is not a companion. */
export function lastResult(ctx: Pick<StageContext, 'previous'>) {
  return ctx.previous.findLast((p) => !p.companion);
}

export class StageRegistry {
  private readonly stages = new Map<string, StageDefinition>();

  constructor(defs: StageDefinition[] = []) {
    for (const d of defs) this.register(d);
  }

  register(def: StageDefinition): this {
    this.stages.set(def.name, def);
    return this;
  }

  get(name: string): StageDefinition | undefined {
    return this.stages.get(name);
  }

  names(): string[] {
    return [...this.stages.keys()];
  }
}
