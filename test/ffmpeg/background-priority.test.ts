import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runProcess } from '../../native/run-process';

// A queued render asks for below-normal priority so the studio stays smooth while it encodes.
test('a background process runs at below-normal priority; others at normal', { skip: process.platform === 'win32' && 'nice is POSIX' }, async () => {
  // `nice` with no arguments prints the niceness it runs at; the pause lets the priority land first
  const background = await runProcess('sh', ['-c', 'sleep 0.3; nice'], { background: true });
  const normal = await runProcess('sh', ['-c', 'sleep 0.3; nice'], {});
  assert.equal(Number(background.stdout.trim()), Number(normal.stdout.trim()) + 10);
});
