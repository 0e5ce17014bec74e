import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError } from '../../../preload/contract/errors';
import { scriptSchema, type Script } from '../../../preload/contract/script';
import { scriptParamsSchema, type ScriptParams, type Template } from '../../../preload/contract/template';
import { chatBackendFor } from '../../providers/factories';
import { createRegistry } from '../../providers/registry';
import type { StageContext, StageDefinition } from '../../queue/stage';
import { scriptFromStructure } from '../../script/from-structure';
import { generateScript } from '../../script/llm/generate-script';
import { splitScript } from '../../script/split-text';
import { makeInput } from './previous';

/**
 * A topic with no LLM named: the registry picks a ready script provider (a local server that
 * answers, or a hosted one with a key and a model set in REELFORGE_<ID>_MODEL); none ready, or
 * the template's own structure chosen, means the template writes it.
 */
async function scriptFromProvider(ctx: StageContext, template: Template, params: ScriptParams): Promise<Script | undefined> {
  const sel = await createRegistry().select('script', { language: params.language }, ctx.providers);
  const id = sel.provider?.id;
  if (!id || id === 'template') {
    ctx.chose('script', 'template', sel.reason);
    return undefined;
  }
  const model = ctx.providers.env[`REELFORGE_${id.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_MODEL`]?.trim();
  if (!model) {
    ctx.chose('script', 'template', `${sel.reason}; but no model is named (set REELFORGE_${id.toUpperCase()}_MODEL), so the template's structure writes it`);
    return undefined;
  }
  ctx.chose('script', id, `${sel.reason}; model ${model}`);
  return generateScript(chatBackendFor(id, ctx.providers, model), template, params, { signal: ctx.signal, log: ctx.log });
}

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
      ctx.chose('script', 'openai-compatible', `script: ${r.llm.model} at ${r.llm.baseUrl}, as the request named it`);
      script = await generateScript(r.llm, template, params, { signal: ctx.signal, log: ctx.log });
    } else {
      script = (await scriptFromProvider(ctx, template, params)) ?? scriptFromStructure(template, params, { points: r.points });
    }
    const final = scriptSchema.parse({ ...script, title: r.title ?? script.title, language: script.language || params.language });
    const file = join(ctx.session.work, 'script.json');
    writeFileSync(file, JSON.stringify(final, null, 1));
    ctx.progress(1);
    return { file };
  },
};
