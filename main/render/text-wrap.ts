/**
 * Breaks text into lines of at most `maxChars` characters at spaces (a longer word stands alone).
 * Counting code points rather than UTF-16 units keeps emoji and non-Latin scripts from being split.
 */
export function wrapText(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if ([...candidate].length > maxChars && line) {
        lines.push(line);
        line = word;
      } else line = candidate;
    }
    lines.push(line);
  }
  return lines;
}
