import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { outputFormat } from '../../../preload/contract/project';
import { videoFormats } from '../../../preload/contract/make';
import type { Script } from '../../../preload/contract/script';
import { chooseMedia, pickMusic } from '../../media/match-media';
import { scanMedia } from '../../media/media-library';
import { stockSourceFor } from '../../providers/factories';
import { searchStockForScenes } from '../../providers/media/stock-for-scenes';
import type { Attribution } from '../../providers/media/stock-types';
import { createRegistry } from '../../providers/registry';
import type { StageContext, StageDefinition } from '../../queue/stage';
import type { SceneMedia } from '../../make/build-project';
import { makeInput, previousJson } from './previous';
import type { VoiceArtifact } from './voice-stage';

export interface MediaArtifact {
  /** one per script scene; null where nothing fits */
  scenes: Array<(SceneMedia & { keywords: string[]; reason: string; credit?: Attribution }) | null>;
  music: SceneMedia | null;
}

/** Stock downloads live in the library (a made project keeps pointing at them after the job). */
export const stockDir = (home: string) => join(home, 'library', 'stock');

/**
 * Stock media for the scenes no local file fits, when a stock provider is ready (a key is set):
 * the registry chooses, the choice is in the job's events, and each download keeps its author
 * and page for the credits. With no key nothing is searched and nothing leaves the machine.
 */
async function fillFromStock(ctx: StageContext, script: Script, seconds: number[], scenes: MediaArtifact['scenes'], frame: { width: number; height: number }): Promise<void> {
  const open = script.scenes.map((_, i) => i).filter((i) => !scenes[i]);
  if (!open.length) return;
  const sel = await createRegistry().select('media', { language: script.language }, ctx.providers);
  const id = sel.provider?.id;
  if (!id || id === 'library') return; // nothing online is set up: the cards stay
  ctx.chose('media', id, sel.reason);
  const source = stockSourceFor(id, ctx.providers);
  const dir = stockDir(ctx.home);
  mkdirSync(dir, { recursive: true });
  const used = new Set<string>();
  const picks = await searchStockForScenes(
    source,
    open.map((i) => ({ narration: script.scenes[i]!.narration, keywords: script.scenes[i]!.keywords, seconds: seconds[i] ?? 4 })),
    frame,
    { dir, cacheDir: ctx.providers.cacheDir, language: script.language, used, signal: ctx.signal, log: ctx.log },
  );
  for (const p of picks) {
    const i = open[p.sceneIndex]!;
    if (!p.file || !p.candidate) continue;
    scenes[i] = { path: p.file, kind: p.candidate.kind === 'video' ? 'video' : 'image', keywords: script.scenes[i]!.keywords, reason: p.reason, ...(p.attribution ? { credit: p.attribution } : {}) };
  }
}

/**
 * Media: the request's folders (and the library, when asked) matched to scenes in script order,
 * then stock media where a provider is ready, and music by the template's mood. The choice and
 * its reason are written down, so `make` and the studio can say which file went to which scene.
 */
export const mediaStage: StageDefinition = {
  name: 'media',
  version: 2,
  weight: 1,
  // stock searches and downloads together
  deadlineMs: 20 * 60_000,
  resource: () => 'light',
  async run(ctx) {
    const { request: r, template, mediaFolders } = makeInput(ctx);
    const script = previousJson<Script>(ctx, 'script');
    const voice = previousJson<VoiceArtifact>(ctx, 'voice');
    const library = mediaFolders.length ? scanMedia(mediaFolders) : [];
    // keywords and narration, accents folded and word forms reduced; each file once before any repeats
    const chosen = chooseMedia(script.scenes.map((s) => ({ keywords: s.keywords, narration: s.narration, language: script.language })), library);
    const music = pickMusic(template.music.mood, library);
    const scenes: MediaArtifact['scenes'] = chosen.map((c) => (c.file ? { path: c.file.path, kind: c.file.kind, keywords: c.file.keywords, reason: c.reason } : null));
    if (r.stock) {
      const frame = outputFormat(r.settings ?? { preset: r.format ? videoFormats[r.format] : template.preset, quality: 23, speed: 'fast', encoder: 'auto' });
      try {
        await fillFromStock(ctx, script, voice.scenes.map((v) => v.duration + template.pacing.scenePadding), scenes, frame);
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        // Stock is a bonus: a service that fails leaves the scenes their cards, and says why.
        ctx.chose('media', undefined, `stock media skipped: ${(err as Error).message.split('\n')[0]}`);
      }
    }
    scenes.forEach((m, i) => ctx.log(`media: scene ${i + 1} ← ${m ? `${m.path} (${m.reason})` : `a template card (${chosen[i]?.reason ?? 'no file matched'})`}`));
    const file = join(ctx.session.work, 'media.json');
    writeFileSync(file, JSON.stringify({ scenes, music: music ? { path: music.path, kind: music.kind } : null } satisfies MediaArtifact, null, 1));
    ctx.progress(1);
    return { file };
  },
};
