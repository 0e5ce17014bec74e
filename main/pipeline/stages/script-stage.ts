import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError } from '../../../preload/contract/errors';
import { scriptSchema, type Script } from '../../../preload/contract/script';
import type { StageDefinition } from '../../queue/stage';
import { scriptForTopic } from '../../script/script-for-topic';
import { splitScript } from '../../script/split-text';
import { makeInput } from './previous';

/**
 * Script: the user's text split into scenes, or a topic made a script by scriptForTopic (the LLM
 * the request names, a ready script provider, or the template's structure — the same decision
 * the agents' generate_script makes), its choice recorded in the job's events.
 * Writes script.json: the scenes' narration and keywords, which every later stage reads.
 */
export const scriptStage: StageDefinition = {
  name: 'script',
  version: 1,
  weight: 1,
  // an LLM that trickles its answer cannot hold the job: the stage stops after this, whatever the calls do
  deadlineMs: 10 * 60_000,
  resource: () => 'light',
  async run(ctx) {
    const { request: r, template } = makeInput(ctx);
    const language = r.language ?? template.defaults.language;
    let script: Script;
    if (r.script !== undefined) {
      script = splitScript(r.script, { targetSceneSeconds: template.pacing.targetSceneSeconds, wordsPerMinute: template.pacing.wordsPerMinute, language, speakers: Object.keys(r.speakers ?? {}) });
      if (script.scenes.length === 0) throw new InvalidInputError('the script has no text to narrate');
    } else {
      script = await scriptForTopic(template, { topic: r.topic ?? '', points: r.points, llm: r.llm, audience: r.audience, tone: r.tone, lengthSeconds: r.lengthSeconds, language: r.language }, { providers: ctx.providers, chose: ctx.chose, signal: ctx.signal, log: ctx.log });
    }
    const final = scriptSchema.parse({ ...script, title: r.title ?? script.title, language: script.language || language });
    const file = join(ctx.session.work, 'script.json');
    writeFileSync(file, JSON.stringify(final, null, 1));
    ctx.progress(1);
    return { file };
  },
};
