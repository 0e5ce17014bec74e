/**
 * `NAME: text` lines: who speaks a line of a script. A name counts as a speaker when the request
 * maps it to a voice, or when it is written in capitals as scripts write speakers ("ANNA:") —
 * so "Tip: check the tyres" stays narration. The tag is taken off here, before anything else
 * reads the script, so it shows up in no narration, caption or title.
 */
const TAG = /^(\p{Lu}[\p{L}\p{N}’'. -]{0,39}?)\s*:\s+(\S.*)$/su;

export interface SpeakerLine {
  speaker?: string;
  text: string;
}

/** The line's speaker and its text without the tag; a line with no speaker comes back as it was. */
export function speakerOf(line: string, mapped: readonly string[] = []): SpeakerLine {
  const m = TAG.exec(line.trim());
  if (!m) return { text: line };
  const name = m[1]!.trim();
  const known = mapped.some((n) => n.trim().toLowerCase() === name.toLowerCase());
  const capitals = name === name.toUpperCase() && /\p{Lu}.*\p{Lu}/su.test(name);
  if (!known && !capitals) return { text: line };
  return { speaker: mapped.find((n) => n.trim().toLowerCase() === name.toLowerCase())?.trim() ?? name, text: m[2]!.trim() };
}

/** The speakers a script's lines name, in order of appearance (the studio offers a voice for each). */
export function speakersIn(script: string, mapped: readonly string[] = []): string[] {
  const names: string[] = [];
  for (const line of script.split(/\r?\n/)) {
    const s = speakerOf(line, mapped).speaker;
    if (s && !names.includes(s)) names.push(s);
  }
  return names;
}
