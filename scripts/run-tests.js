#!/usr/bin/env node
// Runs the *.test.ts files under test/ with Node's own test runner (through tsx).
//   npm test                 every file, two at a time (files are independent: each test makes its
//                            own home, temp folders and loopback ports)
//   npm run test:unit        the pure tests listed in test/unit.txt (no FFmpeg, browser or server)
//   npm test -- render       only files whose path contains a fragment
//   --serial                 one file at a time (for reading a failure's output in order)
// Before files run in parallel, the renderer is built once for all of them, so two end-to-end files
// never rewrite dist/renderer under each other.
import { availableParallelism } from 'node:os';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const unit = args.includes('--unit');
const serial = args.includes('--serial');
const filters = args.filter((a) => !a.startsWith('--'));

function walk(dir) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) found.push(...walk(full));
    else if (name.endsWith('.test.ts') || name.endsWith('.test.tsx')) found.push(full);
  }
  return found;
}

const unitFiles = new Set(
  readFileSync(join(root, 'test', 'unit.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#')),
);
const files = walk(join(root, 'test'))
  .map((f) => relative(root, f))
  .filter((f) => !unit || unitFiles.has(f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
for (const f of unitFiles) {
  if (!statSafe(join(root, f))) {
    console.error(`test/unit.txt names ${f}, which does not exist`);
    process.exit(1);
  }
}

const concurrency = serial || unit ? 1 : Math.max(1, Math.min(2, availableParallelism()));
// Tests pass their configuration down; a developer's own REELFORGE_* settings (a home, a dev
// server, keys) must not leak into what they check, so the test processes start without them.
// REELFORGE_KOKORO_MODEL is a test input (the real model's file, where a machine has it), kept.
const testInputs = new Set(['REELFORGE_KOKORO_MODEL']);
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('REELFORGE_') || testInputs.has(k)));
if (concurrency > 1 && files.some((f) => !unitFiles.has(f))) {
  const built = spawnSync(
    process.execPath,
    ['--import', 'tsx', '-e', `import('./test/e2e/harness.ts').then((m) => m.buildTestRenderer(${JSON.stringify(root)}))`],
    { cwd: root, stdio: 'inherit' },
  );
  if (built.status !== 0) process.exit(built.status ?? 1);
  env.RF_RENDERER_BUILT = '1';
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-timeout=600000', '--test-reporter=spec', ...files],
  { cwd: root, stdio: 'inherit', env },
);
process.exit(result.status ?? 1);

function statSafe(p) {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}
