import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StudioError, type Issue } from '../../../preload/contract/errors';
import { outputFormat, projectSchema, type ProjectDocument, type Scene, type Visual } from '../../../preload/contract/project';
import { renderAvatar, type AvatarRequest } from '../../providers/avatar/avatar-service';
import { generateClip, type ClipRequest } from '../../providers/clip/clip-service';
import { avatarServiceFor, clipServiceFor } from '../../providers/factories';
import type { LongJobResult, PollState } from '../../providers/long-running';
import { createRegistry } from '../../providers/registry';
import type { ProviderDefinition } from '../../providers/types';
import { hashFile } from '../../queue/artifacts';
import { stageProject, type StageContext } from '../../queue/stage';
import { getProject, saveProject } from '../../store/projects';
import { dropCheckpoint, readCheckpoint, writeCheckpoint } from './online-checkpoint';

/** Generated clips and avatar videos live in the library: the project keeps pointing at them after the job. */
export const generatedDir = (home: string) => join(home, 'library', 'generated');

type Kind = 'clip' | 'avatar';
type Wanted = Extract<Visual, { type: 'generated' | 'avatar' }>;

const visualType = (kind: Kind) => (kind === 'clip' ? 'generated' : 'avatar');
const wants = (kind: Kind) => (s: Scene) => s.visual.type === visualType(kind) && (s.visual as Wanted).path === undefined;

/** Picks the provider for one scene: the one it names, or the registry's best ready one. */
async function chooseFor(kind: Kind, v: Wanted, sceneNo: number, ctx: StageContext): Promise<{ provider?: ProviderDefinition; reason: string }> {
  const registry = createRegistry();
  const what = kind === 'clip' ? 'a generated clip' : 'an avatar';
  if (v.provider) {
    const p = registry.list(kind).find((x) => x.id === v.provider);
    if (!p) return { reason: `scene ${sceneNo} asks for ${what} from "${v.provider}", which is not ${kind === 'clip' ? 'a clip' : 'an avatar'} provider (known: ${registry.list(kind).map((x) => x.id).join(', ')})` };
    const status = await p.status(ctx.providers);
    if (!status.ready) return { reason: `scene ${sceneNo} asks for ${what} from ${p.name}, which is not ready: ${status.reason}` };
    return { provider: p, reason: `${kind}: ${p.id} as scene ${sceneNo} asks` };
  }
  const sel = await registry.select(kind, kind === 'clip' && v.type === 'generated' && v.seconds ? { durationSeconds: v.seconds } : {}, ctx.providers);
  if (!sel.provider) return { reason: `scene ${sceneNo} asks for ${what}, but no ${kind} provider is ready: ${sel.considered.map((c) => `${c.id} (${c.why})`).join('; ')}` };
  return { provider: sel.provider, reason: sel.reason };
}

const shortHash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 20);

/** What is sent for one scene, and the key that names its result (the same request is never paid twice). */
async function requestFor(kind: Kind, scene: Scene, sceneNo: number, project: ProjectDocument, providerId: string) {
  const frame = outputFormat(project.settings);
  const v = scene.visual as Wanted;
  if (v.type === 'generated') {
    const req: ClipRequest = { prompt: v.prompt, aspectRatio: frame.width >= frame.height ? '16:9' : '9:16', ...(v.seconds ? { durationSeconds: v.seconds } : {}) };
    return { clip: req, key: shortHash({ providerId, ...req }) };
  }
  const av = v as Extract<Visual, { type: 'avatar' }>;
  const base = { avatar: av.avatarId, width: frame.width, height: frame.height };
  if (scene.audio) {
    const req: AvatarRequest = { ...base, audioPath: scene.audio };
    return { avatar: req, key: shortHash({ providerId, ...base, audio: await hashFile(scene.audio) }) };
  }
  const script = (scene.caption || scene.narration).trim();
  if (!script) throw new StudioError('INVALID_INPUT', `scene ${sceneNo} has an avatar but neither narration audio nor narration text for it to speak: write the scene's narration`, { scene: sceneNo });
  const req: AvatarRequest = { ...base, script, ...(av.voiceId ? { voice: av.voiceId } : {}) };
  return { avatar: req, key: shortHash({ providerId, ...base, script, voice: av.voiceId }) };
}

/**
 * The `clips` and `avatars` stages: every scene asking for a generated clip (or an avatar) gets
 * one from a provider the registry picks. Providers are chosen for all scenes before anything is
 * sent, so a missing key fails the job before it has paid for anything. Each request is
 * checkpointed the moment the service accepts it (see online-checkpoint.ts), and each result is
 * kept under a key of what was asked, so neither a crash nor a second render pays again. The
 * stage's artifact is the project document with the made files filled in.
 */
export async function makeOnlineVisuals(ctx: StageContext, kind: Kind): Promise<{ file: string }> {
  const project = projectSchema.parse(stageProject(ctx));
  const targets = project.scenes.map((s, i) => ({ scene: s, i })).filter(({ scene }) => wants(kind)(scene));

  const chosen: Array<{ provider: ProviderDefinition; reason: string }> = [];
  const issues: Issue[] = [];
  for (const { scene, i } of targets) {
    const c = await chooseFor(kind, scene.visual as Wanted, i + 1, ctx);
    if (c.provider) chosen.push({ provider: c.provider, reason: c.reason });
    else issues.push({ path: `scenes[${i}].visual`, message: c.reason });
  }
  if (issues.length) {
    const msg = `${issues.length === 1 ? issues[0]!.message : `${issues.length} scenes cannot be made:\n${issues.map((x) => `  ${x.message}`).join('\n')}`}`;
    // no retry helps until the user sets a key or picks another visual
    throw new StudioError('PROVIDER_UNAVAILABLE', msg, { issues, unrecoverable: true });
  }

  const dir = generatedDir(ctx.home);
  mkdirSync(dir, { recursive: true });
  const made = new Map<number, string>();
  for (const [k, { scene, i }] of targets.entries()) {
    const { provider, reason } = chosen[k]!;
    const sceneNo = i + 1;
    const { clip, avatar, key } = await requestFor(kind, scene, sceneNo, project, provider.id);
    const outPath = join(dir, `${provider.id}-${key}.mp4`);
    const cost = provider.capabilities.costNotes ?? 'no cost notes';
    const base = { scene: sceneNo, costNotes: cost };
    if (existsSync(outPath)) {
      ctx.chose(kind, provider.id, `scene ${sceneNo}: the same ${kind} was made earlier (${outPath}): used again, nothing sent, nothing paid`, { ...base, paid: false, seconds: 0 });
      made.set(i, outPath);
      continue;
    }
    const resume = readCheckpoint(ctx, key, provider.id);
    ctx.chose(kind, provider.id, `scene ${sceneNo}: ${reason}; cost: ${cost}`, base);
    let failed = false;
    const watch = <T extends { (...a: never[]): Promise<PollState> }>(poll: T): T =>
      (async (...a: Parameters<T>) => {
        const s = await poll(...a);
        failed = s.state === 'failed';
        return s;
      }) as T;
    const started = Date.now();
    const opts = {
      outPath,
      operation: resume?.operation,
      signal: ctx.signal,
      log: ctx.log,
      onSubmitted: (operation: string) => writeCheckpoint(ctx, key, { provider: provider.id, operation, scene: sceneNo, submittedAt: Date.now() }),
      onProgress: (f: number) => ctx.progress((k + Math.min(1, Math.max(0, f)) * 0.95) / targets.length),
    };
    let result: LongJobResult;
    try {
      if (clip) {
        const service = clipServiceFor(provider.id, ctx.providers);
        result = await generateClip({ ...service, poll: watch(service.poll.bind(service)) }, clip, opts);
      } else {
        const service = avatarServiceFor(provider.id, ctx.providers);
        result = await renderAvatar({ ...service, status: watch(service.status.bind(service)) }, avatar!, opts);
      }
    } catch (err) {
      if (failed) {
        // The service finished the operation without a video (refused, filtered): asking again
        // would pay again for the same answer, so this is the user's to change.
        dropCheckpoint(ctx, key);
        throw new StudioError('PROVIDER_FAILED', `scene ${sceneNo}: ${(err as Error).message}`, { scene: sceneNo, unrecoverable: true });
      }
      throw err; // a dropped connection or a 5xx: a retry polls the checkpointed operation
    }
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    ctx.chose(
      kind,
      provider.id,
      `scene ${sceneNo}: ${provider.name} ${kind} ready in ${seconds} s — ${result.submitted ? `submitted once (${result.operation})` : `resumed ${result.operation}, not paid again`}; cost: ${cost}`,
      { ...base, paid: result.submitted, seconds, operation: result.operation },
    );
    made.set(i, outPath);
    ctx.progress((k + 1) / targets.length);
  }

  const scenes = project.scenes.map((s, i) => (made.has(i) ? { ...s, visual: { ...(s.visual as Wanted), path: made.get(i)! } } : s));
  const doc = projectSchema.parse({ ...project, scenes });
  if (made.size) keepInLibrary(ctx, doc, made);
  const file = join(ctx.session.work, `${ctx.spec.name}.json`);
  writeFileSync(file, JSON.stringify(doc, null, 1));
  ctx.progress(1);
  return { file };
}

/**
 * The library's copy of the project learns where its made files are, so the studio shows them
 * and a later render starts from them. Only scenes still asking for the same thing are touched:
 * an edit made in the studio while the job ran is kept.
 */
function keepInLibrary(ctx: StageContext, doc: ProjectDocument, made: Map<number, string>): void {
  if (!doc.id) return;
  const stored = getProject(ctx.db, doc.id);
  if (!stored) return;
  let changed = false;
  const scenes = stored.document.scenes.map((s, i) => {
    const path = made.get(i);
    const mine = doc.scenes[i];
    if (!path || !mine || s.id !== mine.id || !wants(mine.visual.type === 'generated' ? 'clip' : 'avatar')(s)) return s;
    const { path: _p, ...asked } = mine.visual as Wanted;
    const { path: _q, ...theirs } = s.visual as Wanted;
    if (s.visual.type !== mine.visual.type || JSON.stringify(asked) !== JSON.stringify(theirs)) return s;
    changed = true;
    return { ...s, visual: { ...(s.visual as Wanted), path } };
  });
  if (changed) saveProject(ctx.db, { ...stored.document, scenes }, doc.id);
}
