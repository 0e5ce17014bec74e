/**
 * Splits narration into the words a viewer reads in captions. Offsets are in code points (not
 * UTF-16 units) because that is how espeak-ng reports the position of a word it speaks, and an
 * emoji must count as one character on both sides.
 */
export interface TextWord {
  text: string;
  /** code-point offset of the first character, 0-based */
  start: number;
  /** code-point offset one past the last character */
  end: number;
}

const speakable = /[\p{L}\p{N}\p{Extended_Pictographic}]/u;

export function splitWords(text: string): TextWord[] {
  const chars = Array.from(text);
  const raw: TextWord[] = [];
  let i = 0;
  while (i < chars.length) {
    while (i < chars.length && /\s/u.test(chars[i]!)) i++;
    const start = i;
    while (i < chars.length && !/\s/u.test(chars[i]!)) i++;
    if (i > start) raw.push({ text: chars.slice(start, i).join(''), start, end: i });
  }
  // A lone dash or quote is not a word on its own: it rides with its neighbour, so captions never
  // show "—" as a page's only word and timing has nothing to place.
  const words: TextWord[] = [];
  for (const w of raw) {
    const prev = words[words.length - 1];
    if (!speakable.test(w.text) && prev) {
      prev.text = `${prev.text} ${w.text}`;
      prev.end = w.end;
    } else if (prev && !speakable.test(prev.text)) {
      words[words.length - 1] = { text: `${prev.text} ${w.text}`, start: prev.start, end: w.end };
    } else {
      words.push({ ...w });
    }
  }
  return words;
}
