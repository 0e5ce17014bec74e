import { runTool } from '../run-tool';

export interface IpaOptions {
  binary: string;
  /** espeak-ng voice used for phonemes (en-us, en-gb, es, fr-fr, …) */
  voice: string;
  signal?: AbortSignal;
  tag?: string;
}

/**
 * espeak-ng's IPA for each line, in one run: `--ipa=3` ties diphthongs and affricates with U+200D,
 * and `-l` makes every line end a clause (without it espeak joins short lines, and is slow on them).
 * espeak writes one line per clause; each input line is free of clause punctuation, so normally one
 * output line answers each input line. If espeak splits a line anyway, the lines are spoken one run
 * each, so the answer always lines up with the question.
 */
export async function espeakIpa(lines: string[], opts: IpaOptions): Promise<string[]> {
  if (lines.length === 0) return [];
  const run = async (input: string) =>
    (await runTool(opts.binary, ['-q', '--ipa=3', '-l', '100000', '-v', opts.voice, '--stdin'], { input, signal: opts.signal, tag: opts.tag, label: 'espeak-ng (phonemes)' })).stdout
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
  const safe = lines.map((l) => l.replace(/[\r\n]+/g, ' ').trim());
  const all = await run(`${safe.join('\n')}\n`);
  if (all.length === safe.length) return all;
  const out: string[] = [];
  for (const line of safe) out.push(line ? (await run(`${line}\n`)).join(' ') : '');
  return out;
}
