/**
 * Text that goes into an FFmpeg filter graph passes two parsers: the option parser of the filter
 * (`key=value:key=value`, where `\`, `'` and `:` are special) and then the graph parser (where
 * `\`, `'`, `[`, `]`, `,` and `;` are special). Escaping once for each level, innermost first, is
 * the documented way to get arbitrary text through both.
 */
export function escapeOptionValue(value: string): string {
  return value.replace(/[\\':]/g, (c) => `\\${c}`);
}

export function escapeGraphLevel(value: string): string {
  return value.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

/** A value for `filter=key=<value>` inside -filter_complex. */
export function filterArg(value: string): string {
  return escapeGraphLevel(escapeOptionValue(value));
}

/**
 * drawtext's `text=`: with `expansion=none` the filter itself treats nothing specially, so the two
 * generic levels suffice; `%` stays literal. Control characters other than newline are dropped
 * because drawtext draws them as boxes.
 */
export function drawtextText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return filterArg(text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ''));
}

/**
 * ASS dialogue text: `{`/`}` open override blocks and `\` starts tags (`\N` newline). ASS has no
 * escape for `{`, so braces are replaced by look-alike full-width brackets rather than dropped;
 * a backslash is followed by a zero-width joiner so that `\N` in user text stays literal.
 */
export function assText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\\/g, '\\\u2060')
    .replace(/\{/g, '\uFF5B')
    .replace(/\}/g, '\uFF5D')
    .replace(/\n/g, '\\N');
}
