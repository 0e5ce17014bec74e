import { join } from 'node:path';
import type { StudioHandlers } from '../../preload/contract/studio-api';
import { enqueueMake } from '../make/enqueue-make';
import { builtInTemplateDir, findTemplate } from '../templates/load-templates';
import { toJobView } from './job-view';
import { loadSettings } from './settings-store';
import type { StudioContext } from './studio-context';

/**
 * The studio's door to the make pipeline: "New video" (render: false, stops when the voiced
 * project is in the library), an export of a made video, and the agent servers all come here and
 * enqueue the same job the CLI's `make` does.
 */
export function createMakeHandlers(ctx: StudioContext): Pick<StudioHandlers, 'createVideo'> {
  return {
    createVideo: async (request) => {
      const template = findTemplate(request.templateId, [builtInTemplateDir, join(ctx.dirs.home, 'templates')]);
      const settings = loadSettings(ctx.db);
      const llm = settings.llm;
      // the encoder chosen in Settings, unless the request names one
      const encoder = request.encoder ?? (settings.encoder !== 'auto' ? settings.encoder : undefined);
      const job = await enqueueMake(ctx.queue, { ...request, ...(encoder ? { encoder } : {}) }, {
        library: ctx.dirs.library,
        rendersDir: ctx.dirs.renders,
        template,
        llm: llm.baseUrl && llm.model ? llm : undefined,
      });
      return toJobView(job);
    },
  };
}
