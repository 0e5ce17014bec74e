import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isGrowing, markGrowing, readGrowing } from '../../main/media/growing-file';
import { firstFragmentEnd } from '../../main/render/fragments';

test('a reader of a growing file gets every byte written, in order, and ends when the writer finishes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rf-growing-'));
  try {
    const file = join(dir, 'stream.mp4');
    writeFileSync(file, 'one,');
    const writer = markGrowing(file);
    assert.equal(isGrowing(file), true);
    const got: string[] = [];
    const reading = (async () => {
      for await (const chunk of readGrowing(file)) {
        got.push(chunk.toString());
        // the writer goes on only once the reader has seen what is there: no timing in this test
        if (got.join('') === 'one,') appendFileSync(file, 'two,');
        else if (got.join('') === 'one,two,') {
          appendFileSync(file, 'three');
          writer.finish();
        }
      }
    })();
    await reading;
    assert.equal(got.join(''), 'one,two,three');
    assert.equal(isGrowing(file), false, 'a whole file is served as any other');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a failed writer ends its readers with an error; the last reader leaving early tells the writer', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rf-growing-'));
  try {
    const file = join(dir, 'stream.mp4');
    writeFileSync(file, 'start');
    const writer = markGrowing(file);
    await assert.rejects(
      (async () => {
        for await (const _ of readGrowing(file)) writer.fail('the preview render failed');
      })(),
      /the preview render failed/,
    );

    let abandoned = 0;
    const second = join(dir, 'second.mp4');
    writeFileSync(second, 'start');
    markGrowing(second, { onAbandoned: () => abandoned++ });
    const gone = new AbortController();
    for await (const _ of readGrowing(second, gone.signal)) gone.abort();
    assert.equal(abandoned, 1, 'nobody watches any more: the render may stop');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the first fragment of a fragmented MP4 is whole only with its moof and the mdat after it', () => {
  const box = (type: string, body = 0) => {
    const b = Buffer.alloc(8 + body);
    b.writeUInt32BE(8 + body);
    b.write(type, 4, 'latin1');
    return b;
  };
  const head = Buffer.concat([box('ftyp', 8), box('moov', 40)]);
  assert.equal(firstFragmentEnd(head), undefined, 'the header alone');
  const moof = box('moof', 20);
  const mdat = box('mdat', 100);
  assert.equal(firstFragmentEnd(Buffer.concat([head, moof, mdat.subarray(0, 50)])), undefined, 'half its media');
  assert.equal(firstFragmentEnd(Buffer.concat([head, moof, mdat, box('moof', 20)])), head.length + moof.length + mdat.length);
});
