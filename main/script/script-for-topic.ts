import type { Script } from '../../preload/contract/script';
import { scriptParamsSchema, type ScriptParams, type Template } from '../../preload/contract/template';
import { chatBackendFor } from '../providers/factories';
import { createRegistry } from '../providers/registry';
import type { ProviderContext } from '../providers/types';
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

export interface TopicOptions {
  /** online and local script providers; absent = only an LLM named in the request */
  providers?: ProviderContext;
  /** told which provider wrote the script and why (the make job records it in its events) */
  chose?: (kind: string, provider: string | undefined, reason: string) => void;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

/**
 * A topic becomes a script — the one decision the make pipeline's script stage and the agents'
 * generate_script share: the LLM the request names; else the script provider the registry finds
 * ready (a local server that answers, a hosted one with a key, each with a model named in
 * REELFORGE_<ID>_MODEL); else the template's structure with the user's main points. Unset
 * parameters come from the template's defaults: nothing about audience, tone or length is in code.
 */
export async function scriptForTopic(template: Template, req: TopicRequest, opts: TopicOptions = {}): Promise<Script> {
  const defined = Object.fromEntries(Object.entries({ audience: req.audience, tone: req.tone, lengthSeconds: req.lengthSeconds, language: req.language }).filter(([, v]) => v !== undefined && v !== ''));
  const params = scriptParamsSchema.parse({ ...template.defaults, ...defined, topic: req.topic });
  if (req.llm) {
    opts.chose?.('script', 'openai-compatible', `script: ${req.llm.model} at ${req.llm.baseUrl}, as asked`);
    return generateScript(req.llm, template, params, { signal: opts.signal, log: opts.log });
  }
  if (opts.providers) {
    const written = await fromProvider(template, params, opts.providers, opts);
    if (written) return written;
  }
  return scriptFromStructure(template, params, { points: req.points });
}

async function fromProvider(template: Template, params: ScriptParams, providers: ProviderContext, opts: TopicOptions): Promise<Script | undefined> {
  const sel = await createRegistry().select('script', { language: params.language }, providers);
  const id = sel.provider?.id;
  if (!id || id === 'template') {
    opts.chose?.('script', 'template', sel.reason);
    return undefined;
  }
  const variable = `REELFORGE_${id.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_MODEL`;
  const model = providers.env[variable]?.trim();
  if (!model) {
    opts.chose?.('script', 'template', `${sel.reason}; but no model is named (set ${variable}), so the template's structure writes it`);
    return undefined;
  }
  opts.chose?.('script', id, `${sel.reason}; model ${model}`);
  return generateScript(chatBackendFor(id, providers, model), template, params, { signal: opts.signal, log: opts.log });
}
