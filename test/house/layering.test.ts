// The layering lint (`npm run lint`): it passes on the project, and it catches each kind of import
// against the grain — by the path it points to, even when nothing is there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';

const lint = new URL('../../scripts/lint-imports.js', import.meta.url).pathname;
const run = (root?: string) => spawnSync(process.execPath, [lint, ...(root ? [root] : [])], { encoding: 'utf8' });

test('the project itself keeps its layering', () => {
  const r = run();
  assert.equal(r.status, 0, r.stderr);
});

test('each forbidden import is named with its file and line, resolved or not', () => {
  const root = mkdtempSync(join(tmpdir(), 'rf-lint-'));
  try {
    const files: Record<string, string> = {
      'renderer/app/view.tsx': "import { x } from '../../main/api/nothing-here';\n",
      'renderer/ok.ts': "import type { Job } from '../preload/contract/jobs';\n",
      'native/ffmpeg/run.ts': "\nimport { y } from '../../main/config/settings';\n",
      'preload/contract/jobs.ts': "import { z } from 'zod';\nimport { readFileSync } from 'node:fs';\n",
      'main/queue/worker.ts': "import type { MakeInput } from '../make/make-input';\nexport { s } from '../pipeline/stages/render';\n",
      'main/render/window.ts': "import { BrowserWindow } from 'electron';\n",
      'main/app/window.ts': "import { BrowserWindow } from 'electron';\n",
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    const r = run(root);
    assert.equal(r.status, 1);
    const flagged = r.stderr.split('\n').filter((l) => l.includes(': imports '));
    assert.deepEqual(flagged.map((l) => l.split(': imports ')[0]).sort(), [
      'main/queue/worker.ts:1',
      'main/queue/worker.ts:2',
      'main/render/window.ts:1',
      'native/ffmpeg/run.ts:2',
      'preload/contract/jobs.ts:2',
      'renderer/app/view.tsx:1',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
