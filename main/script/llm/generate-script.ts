import { StudioError } from '../../../preload/contract/errors';
import { scriptSchema, type Script } from '../../../preload/contract/script';
import type { ScriptParams, Template } from '../../../preload/contract/template';
import { chatCompletion, type ChatMessage, type ChatOptions, type LlmProvider } from './chat-client';

/**
 * A chat service that is not OpenAI-compatible (Anthropic's Messages API, Gemini): the same
 * messages in, the assistant's text out, with its own retries and breaker inside.
 */
export interface ChatBackend {
  name: string;
  chat(messages: ChatMessage[], opts: ChatOptions): Promise<string>;
}

const isBackend = (p: LlmProvider | ChatBackend): p is ChatBackend => typeof (p as ChatBackend).chat === 'function';

export interface GenerateOptions extends ChatOptions {
  /** how many times an answer that is not valid JSON for the schema is sent back for repair */
  maxRepairs?: number;
}

/** The request, built only from the template's structure and the user's parameters. */
export function scriptPrompt(template: Template, params: ScriptParams): ChatMessage[] {
  const s = template.structure;
  const words = Math.round((params.lengthSeconds * template.pacing.wordsPerMinute) / 60);
  const system = [
    'You write narration for short videos. Answer with one JSON object and nothing else, of this shape:',
    '{"title": string, "language": string, "scenes": [{"narration": string, "keywords": string[], "role": "hook"|"point"|"cta"}]}',
    '"keywords" are 2 to 5 concrete, visual nouns in English describing what to show on screen during that scene.',
  ].join('\n');
  const user = [
    `Topic: ${params.topic}`,
    `Audience: ${params.audience}`,
    `Tone: ${params.tone}`,
    `Language of the narration: ${params.language}`,
    `Length: about ${params.lengthSeconds} seconds of narration, about ${words} words in total.`,
    `Structure: one "hook" scene (about ${Math.round(s.hook.share * 100)}% of the length), ` +
      `${s.points.count} "point" scenes (about ${Math.round(s.points.share * 100)}% together), ` +
      `one "cta" call-to-action scene (about ${Math.round(s.cta.share * 100)}%).`,
  ].join('\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

/** Models wrap JSON in prose or code fences despite instructions; take the outermost object. */
export function extractJson(text: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  const body = fenced ? fenced[1]! : text;
  const start = body.indexOf('{');
  const end = body.lastIndexOf('}');
  if (start < 0 || end <= start) throw new SyntaxError('no JSON object in the answer');
  return JSON.parse(body.slice(start, end + 1));
}

/**
 * Asks the model for a script and validates it against the schema. An answer that does not parse
 * or validate is sent back with the exact problems, so the model can correct itself.
 */
export async function generateScript(provider: LlmProvider | ChatBackend, template: Template, params: ScriptParams, opts: GenerateOptions = {}): Promise<Script> {
  const messages = scriptPrompt(template, params);
  const maxRepairs = opts.maxRepairs ?? 2;
  let lastProblem = '';
  for (let round = 0; round <= maxRepairs; round++) {
    const answer = isBackend(provider) ? await provider.chat(messages, opts) : await chatCompletion(provider, messages, opts);
    let problem: string;
    try {
      const parsed = scriptSchema.safeParse(extractJson(answer));
      if (parsed.success) return parsed.data;
      problem = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    } catch (err) {
      problem = `not valid JSON (${(err as Error).message})`;
    }
    lastProblem = problem;
    opts.log?.(`LLM answer rejected (${round + 1}/${maxRepairs + 1}): ${problem}`);
    messages.push(
      { role: 'assistant', content: answer },
      { role: 'user', content: `That answer is invalid: ${problem}. Reply again with only the corrected JSON object.` },
    );
  }
  throw new StudioError('LLM_FAILED', `the model did not return a valid script after ${maxRepairs + 1} tries: ${lastProblem}`);
}
