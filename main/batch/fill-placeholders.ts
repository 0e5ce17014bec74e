import type { Issue } from '../../preload/contract/errors';
import { formatPath } from '../../preload/contract/issues';

const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;

/**
 * Replaces `{{column}}` in every string of a document with the row's value. A string that is
 * exactly one placeholder whose value is a number becomes that number, so `"duration":
 * "{{seconds}}"` works. Unknown columns are reported with the JSON path of the string.
 */
export function fillPlaceholders(doc: unknown, row: Record<string, string>): { value: unknown; issues: Issue[] } {
  const issues: Issue[] = [];
  const walk = (v: unknown, path: PropertyKey[]): unknown => {
    if (typeof v === 'string') {
      const whole = /^\{\{\s*([^{}]+?)\s*\}\}$/.exec(v);
      if (whole && whole[1]! in row) {
        const text = row[whole[1]!]!;
        const n = Number(text);
        return text.trim() !== '' && Number.isFinite(n) ? n : text;
      }
      return v.replace(PLACEHOLDER, (m, name: string) => {
        if (name in row) return row[name]!;
        issues.push({ path: formatPath(path), message: `no column '${name}' in the CSV for ${m}` });
        return m;
      });
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...path, i]));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, [...path, k])]));
    return v;
  };
  return { value: walk(doc, []), issues };
}

export function placeholdersIn(doc: unknown): string[] {
  const found = new Set<string>();
  JSON.stringify(doc).replace(PLACEHOLDER, (_m, name: string) => (found.add(name), ''));
  return [...found];
}
