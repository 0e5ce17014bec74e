import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { StudioError } from '../../preload/contract/errors';
import { TEMPLATE_VERSION, templateSchema } from '../../preload/contract/template';
import { main } from '../../main/cli/main';
import { openHomeDatabase } from '../../main/store/open-database';
import { saveTemplate } from '../../main/store/templates';
import { findTemplate, parseTemplateDocument } from '../../main/templates/load-templates';
import { TemplateLibrary } from '../../main/templates/template-library';
import { readTemplatePackage } from '../../main/templates/template-package';
import { readZip } from '../../main/templates/zip';
import { tempDir } from '../render/fixtures';
import { distinctFont } from './font-fixture';

const dir = tempDir('reelforge-templates-');

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

function library(name: string) {
  const home = join(dir, name);
  const db = openHomeDatabase(home);
  return { home, db, lib: new TemplateLibrary({ db, home }) };
}

test('the contract refuses a template from a newer Reelforge, by its version, before judging its fields', async () => {
  const base = findTemplate('bold-shorts');
  // the schema alone refuses it…
  const parsed = templateSchema.safeParse({ ...base, version: TEMPLATE_VERSION + 1 });
  assert.equal(parsed.success, false);
  assert.match(parsed.error!.issues[0]!.message, /newer Reelforge/);
  // …and the library says so even when the newer template has fields this version does not know
  assert.throws(
    () => parseTemplateDocument({ version: TEMPLATE_VERSION + 4, id: 'x', futureLayout: { grid: 3 } }, 'future.json'),
    (e: StudioError) => e.code === 'UNSUPPORTED_VERSION' && /future\.json was made by a newer Reelforge \(template version 5; this one reads up to 1\)/.test(e.message),
  );
  // a user template row written by a newer version is refused by its number, and the gallery still lists the rest
  const { db, lib } = library('newer');
  saveTemplate(db, { id: 'from-the-future', name: 'Future', version: TEMPLATE_VERSION + 1, document: { ...base, id: 'from-the-future', version: TEMPLATE_VERSION + 1 } });
  assert.throws(() => lib.get('from-the-future'), /saved by a newer Reelforge \(template version 2/);
  const listed = lib.listWithProblems();
  assert.ok(listed.entries.some((e) => e.template.id === 'bold-shorts'));
  assert.deepEqual(listed.problems.map((p) => p.id), ['from-the-future']);
  db.close();
  // and the CLI's validate names the file and the reason, with the invalid-input exit code
  const file = join(dir, 'future.reelforge-template.json');
  writeFileSync(file, JSON.stringify({ ...base, version: 7 }));
  const r = await cli('templates', 'validate', file);
  assert.equal(r.code, 3);
  assert.match(r.err, /newer Reelforge \(template version 7/);
});

test('a damaged user template is refused on load with the field named; built-ins and template files are read-only', () => {
  const { db, lib, home } = library('rules');
  const base = findTemplate('calm-explainer');
  saveTemplate(db, { id: 'broken', name: 'Broken', document: { ...base, id: 'broken', style: { ...base.style, colors: { ...base.style.colors, accent: 'pink' } } } });
  assert.throws(() => lib.get('broken'), /style\.colors\.accent: a colour is #RRGGBB/);
  assert.throws(() => lib.save({ ...base, name: 'Mine' }), /built-in template and cannot be changed; duplicate it/);
  assert.throws(() => lib.remove('calm-explainer'), /built-in template and cannot be deleted/);
  // a template file in <home>/templates is found, and never written by the app
  mkdirSync(join(home, 'templates'), { recursive: true });
  writeFileSync(join(home, 'templates', 'my-file.json'), JSON.stringify({ ...base, id: 'my-file', name: 'My file' }));
  assert.equal(lib.entry('my-file').source, 'file');
  assert.throws(() => lib.rename('my-file', 'Other'), /read from .*my-file\.json and cannot be renamed/);
  db.close();
});

test('duplicate, rename, delete and put back: the user template keeps every field through the database', () => {
  const { db, lib } = library('edit');
  const copy = lib.duplicate('neon-night');
  assert.equal(copy.source, 'user');
  assert.equal(copy.template.name, 'Neon Night (copy)');
  assert.notEqual(copy.template.id, 'neon-night');
  const edited = lib.save({ ...copy.template, style: { ...copy.template.style, colors: { ...copy.template.style.colors, accent: '#12AB34' } }, motion: { strength: 0.3, direction: 'left' } });
  assert.notEqual(edited.hash, copy.hash, 'an edit changes the hash its thumbnail is cached by');
  const renamed = lib.rename(copy.template.id, 'Green neon');
  assert.equal(renamed.template.style.colors.accent, '#12AB34');
  assert.deepEqual(renamed.template.motion, { strength: 0.3, direction: 'left' });
  assert.equal(lib.list().find((e) => e.template.id === copy.template.id)!.template.name, 'Green neon');
  const removed = lib.remove(copy.template.id);
  assert.throws(() => lib.get(copy.template.id), (e: StudioError) => e.code === 'NOT_FOUND');
  lib.save(removed); // Undo
  assert.equal(lib.get(copy.template.id).name, 'Green neon');
  // a second copy never takes the first one's id
  assert.notEqual(lib.duplicate('neon-night').template.id, copy.template.id);
  db.close();
});

test('export and import round-trip a template with its font: a zip another machine unpacks into its own font store', async () => {
  const a = library('machine-a');
  const fontFile = distinctFont(dir);
  const base = findTemplate('kids-fun');
  // the font is added the way the editor adds a dropped one: copied into machine A's data
  const { addUserFont } = await import('../../main/fonts/font-store');
  const font = addUserFont(a.home, readFileSync(fontFile), 'ReelSerif.ttf');
  assert.ok(font.file.startsWith(join(a.home, 'fonts')));
  a.lib.save({ ...base, id: 'serif-kids', name: 'Serif kids', style: { ...base.style, font: font.family, caption: { ...base.style.caption, font: font.family }, fonts: [font] } });
  a.db.close();

  const exported = await cli('templates', 'export', 'serif-kids', '--out-dir', dir, '--home', a.home);
  assert.equal(exported.code, 0, exported.err);
  const zipFile = exported.out.trim();
  assert.ok(zipFile.endsWith('serif-kids.reelforge-template.zip'));
  const entries = readZip(readFileSync(zipFile), zipFile);
  assert.deepEqual(entries.map((e) => e.name).sort(), ['fonts/' + font.file.split(/[\\/]/).pop(), 'template.json']);
  assert.ok(entries.find((e) => e.name.startsWith('fonts/'))!.data.equals(readFileSync(fontFile)), 'the font travels byte for byte');
  const inZip = JSON.parse(entries.find((e) => e.name === 'template.json')!.data.toString('utf8'));
  assert.match(inZip.style.fonts[0].file, /^fonts\//, 'paths inside the package are relative to it');
  // exporting again never overwrites the file the user has
  assert.equal((await cli('templates', 'export', 'serif-kids', '-o', zipFile, '--home', a.home)).code, 3);

  assert.equal((await cli('templates', 'validate', zipFile)).code, 0);
  const b = join(dir, 'machine-b');
  const imported = await cli('templates', 'import', zipFile, '--home', b);
  assert.equal(imported.code, 0, imported.err);
  assert.match(imported.out, /imported "Serif kids" as serif-kids with 1 font/);
  const shown = JSON.parse((await cli('templates', 'show', 'serif-kids', '--home', b)).out);
  assert.equal(shown.style.caption.font, 'Reel Serif');
  assert.ok(shown.style.fonts[0].file.startsWith(join(b, 'fonts')), 'the font now lives in machine B\'s data');
  assert.ok(readFileSync(shown.style.fonts[0].file).equals(readFileSync(fontFile)));
  // a second import of the same package is kept beside the first, never over it
  assert.match((await cli('templates', 'import', zipFile, '--home', b)).out, /as serif-kids-2/);
  const list = await cli('templates', 'list', '--home', b);
  assert.match(list.out, /serif-kids\s+Serif kids/);
  assert.match(list.out, /user, .*fonts: Reel Serif/);
});

test('a template file that is not one is refused with the file and the field named', async () => {
  const base = findTemplate('bold-shorts');
  const bad = join(dir, 'bad.reelforge-template.json');
  writeFileSync(bad, JSON.stringify({ ...base, style: { ...base.style, caption: { ...base.style.caption, position: 'left' } } }));
  const r = await cli('templates', 'validate', bad);
  assert.equal(r.code, 3);
  assert.match(r.err, /bad\.reelforge-template\.json is not a valid template:\n.*style\.caption\.position/);
  // a package whose template names a font it does not carry
  const { writeZip } = await import('../../main/templates/zip');
  const zip = join(dir, 'hollow.zip');
  writeFileSync(zip, writeZip([{ name: 'template.json', data: Buffer.from(JSON.stringify({ ...base, style: { ...base.style, fonts: [{ family: 'Gone', file: 'fonts/Gone.ttf' }] } })) }]));
  const hollow = await cli('templates', 'import', zip, '--home', join(dir, 'hollow-home'));
  assert.equal(hollow.code, 3);
  assert.match(hollow.err, /style\.fonts\[0\]\.file: the font file fonts\/Gone\.ttf is not in the package/);
  // a "font" that is not one
  writeFileSync(zip, writeZip([
    { name: 'template.json', data: Buffer.from(JSON.stringify({ ...base, style: { ...base.style, fonts: [{ family: 'Fake', file: 'fonts/Fake.ttf' }] } })) },
    { name: 'fonts/Fake.ttf', data: Buffer.from('<html>not a font</html>') },
  ]));
  const fake = await cli('templates', 'import', zip, '--home', join(dir, 'hollow-home'));
  assert.match(fake.err, /fonts\/Fake\.ttf is not a font Reelforge can use: it is not a TrueType or OpenType file/);
  assert.ok(!existsSync(join(dir, 'hollow-home', 'fonts', 'Fake.ttf')));
  // reading a package never keeps anything
  assert.throws(() => readTemplatePackage(Buffer.from('PK\u0003\u0004 broken'), 'cut.zip'), /cut\.zip cannot be read as a zip archive: its end record is missing/);
});
