import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Script } from '../../../preload/contract/script';
import { matchMedia, pickMusic } from '../../media/match-media';
import { scanMedia } from '../../media/media-library';
import type { StageDefinition } from '../../queue/stage';
import type { SceneMedia } from '../build-project';
import { makeInput, previousJson } from './previous';

export interface MediaArtifact {
  /** one per script scene; null where nothing fits */
  scenes: Array<(SceneMedia & { keywords: string[] }) | null>;
  music: SceneMedia | null;
}

/**
 * Media: the request's folders (and the library, when asked) matched to scenes in script order,
 * and music by the template's mood. The choice is written down, so `make` and the studio can say
 * which file went to which scene.
 */
export const mediaStage: StageDefinition = {
  name: 'media',
  version: 1,
  weight: 1,
  resource: () => 'light',
  async run(ctx) {
    const { template, mediaFolders } = makeInput(ctx);
    const script = previousJson<Script>(ctx, 'script');
    const library = mediaFolders.length ? scanMedia(mediaFolders) : [];
    const matched = matchMedia(script.scenes.map((s) => s.keywords), library);
    const music = pickMusic(template.music.mood, library);
    const scenes = script.scenes.map((_, i) => {
      const m = matched[i];
      return m ? { path: m.path, kind: m.kind, keywords: m.keywords } : null;
    });
    scenes.forEach((m, i) => ctx.log(`media: scene ${i + 1} ← ${m ? m.path : 'a template card (no file matched)'}`));
    const file = join(ctx.session.work, 'media.json');
    writeFileSync(file, JSON.stringify({ scenes, music: music ? { path: music.path, kind: music.kind } : null } satisfies MediaArtifact, null, 1));
    ctx.progress(1);
    return { file };
  },
};
