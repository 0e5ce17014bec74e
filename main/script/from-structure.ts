import { InvalidInputError } from '../../preload/contract/errors';
import type { Script, ScriptScene } from '../../preload/contract/script';
import type { ScriptParams, Template } from '../../preload/contract/template';
import { keywordsOf } from './keywords';

export interface StructureContent {
  /** the main points, in order; each becomes one scene */
  points: string[];
  /** overrides of the template's hook and call to action */
  hook?: string;
  cta?: string;
}

/** Fills {placeholders} from the parameters; an unknown placeholder is left visible, not dropped. */
export function fillPhrase(phrase: string, values: Record<string, string | number>): string {
  return phrase.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m)).replace(/\s+/g, ' ').trim();
}

/** The template's phrase in the script's language, or in its base language (fr-CA → fr), or English. */
export function phraseFor(phrases: Record<string, string>, language: string): string {
  const base = language.split(/[-_]/)[0]!.toLowerCase();
  const found = phrases[language] ?? phrases[base] ?? phrases.en ?? Object.values(phrases)[0];
  if (!found) throw new InvalidInputError('the template has an empty phrase table');
  return found;
}

/**
 * A script from a template's structure without any model: hook, the user's main points, call to
 * action. The words come from the template (per language) and the user's parameters only.
 */
export function scriptFromStructure(template: Template, params: ScriptParams, content: StructureContent): Script {
  const points = content.points.map((p) => p.trim()).filter(Boolean);
  if (points.length === 0) throw new InvalidInputError('a structured script needs at least one main point', [{ path: 'points', message: 'is empty' }]);
  const s = template.structure;
  const values = { topic: params.topic, audience: params.audience, tone: params.tone, n: points.length };
  const scene = (narration: string, role: ScriptScene['role']): ScriptScene => ({ narration, role, keywords: keywordsOf(narration, params.language) });
  return {
    title: params.topic,
    language: params.language,
    scenes: [
      scene(content.hook ?? fillPhrase(phraseFor(s.hook.phrase, params.language), values), 'hook'),
      ...points.map((point, i) => scene(fillPhrase(phraseFor(s.points.phrase, params.language), { ...values, point, n: i + 1 }), 'point')),
      scene(content.cta ?? fillPhrase(phraseFor(s.cta.phrase, params.language), values), 'cta'),
    ],
  };
}
