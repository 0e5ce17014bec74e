// Where no FFmpeg can be found, the user is told what to do: doctor names the ways to get one and
// still reports the rest of the machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { locateFfmpeg } from '../../native/ffmpeg/locate';

const bin = fileURLToPath(new URL('../../bin/reelforge.js', import.meta.url));

test('with no FFmpeg anywhere, the error names the install command for the platform', () => {
  assert.throws(
    () => locateFfmpeg({ platform: 'win32', env: { PATH: '' } }),
    (err: Error & { code?: string }) => err.code === 'FFMPEG_MISSING' && /ffmpeg-static has no binary/.test(err.message) && /winget install ffmpeg/.test(err.message),
  );
});

test('doctor says what to do when FFmpeg is missing, still checks the database and ONNX Runtime, and exits 4', () => {
  const home = mkdtempSync(join(tmpdir(), 'rf-doctor-'));
  try {
    const run = spawnSync(process.execPath, [bin, 'doctor'], { encoding: 'utf8', env: { ...process.env, REELFORGE_HOME: home, REELFORGE_FFMPEG: join(home, 'no-such-ffmpeg') } });
    assert.equal(run.status, 4, run.stderr);
    assert.match(run.stdout, /NOT FOUND: REELFORGE_FFMPEG says ffmpeg is at .*no-such-ffmpeg/);
    assert.match(run.stdout, /install FFmpeg for this system: .*apt-get install ffmpeg/);
    assert.match(run.stdout, /npm rebuild ffmpeg-static/);
    assert.match(run.stdout, /Settings → FFmpeg binary/);
    assert.match(run.stdout, /Database \(PRAGMA integrity_check\)/);
    assert.match(run.stdout, /cpu\s+ran a test model/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
