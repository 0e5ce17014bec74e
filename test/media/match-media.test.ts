import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { scanMedia } from '../../main/media/media-library';
import { matchMedia, pickMusic } from '../../main/media/match-media';

test('media: matched by keywords in names and tags, in script order, never out of order; unmatched scenes get none', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rf-media-'));
  try {
    for (const f of ['01-sunrise-city.jpg', '02-coffee.mp4', '03-IMG_4411.jpg', '04-beaches.png', '05-city-night.jpg', 'calm-piano.mp3', 'notes.pdf']) writeFileSync(join(dir, f), 'x');
    writeFileSync(join(dir, 'tags.json'), JSON.stringify({ '03-IMG_4411.jpg': ['laptop', 'desk'] }));
    const lib = scanMedia([dir]);
    assert.deepEqual(lib.map((m) => basename(m.path)), ['01-sunrise-city.jpg', '02-coffee.mp4', '03-IMG_4411.jpg', '04-beaches.png', '05-city-night.jpg', 'calm-piano.mp3']);
    const scenes = [
      ['city', 'morning'], // 01 (05 also says city, but 01 comes first)
      ['coffee', 'mug'], // 02
      ['dragons'], // nothing: a card
      ['desk', 'work'], // 03, by its tag
      ['beach', 'waves'], // 04, "beaches" ~ "beach"
      ['coffee'], // 02 is used and behind us: nothing
      ['night', 'city'], // 05
    ];
    const picked = matchMedia(scenes, lib).map((m) => (m ? basename(m.path) : null));
    assert.deepEqual(picked, ['01-sunrise-city.jpg', '02-coffee.mp4', null, '03-IMG_4411.jpg', '04-beaches.png', null, '05-city-night.jpg']);
    assert.equal(basename(pickMusic('piano', lib)!.path), 'calm-piano.mp3');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('media: order wins over a better match that would go backwards', () => {
  const lib = [
    { path: '/m/a-dog.jpg', kind: 'image' as const, keywords: ['dog'] },
    { path: '/m/b-cat.jpg', kind: 'image' as const, keywords: ['cat'] },
  ];
  // Scene 1 wants the cat, scene 2 the dog: taking both would reverse the library's order. Either
  // single pick scores the same; the tie goes to the earlier file, so scene 1 gets a card.
  const picked = (scenes: string[][]) => matchMedia(scenes, lib).map((m) => m?.path ?? null);
  assert.deepEqual(picked([['cat'], ['dog']]), [null, '/m/a-dog.jpg']);
  assert.deepEqual(picked([['dog'], ['cat']]), ['/m/a-dog.jpg', '/m/b-cat.jpg'], 'in order, both are used');
  assert.deepEqual(picked([['cat'], ['dog'], ['cat']]), [null, '/m/a-dog.jpg', '/m/b-cat.jpg'], 'the cat waits for the scene after the dog');
});
