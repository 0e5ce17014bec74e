import type { StudioHandlers } from '../../preload/contract/studio-api';
import { enqueueMake } from '../make/enqueue-make';
import { toJobView } from './job-view';
import { templateLibraryFor } from './template-handlers';
import { loadSettings } from './settings-store';
import type { StudioContext } from './studio-context';
import type { StudioSettings } from '../../preload/contract/settings';
import { StudioError } from '../../preload/contract/errors';
import { allowedOutputFolders, userVideosDir, type OutputDoor } from '../files/output-policy';

/**
 * The desktop app (IPC) is the user at the keyboard; the bridge, REST and MCP serve other
 * programs, which write only under the allowed folders (Settings → Output folders).
 */
/** Unfinished jobs (waiting, running, paused) beyond which REST, MCP and the bridge may queue no more. */
export const MAX_UNFINISHED_FROM_AGENTS = 100;

export function outputDoor(ctx: Pick<StudioContext, 'transport' | 'dirs' | 'config'>, settings: StudioSettings): { door: OutputDoor; allowedFolders: string[] } {
  if (ctx.transport === 'ipc') return { door: 'local', allowedFolders: [] };
  const videos = userVideosDir(ctx.config.env, ctx.config.platform);
  return { door: 'agent', allowedFolders: allowedOutputFolders(ctx.dirs.home, settings.outputFolders, videos) };
}

/**
 * The studio's door to the make pipeline: "New video" (render: false, stops when the voiced
 * project is in the library), an export of a made video, and the agent servers all come here and
 * enqueue the same job the CLI's `make` does.
 */
export function createMakeHandlers(ctx: StudioContext): Pick<StudioHandlers, 'createVideo'> {
  return {
    createVideo: async (request) => {
      const template = templateLibraryFor(ctx).get(request.templateId);
      const settings = loadSettings(ctx.db);
      // Programs may fill the queue only so far: a loop of submissions must not queue thousands of renders.
      if (ctx.transport !== 'ipc') {
        const unfinished = ctx.queue.count(['waiting', 'active', 'paused']);
        if (unfinished >= MAX_UNFINISHED_FROM_AGENTS) throw new StudioError('BUSY', `the queue already holds ${unfinished} unfinished jobs (at most ${MAX_UNFINISHED_FROM_AGENTS} for programs); wait for some to finish, or cancel some`, { retryAfterSeconds: 30 });
      }
      const llm = settings.llm;
      // the encoder chosen in Settings, unless the request names one
      const encoder = request.encoder ?? (settings.encoder !== 'auto' ? settings.encoder : undefined);
      const job = await enqueueMake(ctx.queue, { ...request, ...(encoder ? { encoder } : {}) }, {
        library: ctx.dirs.library,
        rendersDir: ctx.dirs.renders,
        template,
        llm: llm.baseUrl && llm.model ? llm : undefined,
        ...outputDoor(ctx, settings),
        // Settings → Render farm: the render goes to the farm's workers; the provider stages stay here
        ...(settings.farm.enabled && ctx.config.farm ? { farm: { chunkSeconds: settings.farm.chunkSeconds } } : {}),
      });
      return toJobView(job);
    },
  };
}
