import type { Script } from '../../preload/contract/script';
import { scriptParamsSchema, type Template } from '../../preload/contract/template';
import { scriptFromStructure } from './from-structure';
import { generateScript } from './llm/generate-script';
import type { LlmProvider } from './llm/chat-client';

export interface TopicRequest {
  topic: string;
  points: string[];
  llm?: LlmProvider;
  audience?: string;
  tone?: string;
  lengthSeconds?: number;
  language?: string;
}

/**
 * A topic becomes a script: written by the LLM when one is given, otherwise laid out from the
 * template's structure with the user's main points. Unset parameters come from the template's
 * defaults, so nothing about audience, tone or length is decided in code.
 */
export async function scriptForTopic(template: Template, req: TopicRequest, opts: { signal?: AbortSignal; log?: (line: string) => void } = {}): Promise<Script> {
  const defined = Object.fromEntries(Object.entries({ audience: req.audience, tone: req.tone, lengthSeconds: req.lengthSeconds, language: req.language }).filter(([, v]) => v !== undefined && v !== ''));
  const params = scriptParamsSchema.parse({ ...template.defaults, ...defined, topic: req.topic });
  if (req.llm) return generateScript(req.llm, template, params, { signal: opts.signal, log: opts.log });
  return scriptFromStructure(template, params, { points: req.points });
}
