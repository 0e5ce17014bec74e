/**
 * What ships inside Reelforge that someone else made, with its licence: shown in Settings →
 * Credits, listed in assets/CREDITS.md, and written beside an exported video when the video uses
 * it (a designed scene's emoji), the way stock media's authors are.
 */
export interface BundledCredit {
  /** what it is in the app */
  what: string;
  name: string;
  author: string;
  license: string;
  url: string;
}

export const EMOJI_CREDIT: BundledCredit = {
  what: 'illustrations of designed scenes',
  name: 'Fluent Emoji (Flat)',
  author: 'Microsoft Corporation',
  license: 'MIT',
  url: 'https://github.com/microsoft/fluentui-emoji',
};

export const bundledCredits: BundledCredit[] = [
  EMOJI_CREDIT,
  { what: 'emoji keywords in every language (CLDR annotations)', name: 'emojibase-data', author: 'Miles Johnson and the Unicode CLDR project', license: 'MIT (data: Unicode License)', url: 'https://emojibase.dev' },
  { what: 'drawing designed scenes (SVG to pictures)', name: 'resvg-js', author: 'yisibl and the resvg authors', license: 'MPL-2.0', url: 'https://github.com/yisibl/resvg-js' },
  { what: 'the default typeface', name: 'Inter', author: 'The Inter Project Authors', license: 'SIL Open Font License 1.1', url: 'https://rsms.me/inter' },
];
