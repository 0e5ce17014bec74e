import { test } from 'node:test';
import assert from 'node:assert/strict';
import { didYouMean } from '../../main/cli/did-you-mean';
import { main } from '../../main/cli/main';

async function cli(...args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const sink = (add: (s: string) => void) => ({ write: (s: string | Uint8Array) => (add(String(s)), true) }) as unknown as NodeJS.WritableStream;
  const code = await main(args, { out: sink(() => {}), err: sink((s) => (err += s)) });
  return { code, err };
}

test('a mistyped command gets "did you mean", with the corrected command line, and exit code 2', async () => {
  const r = await cli('mkae', '--script', 's.txt');
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown command 'mkae'\. Did you mean 'make'\?/);
  assert.match(r.err, /reelforge make --script s\.txt/);
  assert.match((await cli('tempaltes', 'list')).err, /Did you mean 'templates'\?/);
  assert.match((await cli('providres')).err, /Did you mean 'providers'\?/);
});

test('a word far from every command gets the command list, not a guess', async () => {
  const r = await cli('zzzzzz');
  assert.equal(r.code, 2);
  assert.doesNotMatch(r.err, /Did you mean/);
  assert.match(r.err, /usage: reelforge <command>/);
  assert.deepEqual(didYouMean('rendr', ['render', 'make', 'queue']), ['render']);
  assert.deepEqual(didYouMean('up', ['upscale', 'make']), []);
});
