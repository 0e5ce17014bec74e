import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { scanMedia } from '../../main/media/media-library';
import { assign, chooseMedia, matchMedia, pickMusic, stemWord } from '../../main/media/match-media';

test('media: matched by keywords in names and tags, each file once before any is shown again; unmatched scenes get none', () => {
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
      ['coffee'], // 02 again: every file has been shown once by now
      ['night', 'city'], // 05
    ];
    const picked = matchMedia(scenes, lib).map((m) => (m ? basename(m.path) : null));
    assert.deepEqual(picked, ['01-sunrise-city.jpg', '02-coffee.mp4', null, '03-IMG_4411.jpg', '04-beaches.png', '02-coffee.mp4', '05-city-night.jpg']);
    assert.equal(basename(pickMusic('piano', lib)!.path), 'calm-piano.mp3');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const item = (name: string, tags: string[] = []) => ({
  path: `/m/${name}`,
  kind: (name.endsWith('.mp4') ? 'video' : 'image') as 'video' | 'image',
  keywords: [...new Set([...basename(name).replace(/\.[^.]+$/, '').toLocaleLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1 && !/^\d+$/.test(w)), ...tags])],
});

test('media: the script decides — the opening scene gets its file even when the file sorts last', () => {
  const lib = [item('a-dog.jpg'), item('b-cat.jpg'), item('z-coffee.jpg')];
  const picked = matchMedia([['coffee', 'stand'], ['cat'], ['dog']], lib).map((m) => m?.path ?? null);
  assert.deepEqual(picked, ['/m/z-coffee.jpg', '/m/b-cat.jpg', '/m/a-dog.jpg']);
});

test('media: accents folded, plurals and inflections reduced, narration words count, and each scene says why', () => {
  const lib = [item('cafe.jpg'), item('settings.jpg'), item('beach.png'), item('IMG_2231.jpg', ['morning', 'runner'])];
  const choices = chooseMedia(
    [
      { keywords: ['café'], narration: 'Start at the little café on the corner.' },
      { keywords: [], narration: 'Open your settings.' },
      { keywords: ['beaches'] },
      { keywords: [], narration: 'Every morning she runs.' },
      { keywords: ['dragons'], narration: 'Dragons do not exist.' },
    ],
    lib,
  );
  assert.deepEqual(choices.map((c) => c.file?.path ?? null), ['/m/cafe.jpg', '/m/settings.jpg', '/m/beach.png', '/m/IMG_2231.jpg', null]);
  assert.match(choices[0]!.reason, /cafe\.jpg: "café" ~ name "cafe", accents aside/);
  assert.match(choices[1]!.reason, /settings\.jpg: "settings" ~ name "settings"/);
  assert.match(choices[2]!.reason, /beach\.png: "beaches" ~ name "beach", same word/);
  assert.match(choices[3]!.reason, /IMG_2231\.jpg: "morning" ~ tag "morning"/);
  assert.match(choices[4]!.reason, /no file's name or tags share a word with the scene \(dragons/);
  assert.equal(stemWord('cafés'), 'cafe');
  assert.equal(stemWord('stories'), 'story');
});

test('media: a 13-scene story gets every file that fits, in script order, and repeats only once all are shown', () => {
  const lib = ['01-coffee.jpg', '02-laptop.jpg', '03-settings.jpg', '04-notifications.png', '05-walk-park.mp4', '06-cafe.jpg', '07-phone.jpg', '08-sleep.jpg'].map((n) => item(n));
  const story = [
    'Every morning starts at the coffee stand.',
    'Then the laptop opens and the day begins.',
    'Open your settings.',
    'Turn off notifications you never read.',
    'Take a walk in the park at lunch.',
    'Meet a friend at the café.',
    'Put the phone in a drawer.',
    'Nothing here matches a file.',
    'Back at the laptop, one task at a time.',
    'A second coffee, if you must.',
    'Check your phone once.',
    'Sleep early.',
    'Tomorrow, the coffee stand again.',
  ].map((narration) => ({ keywords: [], narration }));
  const choices = chooseMedia(story, lib);
  const names = choices.map((c) => (c.file ? basename(c.file.path) : null));
  assert.deepEqual(names.slice(0, 8), ['01-coffee.jpg', '02-laptop.jpg', '03-settings.jpg', '04-notifications.png', '05-walk-park.mp4', '06-cafe.jpg', '07-phone.jpg', null]);
  // after every file was shown once, matching scenes may show one again (marked as a repeat)
  assert.equal(names[11], '08-sleep.jpg', 'sleep is shown for the first time, not as a repeat');
  assert.deepEqual(choices.map((c) => c.repeat), [...new Array(8).fill(false), true, true, true, false, true], names.join(' '));
  assert.equal(choices[11]!.repeat, false);
  assert.ok(names.filter(Boolean).length >= 11, `media on ${names.filter(Boolean).length} of 13 scenes`);
});

test('media: no file is shown twice while another is still unshown', () => {
  const lib = [item('coffee.jpg'), item('tea.jpg')];
  const choices = chooseMedia([['coffee'], ['coffee']], lib);
  assert.equal(choices[0]!.file?.path, '/m/coffee.jpg');
  assert.equal(choices[1]!.file, undefined);
  assert.match(choices[1]!.reason, /fit other scenes better, and 1 file\(s\) have not been shown yet/);
});

test('assignment: the least total cost, each column once; extra rows get no column', () => {
  assert.deepEqual(assign([[-1, -2], [-1, 0]]), [1, 0]);
  const r = assign([[-1], [-2], [0]]);
  assert.equal(r[1], 0);
  assert.ok(r[0]! >= 1 && r[2]! >= 1);
});
