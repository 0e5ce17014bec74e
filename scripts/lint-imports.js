#!/usr/bin/env node
// The house's layering, checked: which room may import which. Reads every source file's import
// specifiers as text and resolves them as paths only (no build, no module resolution), so an import
// against the grain is caught by where it points even when the target does not exist.
// Usage: node scripts/lint-imports.js [root]   (exit 1 and one line per broken rule)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(process.argv[2] ?? new URL('..', import.meta.url).pathname);
const sources = ['main', 'preload', 'renderer', 'native'];

/** Each rule: the files it governs, and what they may not import (a reason for the message). */
const rules = [
  { from: 'renderer/', forbid: (t) => t !== null && (t.startsWith('main/') || t.startsWith('native/')), why: 'the renderer talks to main only through the contract in preload/' },
  { from: 'native/', forbid: (t) => t !== null && t.startsWith('main/'), why: 'native/ holds clients of native programs; it knows nothing of the app' },
  {
    from: 'preload/contract/',
    forbid: (t, spec) => (t === null ? spec !== 'zod' && !spec.startsWith('zod/') : !t.startsWith('preload/contract/')),
    why: 'the contract is types and zod schemas only',
  },
  { from: 'main/queue/', forbid: (t) => t !== null && (t.startsWith('main/make/') || t.startsWith('main/pipeline/')), why: 'the queue knows no job kinds: stages are given to it where it is built' },
  {
    from: '',
    // the contextBridge script is the one other file that must speak to Electron
    forbid: (t, spec, file) => t === null && (spec === 'electron' || spec.startsWith('electron/')) && !file.startsWith('main/app/') && file !== 'preload/index.ts',
    why: "only main/app/ (and the preload's bridge script) import 'electron'",
  },
];

function walk(dir) {
  let found = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) found = found.concat(walk(full));
    else if (/\.(ts|tsx|js|mjs|cjs)$/.test(name)) found.push(full);
  }
  return found;
}

// import … from '…', import '…', export … from '…', import('…'), require('…')
const specifiers = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"])([^'"\n]+)\1/g;

const problems = [];
for (const top of sources) {
  let files = [];
  try {
    files = walk(join(root, top));
  } catch {
    continue; // a folder this tree does not have
  }
  for (const full of files) {
    const file = relative(root, full).split(sep).join('/');
    const text = readFileSync(full, 'utf8');
    for (const m of text.matchAll(specifiers)) {
      const spec = m[2];
      const target = spec.startsWith('.') ? relative(root, resolve(dirname(full), spec)).split(sep).join('/') : null;
      for (const rule of rules) {
        if (!file.startsWith(rule.from) || !rule.forbid(target, spec, file)) continue;
        const line = text.slice(0, m.index).split('\n').length;
        problems.push(`${file}:${line}: imports '${spec}' — ${rule.why}`);
      }
    }
  }
}
for (const p of problems) console.error(p);
if (problems.length) {
  console.error(`${problems.length} import${problems.length === 1 ? '' : 's'} against the layering`);
  process.exit(1);
}
console.log('layering ok');
