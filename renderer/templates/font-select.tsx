import { useEffect } from 'react';
import type { UserFont } from '../../preload/contract/project';
import { useConnection } from '../app/studio-context';
import interRegular from '../../assets/fonts/Inter-Regular.ttf?url';
import interBold from '../../assets/fonts/Inter-Bold.ttf?url';

export interface FontLists {
  bundled: string[];
  looks: string[];
  system: string[];
  user: UserFont[];
}

/**
 * The fonts a template can name, in groups a person recognises: what ships with Reelforge, what
 * the built-in looks use, the user's own, and every family installed on this computer. A family
 * is listed once, in the first group it belongs to.
 */
export function fontGroups(fonts: FontLists, current: string[]): Array<{ label: string; families: string[] }> {
  const seen = new Set<string>();
  const take = (list: string[]) => list.filter((f) => f && !seen.has(f.toLowerCase()) && seen.add(f.toLowerCase()));
  const installed = new Set([...fonts.bundled, ...fonts.system].map((f) => f.toLowerCase()));
  const groups = [
    { label: 'Bundled with Reelforge', families: take(fonts.bundled) },
    { label: 'Used by the built-in looks', families: take(fonts.looks.filter((f) => installed.has(f.toLowerCase()))) },
    { label: 'Your fonts', families: take([...fonts.user.map((f) => f.family)]) },
    { label: 'On this computer', families: take(fonts.system) },
    // a family the template names or carries that no list has (not on this computer): still shown, so the choice is not silently changed
    { label: 'In this template', families: take(current) },
  ];
  return groups.filter((g) => g.families.length);
}

const faces = new Set<string>();

/** Makes the bundled and imported fonts drawable in the page, so each option can be shown in itself. */
function useFontFaces(user: UserFont[]) {
  const { mediaUrl } = useConnection();
  useEffect(() => {
    const add = (family: string, url: string, weight: string) => {
      const key = `${family}|${url}`;
      if (faces.has(key)) return;
      faces.add(key);
      const face = new FontFace(family, `url("${url}")`, { weight });
      document.fonts.add(face);
      face.load().catch(() => faces.delete(key)); // a face that cannot load falls back to the page's font
    };
    add('Inter', interRegular, '400');
    add('Inter', interBold, '700');
    for (const f of user) add(f.family, mediaUrl(f.file), '400');
  }, [user, mediaUrl]);
}

/** A font picker whose options, and a sample line under it, are drawn in their own faces. */
export function FontSelect(props: { label: string; value: string; fonts: FontLists; extra: string[]; onChange(family: string): void; testId: string }) {
  useFontFaces(props.fonts.user);
  const groups = fontGroups(props.fonts, [props.value, ...props.extra]);
  const face = (f: string) => `"${f.replace(/"/g, '')}", system-ui, sans-serif`;
  return (
    <label className="font-select">
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)} style={{ fontFamily: face(props.value) }} data-testid={props.testId}>
        {groups.map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.families.map((f) => (
              <option key={f} value={f} style={{ fontFamily: face(f) }}>
                {f}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <span className="font-sample" style={{ fontFamily: face(props.value) }} data-testid={`${props.testId}-sample`}>
        The quick brown fox
      </span>
    </label>
  );
}
