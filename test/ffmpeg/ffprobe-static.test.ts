import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateTool } from '../../native/ffmpeg/locate';

test('ffmpeg-static carries no ffprobe: where its ffmpeg is chosen and none sits beside it, ffprobe-static’s binary for this machine is used, and it runs', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rf-ffprobe-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const ffmpeg = join(dir, 'ffmpeg');
  writeFileSync(ffmpeg, '#!/bin/sh\n', { mode: 0o755 });
  const found = locateTool('ffprobe', { env: { PATH: '' } }, { tool: 'ffmpeg', path: ffmpeg, source: 'ffmpeg-static', reason: 'test' });
  assert.equal(found.source, 'ffprobe-static');
  assert.match(found.path, new RegExp(`ffprobe-static/bin/${process.platform}/${process.arch}/ffprobe`));
  assert.match(execFileSync(found.path, ['-version'], { encoding: 'utf8' }), /^ffprobe version/);
});
