import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { StudioHandlers } from '../../preload/contract/studio-api';
import { locateTools } from '../config/runtime-config';
import { voiceCached } from '../make/voice-cache';
import { listVoices } from '../voices/list-voices';
import { VoiceModelManager } from '../models/voice-model-manager';
import { voicesFor } from '../voices/resolve-voice';
import { listMedia } from './media-list';
import { loadSettings } from './settings-store';
import type { StudioContext } from './studio-context';
import { renderTemplatePreview, templatePreviewPath } from './template-preview';
import { voiceScene } from './voice-scene';
import { templateLibraryFor } from './template-handlers';

type VoiceHandlers = Pick<StudioHandlers, 'listVoices' | 'speakSample' | 'voiceScene' | 'voiceModel' | 'importVoiceModel' | 'templatePreview' | 'listMedia'>;

const SAMPLE_TEXT = 'Here is how this voice will sound in your video.';

/** The folder of rendered template frames; served to the page like previews. */
export const templatePreviewDir = (cacheDir: string) => join(cacheDir, 'template-previews');

/** The studio's voice, template-frame and media-panel methods (issue 9's creator path). */
export function createVoiceHandlers(ctx: StudioContext): VoiceHandlers {
  const { dirs, db } = ctx;
  // the one resolver: this machine's voices and the cloud voices whose key is set, as every door sees them
  const tts = () => voicesFor(ctx.queue.providers());
  const tools = () => locateTools(ctx.config);
  // Template frames are drawn one at a time: a gallery asks for all of them at once, and seven
  // renders side by side would only make each one slower on a small machine.
  let frames: Promise<unknown> = Promise.resolve();
  const drawing = new Map<string, Promise<string>>();
  // one download of the natural voices per studio, whichever window asked; every window hears its progress
  const model = new VoiceModelManager({
    dir: ctx.queue.providers().modelsDir,
    source: ctx.config.voiceModel,
    stopping: ctx.stopping,
    onChange: (state) => ctx.events.emit('voiceModel', state),
  });

  return {
    listVoices: () => listVoices(ctx.queue.providers()),
    speakSample: async ({ voice, text }) => {
      // under previews/, which the page may load; cached, so pressing play twice speaks once
      const r = await voiceCached(await tts(), text ?? SAMPLE_TEXT, voice, { cacheDir: join(dirs.previews, 'voice-samples') });
      return { path: r.audioPath, durationSeconds: r.duration };
    },
    voiceModel: async (action) => (action === 'download' ? model.download() : action === 'pause' ? model.pause() : action === 'cancel' ? model.cancel() : model.state()),
    importVoiceModel: async (source) => model.import('path' in source ? { name: source.name, path: source.path } : { name: source.name, bytes: Buffer.from(source.base64, 'base64') }),
    voiceScene: async (req) => voiceScene(await tts(), req, { cacheDir: join(dirs.voices, 'cache'), template: (id) => templateLibraryFor(ctx).get(id) }),
    // a saved template by id (gallery thumbnails), or a document being edited (the editor's live frame)
    templatePreview: async (ref, preset) => {
      const template = typeof ref === 'string' ? templateLibraryFor(ctx).get(ref) : ref;
      const dir = templatePreviewDir(dirs.cache);
      const key = templatePreviewPath(dir, template, preset);
      // drawn before (this run or an earlier one): answered at once, not queued behind frames being drawn
      if (existsSync(key)) return { path: key };
      let p = drawing.get(key);
      if (!p) {
        p = frames.then(() => renderTemplatePreview(template, { preset, dir, config: ctx.config }));
        frames = p.catch(() => undefined);
        drawing.set(key, p);
        void p.finally(() => drawing.delete(key)).catch(() => undefined);
      }
      return { path: await p };
    },
    listMedia: async () => listMedia(dirs.library, tools().ffprobe.path),
  };
}
