import { StudioError, type Issue } from '../../preload/contract/errors';

export interface DescribedError {
  /** what a creator reads: sentences, no JSON paths */
  summary: string;
  /** the raw message, the code and the paths, for a details disclosure */
  details?: string;
}

const fieldWords: Record<string, string> = {
  script: 'Script',
  topic: 'Topic',
  title: 'Title',
  voice: 'Voice',
  templateId: 'Template',
  narration: 'narration',
  visual: 'picture',
  path: 'file',
  audio: 'narration audio',
  music: 'music',
  duration: 'length',
  words: 'word timings',
  width: 'width',
  height: 'height',
  fps: 'frame rate',
  quality: 'quality',
  encoder: 'encoder',
  outputDir: 'output folder',
  caption: 'captions',
};

/** `scenes[3].visual.path` → “Scene 4, picture file”; `0.script` (an argument) → “Script”. */
export function placeInWords(path: string): string {
  const parts = path.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean);
  // a leading argument index says nothing to a creator
  if (/^\d+$/.test(parts[0] ?? '')) parts.shift();
  const words: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p === 'scenes' && /^\d+$/.test(parts[i + 1] ?? '')) {
      words.push(`Scene ${Number(parts[++i]) + 1}`);
      continue;
    }
    if (/^\d+$/.test(p) || p === 'settings' || p === 'style' || p === 'project') continue;
    words.push(fieldWords[p] ?? p);
  }
  const [head, ...rest] = words;
  if (!head) return '';
  return [head, rest.join(' ')].filter(Boolean).join(', ');
}

const issuesOf = (err: StudioError): Issue[] => {
  const d = err.details as { issues?: unknown } | undefined;
  return Array.isArray(d?.issues) ? (d.issues as Issue[]).filter((i) => typeof i?.message === 'string') : [];
};

/**
 * A failure as a creator should read it: the first sentence of the message and each problem with
 * its place in words; the paths, the code and any command line go in the details.
 */
export function describeError(err: unknown, context?: string): DescribedError {
  const message = err instanceof Error ? err.message : String(err);
  const prefix = context ? `${context}: ` : '';
  if (!(err instanceof StudioError)) return { summary: `${prefix}${message}` };
  const issues = issuesOf(err);
  const head = message.split('\n')[0]!.replace(/:\s*$/, '').replace(/^bad arguments for \w+$/, 'some fields need fixing');
  const lines = issues.map((i) => {
    const where = placeInWords(i.path);
    return where ? `${where}: ${i.message}` : i.message;
  });
  const summary = `${prefix}${head}${lines.length ? `\n${lines.map((l) => `• ${l}`).join('\n')}` : ''}`;
  const extra = (err.details as { commandLine?: string; stderr?: string } | undefined) ?? {};
  const details = [
    `code: ${err.code}`,
    ...(issues.length ? issues.map((i) => `${i.path || '(document)'}: ${i.message}`) : message.includes('\n') ? [message] : []),
    ...(typeof extra.commandLine === 'string' ? [`command: ${extra.commandLine}`] : []),
    ...(typeof extra.stderr === 'string' && extra.stderr.trim() ? [`output: ${extra.stderr.trim().slice(-600)}`] : []),
  ].join('\n');
  return { summary, details };
}
