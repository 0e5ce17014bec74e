import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError } from '../../../preload/contract/errors';
import { scriptSchema, type Script } from '../../../preload/contract/script';
import { scriptParamsSchema } from '../../../preload/contract/template';
import type { StageDefinition } from '../../queue/stage';
import { scriptFromStructure } from '../../script/from-structure';
import { generateScript } from '../../script/llm/generate-script';
import { splitScript } from '../../script/split-text';
import { makeInput } from './previous';

/**
 * Script: the user's text split into scenes, or a topic written by the LLM (when the request or
 * Settings name one), or the template's structure (hook, points, call to action) filled in.
 * Writes script.json: the scenes' narration and keywords, which every later stage reads.
 */
export const scriptStage: StageDefinition = {
  name: 'script',
  version: 1,
  weight: 1,
  resource: () => 'light',
  async run(ctx) {
    const { request: r, template } = makeInput(ctx);
    const params = scriptParamsSchema.parse({
      ...template.defaults,
      ...(r.audience ? { audience: r.audience } : {}),
      ...(r.tone ? { tone: r.tone } : {}),
      ...(r.lengthSeconds ? { lengthSeconds: r.lengthSeconds } : {}),
      ...(r.language ? { language: r.language } : {}),
      topic: r.topic ?? '',
    });
    let script: Script;
    if (r.script !== undefined) {
      script = splitScript(r.script, { targetSceneSeconds: template.pacing.targetSceneSeconds, wordsPerMinute: template.pacing.wordsPerMinute, language: params.language });
      if (script.scenes.length === 0) throw new InvalidInputError('the script has no text to narrate');
    } else if (r.llm) {
      ctx.log(`asking ${r.llm.model} at ${r.llm.baseUrl} for a script`);
      script = await generateScript(r.llm, template, params, { signal: ctx.signal, log: ctx.log });
    } else {
      script = scriptFromStructure(template, params, { points: r.points });
    }
    const final = scriptSchema.parse({ ...script, title: r.title ?? script.title, language: script.language || params.language });
    const file = join(ctx.session.work, 'script.json');
    writeFileSync(file, JSON.stringify(final, null, 1));
    ctx.progress(1);
    return { file };
  },
};
