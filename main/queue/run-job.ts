import { appendFileSync, constants, copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { CancelledError, StudioError } from '../../preload/contract/errors';
import type { Job, JobProgress, ResourceClass } from '../../preload/contract/jobs';
import { projectSchema } from '../../preload/contract/project';
import { checkOutputPath, loadOutputRules, madeByQueue, projectInputs } from '../files/output-policy';
import { artifactIntact, contentAddress, stageInputKey } from './artifacts';
import type { JobQueue } from './job-queue';
import { activeCounts, checkpoints, dropCheckpointsAfter, finishStage, saveProgress, startStage } from './job-store';
import { assertOwned, LostJobError, transition, updateActive } from './job-state';
import { sessionDirs } from './session';
import { stageProject, type StageContext } from './stage';
import { deadline, describeMs } from '../net/deadline';

export type RunOutcome = 'completed' | 'requeued';

export interface RunJobOptions {
  queue: JobQueue;
  job: Job;
  /** the resource the job holds now (claimed for its first pending stage) */
  holding: ResourceClass;
  limits: Record<ResourceClass, number>;
  signal: AbortSignal;
  /** the worker running it: every write is made only while the job is still this worker's */
  workerId?: string;
}

const PROGRESS_EVERY_MS = 500;

/**
 * Runs a claimed job's stages in order. A stage whose checkpoint is done, whose input key still
 * matches and whose artifact is intact is skipped; the first one that isn't runs, and every
 * later checkpoint is dropped. Between stages the job changes resource class only if a slot of
 * the new class is free; otherwise it goes back to `waiting` and keeps its place in line.
 */
export async function runJob(o: RunJobOptions): Promise<RunOutcome> {
  const { queue, job, signal } = o;
  const db = queue.db;
  const session = sessionDirs(job.sessionDir);
  const input = queue.input(job.id);
  const logFile = join(session.logs, 'job.log');
  const log = (line: string) => appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`);
  const weights = job.stages.map((s) => queue.registry.get(s.name)?.weight ?? 1);
  const total = weights.reduce((a, b) => a + b, 0);
  let holding = o.holding;
  const previous: StageContext['previous'] = [];
  const done = new Map(checkpoints(db, job.id).map((c) => [c.index, c]));

  log(`attempt ${job.attempts + 1} of ${job.maxAttempts}`);
  for (const [index, spec] of job.stages.entries()) {
    const def = queue.registry.get(spec.name);
    if (!def) throw new StudioError('INVALID_INPUT', `unknown stage '${spec.name}'`);
    const inputKey = stageInputKey({ name: def.name, version: def.version, options: spec.options, input, previous: previous.map((p) => p.hash) });
    const cp = done.get(index);
    if (cp?.state === 'done' && cp.inputKey === inputKey && (await artifactIntact({ path: cp.artifactPath, hash: cp.artifactHash, size: cp.artifactSize }))) {
      previous.push({ name: spec.name, path: cp.artifactPath!, hash: cp.artifactHash!, companion: def.companion });
      log(`stage ${spec.name}: reusing ${basename(cp.artifactPath!)}`);
      continue;
    }
    if (signal.aborted) throw new CancelledError();

    const resource = def.resource(spec, input);
    const switched = queue.tx(() => {
      assertOwned(db, job.id, o.workerId);
      if (resource !== holding) {
        const used = activeCounts(db).get(resource) ?? 0;
        if (used >= o.limits[resource]) {
          transition(db, job.id, { from: ['active'], to: 'waiting', owner: o.workerId, set: { resource, worker_id: null } });
          return false;
        }
        if (o.workerId) updateActive(db, job.id, o.workerId, { resource });
        else db.prepare('UPDATE jobs SET resource = ?, updated_at = ? WHERE id = ?').run(resource, Date.now(), job.id);
      }
      dropCheckpointsAfter(db, job.id, index);
      startStage(db, job.id, index, spec.name, resource, inputKey);
      queue.record('job.stage', job.id, { stage: spec.name, index, resource, phase: 'started' });
      return true;
    });
    if (!switched) {
      log(`stage ${spec.name}: waiting for a free ${resource} slot`);
      return 'requeued';
    }
    holding = resource;

    const before = weights.slice(0, index).reduce((a, b) => a + b, 0);
    let lastSaved = 0;
    const progress = (ratio: number, eta?: number) => {
      // A cancelled FFmpeg still reports `progress=end` as it exits: that is not the stage done.
      if (signal.aborted) return;
      const now = Date.now();
      if (now - lastSaved < PROGRESS_EVERY_MS && ratio < 1) return;
      lastSaved = now;
      const r = Math.min(1, Math.max(0, ratio));
      const p: JobProgress = { stage: spec.name, stageIndex: index, stageCount: job.stages.length, percent: Math.round(((before + weights[index]! * r) / total) * 1000) / 10, ...(eta !== undefined && Number.isFinite(eta) ? { eta: Math.max(0, eta) } : {}) };
      queue.tx(() => {
        assertOwned(db, job.id, o.workerId);
        saveProgress(db, job.id, p);
        queue.record('job.progress', job.id, p);
      });
    };

    log(`stage ${spec.name}: started (${resource})`);
    const chose = (kind: string, provider: string | undefined, reason: string, details?: Record<string, unknown>) => {
      log(reason);
      queue.tx(() => queue.record('job.provider', job.id, { ...details, stage: spec.name, kind, provider: provider ?? null, reason }));
    };
    // A stage that waits on providers has an overall deadline of its own, besides each call's.
    const limit = def.deadlineMs ? deadline(signal, def.deadlineMs) : undefined;
    const ctx: StageContext = { job, input, spec, index, previous: [...previous], session, home: queue.home, config: queue.config, db, signal: limit?.signal ?? signal, tag: job.id, log, progress, chose, providers: queue.providers() };
    let file: string;
    try {
      ({ file } = await def.run(ctx));
    } catch (err) {
      if (limit?.expired() && !signal.aborted) throw new StudioError('PROVIDER_FAILED', `the ${spec.name} stage ran longer than its limit of ${describeMs(def.deadlineMs!)} and was stopped (a provider that never finishes its answer?)`, { unrecoverable: true });
      throw err;
    } finally {
      limit?.dispose();
    }
    if (signal.aborted) throw new CancelledError();
    const artifact = await contentAddress(file, `${index}-${spec.name}`);
    queue.tx(() => {
      assertOwned(db, job.id, o.workerId);
      finishStage(db, job.id, index, artifact);
      queue.record('job.stage', job.id, { stage: spec.name, index, resource, phase: 'finished', artifact: basename(artifact.path) });
    });
    log(`stage ${spec.name}: done → ${basename(artifact.path)}`);
    previous.push({ name: spec.name, path: artifact.path, hash: artifact.hash, companion: def.companion });
  }

  const result = previous.findLast((p) => !p.companion) ?? previous.at(-1)!;
  const finalFile = join(session.final, `${safeName(job.title)}${extname(result.path)}`);
  // A link, not a move: if delivery fails, a retry still finds the stage's artifact in work/.
  rmSync(finalFile, { force: true });
  try {
    linkSync(result.path, finalFile);
  } catch {
    copyFileSync(result.path, finalFile);
  }
  assertOwned(db, job.id, o.workerId); // a worker that lost its job delivers nothing
  const companions = previous
    .filter((p) => p.companion)
    .flatMap((c) => (JSON.parse(readFileSync(c.path, 'utf8')) as { files: Array<{ suffix: string; path: string }> }).files);
  if (job.output) {
    // The output policy again, just before the rename: the disk may have changed since the job was queued.
    const check = outputCheck(queue, job, session.logs, stageProject({ previous, input }));
    const noClobber = check(job.output);
    for (const f of companions) check(job.output.replace(/\.[^./\\]+$/, f.suffix));
    deliver(finalFile, job.output, job.id, noClobber);
    markDelivered(session.logs, job.output);
  }
  // Companions (caption sidecars) go beside the result, in final/ and at the output: out.srt next to out.mp4.
  for (const f of companions) {
    copyFileSync(f.path, finalFile.replace(/\.[^./\\]+$/, f.suffix));
    if (job.output) deliver(f.path, job.output.replace(/\.[^./\\]+$/, f.suffix), job.id, false);
  }
  queue.tx(() => {
    const progress = JSON.stringify({ stage: 'done', stageIndex: job.stages.length - 1, stageCount: job.stages.length, percent: 100 });
    if (!transition(db, job.id, { from: ['active'], to: 'completed', owner: o.workerId, set: { finished_at: Date.now(), worker_id: null, progress } })) throw new LostJobError(job.id);
    queue.record('job.completed', job.id, { output: job.output ?? finalFile, ...(job.output ? {} : { final: finalFile }) });
  });
  // The finished file is in final/ (or, delivered, at the output: then final/ would only be a
  // second full copy, so it goes); the intermediate artifacts have served their purpose.
  if (job.output) rmSync(session.final, { recursive: true, force: true });
  rmSync(session.work, { recursive: true, force: true });
  log(`completed: ${job.output ?? finalFile}`);
  return 'completed';
}

/** The output policy of the door that queued the job (its rules travel in the session), with the job's own inputs. */
function outputCheck(queue: JobQueue, job: Job, logs: string, project: unknown): (path: string) => boolean {
  const rules = loadOutputRules(logs);
  const parsed = projectSchema.safeParse(project);
  const inputs = parsed.success ? projectInputs(parsed.data) : [];
  const own = deliveredBefore(logs);
  // a file this job delivered before a crash (it ended before the job was marked completed) is its own
  const stem = (p: string) => p.replace(/\.[^./\\]+$/, '');
  // caption files beside a video an earlier job made are that job's too
  const madeByApp = (p: string) => own.has(stem(p)) || madeByQueue(queue.db, p) || (!!job.output && p !== job.output && stem(p) === stem(job.output) && madeByQueue(queue.db, job.output));
  // true: a door for programs found nothing there, so the delivery must not replace whatever appears meanwhile
  return (path) => {
    checkOutputPath(path, { home: queue.home, door: rules.door, allowed: rules.allowed, inputs, madeByApp });
    return rules.door === 'agent' && !existsSync(path);
  };
}

const DELIVERED = 'delivered.json';

function deliveredBefore(logs: string): Set<string> {
  try {
    return new Set((JSON.parse(readFileSync(join(logs, DELIVERED), 'utf8')) as string[]).map(String));
  } catch {
    return new Set();
  }
}

function markDelivered(logs: string, output: string): void {
  writeFileSync(join(logs, DELIVERED), JSON.stringify([output.replace(/\.[^./\\]+$/, '')]));
}

/**
 * Copies next to the destination first, then renames: the user's path never holds half a file.
 * `noClobber`: the path was free when checked, and a file that appears there in the meantime is
 * not replaced (a hard link fails where a rename would overwrite).
 */
function deliver(from: string, to: string, jobId: string, noClobber: boolean): void {
  const tmp = join(dirname(to), `.${basename(to)}.${jobId.slice(0, 8)}.part`);
  try {
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(from, tmp);
    if (!noClobber) renameSync(tmp, to);
    else {
      try {
        linkSync(tmp, to);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new StudioError('INVALID_INPUT', `a file appeared at ${to} while the job ran; it was left as it is`, { path: to, unrecoverable: true });
        // a file system without hard links: an exclusive copy still never replaces a file
        copyFileSync(tmp, to, constants.COPYFILE_EXCL);
      }
      unlinkSync(tmp);
    }
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing was written
    }
    if (err instanceof StudioError) throw err;
    throw new StudioError('INVALID_INPUT', `cannot write the output ${to}: ${(err as Error).message}`, { path: to });
  }
}

function safeName(title: string): string {
  return title.replace(/[^\p{L}\p{N}._ -]+/gu, '-').trim().slice(0, 80) || 'video';
}
