import { execFile } from 'node:child_process';

/**
 * The font families installed on this computer, as fontconfig lists them (`fc-list`, which libass
 * itself asks on Linux, so a family listed here is one a render can draw). Where there is no
 * fontconfig (Windows, macOS without it) the list is empty and the pickers offer the bundled and
 * imported fonts only. One look per process: installing a font needs a restart to be offered.
 */
let listed: Promise<string[]> | undefined;

export function systemFontFamilies(run: typeof execFile = execFile): Promise<string[]> {
  listed ??= new Promise((resolve) => {
    run('fc-list', [':', 'family'], { timeout: 10_000, maxBuffer: 8 * 1024 * 1024, encoding: 'utf8' }, (err, stdout) => resolve(err ? [] : parseFcListFamilies(String(stdout))));
  });
  return listed;
}

/** `fc-list : family` prints "Family,Localised or style name" per face: the first name is the family libass matches. */
export function parseFcListFamilies(stdout: string): string[] {
  const names = new Set<string>();
  for (const line of stdout.split('\n')) {
    const family = line.split(',')[0]!.replace(/\\-/g, '-').trim();
    if (family && !family.startsWith('.')) names.add(family);
  }
  return [...names].sort((a, b) => a.localeCompare(b));
}
