import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../../main/cli/main';
import { createStudio } from '../../main/api/create-studio';
import { findTemplate } from '../../main/templates/load-templates';
import { writeZip } from '../../main/templates/zip';
import { media, tempDir } from '../render/fixtures';

/** Issue 23, #2, #12 and #13: a template carries only what is its own. */
const dir = tempDir('reelforge-template-attacks-');

function sink() {
  let text = '';
  const stream = new Writable({ write: (c, _e, cb) => ((text += String(c)), cb()) });
  return { stream, text: () => text };
}
async function cli(...argv: string[]) {
  const out = sink();
  const err = sink();
  const code = await main(argv, { out: out.stream, err: err.stream, signal: new AbortController().signal });
  return { code, out: out.text(), err: err.text() };
}

const libraryFiles = (home: string) => (existsSync(join(home, 'library')) ? readdirSync(join(home, 'library'), { recursive: true }).map(String) : []);

test('a template JSON naming a private file by an absolute path, by ../ or through a link is refused; nothing is copied into the library', async () => {
  const secrets = join(dir, 'dot-ssh');
  mkdirSync(secrets);
  const key = join(secrets, 'id_rsa');
  writeFileSync(key, '-----BEGIN OPENSSH PRIVATE KEY-----\nnot really\n');
  chmodSync(key, 0o600);
  const drop = join(dir, 'downloads');
  mkdirSync(drop);
  symlinkSync(key, join(drop, 'song.m4a'));
  const base = findTemplate('bold-shorts');
  const home = join(dir, 'home-a');
  for (const [name, file] of [['abs', key], ['climb', '../dot-ssh/id_rsa'], ['link', 'song.m4a']] as const) {
    const t = join(drop, `${name}.reelforge-template.json`);
    writeFileSync(t, JSON.stringify({ ...base, id: `evil-${name}`, music: { mood: 'calm', volume: 0.3, file } }));
    const r = await cli('templates', 'import', t, '--home', home);
    assert.equal(r.code, 3, `${name}: ${r.err}`);
    assert.match(r.err, /names files that are not its own[\s\S]*music\.file/, name);
    const v = await cli('templates', 'validate', t);
    assert.equal(v.code, 3, `validate ${name}: ${v.out}`);
  }
  assert.deepEqual(libraryFiles(home), []);
  const list = await cli('templates', 'list', '--home', home);
  assert.doesNotMatch(list.out, /evil-/);

  // the bridge's importTemplate (a dropped file, by path) follows the same rule
  const studio = await createStudio({ home: join(dir, 'home-b'), transport: 'bridge', worker: false });
  try {
    await assert.rejects(studio.dispatch('importTemplate', [{ name: 'abs.reelforge-template.json', path: join(drop, 'abs.reelforge-template.json') }]), /not its own/);
    const t = { ...base, id: 'evil-drop', music: { mood: 'calm', volume: 0.3, file: key } };
    await assert.rejects(studio.dispatch('importTemplate', [{ name: 'x.reelforge-template.json', base64: Buffer.from(JSON.stringify(t)).toString('base64') }]), /not its own/);
    assert.deepEqual(libraryFiles(join(dir, 'home-b')), []);
  } finally {
    await studio.close();
  }
});

test('music that is not audio (zeros, text) is refused; real music beside a JSON keeps its private mode when imported', async () => {
  const base = findTemplate('bold-shorts');
  const home = join(dir, 'home-c');
  const zeros = writeZip([{ name: 'template.json', data: Buffer.from(JSON.stringify({ ...base, id: 'zeros', music: { mood: 'calm', volume: 0.3, file: 'music/bed.m4a' } })) }, { name: 'music/bed.m4a', data: Buffer.alloc(2 * 1024 * 1024) }]);
  writeFileSync(join(dir, 'zeros.reelforge-template.zip'), zeros);
  const z = await cli('templates', 'import', join(dir, 'zeros.reelforge-template.zip'), '--home', home);
  assert.equal(z.code, 3, z.err);
  assert.match(z.err, /music file music\/bed\.m4a is not audio/);
  const text = writeZip([{ name: 'template.json', data: Buffer.from(JSON.stringify({ ...base, id: 'texty', music: { mood: 'calm', volume: 0.3, file: 'music/bed.m4a' } })) }, { name: 'music/bed.m4a', data: Buffer.from('/home/user/.ssh/id_rsa\n'.repeat(10)) }]);
  writeFileSync(join(dir, 'text.reelforge-template.zip'), text);
  assert.equal((await cli('templates', 'import', join(dir, 'text.reelforge-template.zip'), '--home', home)).code, 3);
  assert.deepEqual(libraryFiles(home), [], 'a refused file does not stay in the library');

  const folder = join(dir, 'mine');
  mkdirSync(folder);
  const song = media.voice(folder, 'bed.m4a', 1);
  chmodSync(song, 0o600);
  writeFileSync(join(folder, 'mine.reelforge-template.json'), JSON.stringify({ ...base, id: 'mine', music: { mood: 'calm', volume: 0.3, file: 'bed.m4a' } }));
  const ok = await cli('templates', 'import', join(folder, 'mine.reelforge-template.json'), '--home', home);
  assert.equal(ok.code, 0, ok.err);
  const copied = libraryFiles(home).filter((f) => f.endsWith('.m4a'));
  assert.equal(copied.length, 1);
  assert.equal(statSync(join(home, 'library', copied[0]!)).mode & 0o777, 0o600, 'a private file stays private');
  assert.ok(readFileSync(join(home, 'library', copied[0]!)).equals(readFileSync(song)));
});

test('template text is bounded: a 30 MB description is refused by size before it is parsed', async () => {
  const base = findTemplate('bold-shorts');
  const big = join(dir, 'big.reelforge-template.json');
  writeFileSync(big, JSON.stringify({ ...base, id: 'big', description: 'x'.repeat(30 * 1024 * 1024) }));
  const r = await cli('templates', 'import', big, '--home', join(dir, 'home-d'));
  assert.equal(r.code, 3);
  assert.match(r.err, /a template document is at most 1024 KB/);
  const long = join(dir, 'long.reelforge-template.json');
  writeFileSync(long, JSON.stringify({ ...base, id: 'long', description: 'x'.repeat(5000) }));
  const l = await cli('templates', 'import', long, '--home', join(dir, 'home-d'));
  assert.equal(l.code, 3);
  assert.match(l.err, /description.*at most 2,000 characters/);
});
