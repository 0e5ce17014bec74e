import type { StudioHandlers } from '../../preload/contract/studio-api';
import { locateTools } from '../config/runtime-config';
import { captionVideo } from '../captions/caption-video';
import { voiceCacheDir } from '../pipeline/stages/voice-stage';
import { voiceCached } from '../make/voice-cache';
import { voicesFor } from '../voices/resolve-voice';
import { scriptForTopic } from '../script/script-for-topic';
import { toJobView } from './job-view';
import { templateLibraryFor } from './template-handlers';
import { loadSettings } from './settings-store';
import { outputDoor } from './make-handlers';
import { checkOutputPath } from '../files/output-policy';
import type { StudioContext } from './studio-context';

type AgentHandlers = Pick<StudioHandlers, 'getJob' | 'generateScript' | 'synthesizeVoice' | 'captionVideo'>;

/**
 * The pieces of the make pipeline an agent may want on their own: one job, a script for a topic,
 * speech with word timings, captions for a video made elsewhere. The MCP server and the REST API
 * reach them through dispatch like every other method.
 */
export function createAgentHandlers(ctx: StudioContext): AgentHandlers {
  // the same templates createVideo sees: built-in, <home>/templates files, and the user's own
  const template = (id: string) => templateLibraryFor(ctx).get(id);
  return {
    getJob: async (id) => toJobView(ctx.queue.get(id)),
    generateScript: async (req) => {
      // exactly as createVideo's script stage decides: the request's LLM (else the one in Settings), else a ready provider, else the template
      const configured = loadSettings(ctx.db).llm;
      const llm = req.llm ?? (configured.baseUrl && configured.model ? configured : undefined);
      return scriptForTopic(template(req.templateId), { ...req, llm }, { providers: ctx.queue.providers() });
    },
    synthesizeVoice: async ({ text, voice, speed }) => {
      // the make pipeline's own cache: a text spoken here is not spoken again when a video uses it
      const r = await voiceCached(await voicesFor(ctx.queue.providers()), text, voice, { cacheDir: voiceCacheDir(ctx.dirs.home), speed });
      return { path: r.audioPath, durationSeconds: r.duration, words: r.words, timing: r.timing, voice: r.voiceId };
    },
    captionVideo: async (req) => {
      const located = locateTools(ctx.config);
      const { door, allowedFolders } = outputDoor(ctx, loadSettings(ctx.db));
      return captionVideo({
        checkOutput: (file) => void checkOutputPath(file, { home: ctx.dirs.home, door, allowed: allowedFolders, inputs: [{ file: req.video, what: 'the video being captioned' }] }),
        video: req.video,
        script: req.script,
        formats: req.formats,
        style: template(req.templateId).style.caption,
        outputDir: req.outputDir,
        tools: { ffmpeg: located.ffmpeg.path, ffprobe: located.ffprobe.path },
      });
    },
  };
}
