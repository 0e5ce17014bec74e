import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;

/** The real CLI in a child process, with `input` on its standard input. */
function cli(args: string[], home: string, input = ''): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    // no REELFORGE_* from the developer's shell: a key set there would change what the lists say
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('REELFORGE_')));
    const child = spawn(process.execPath, [join(root, 'bin/reelforge.js'), ...args, '--home', home], { env: { ...env, REELFORGE_OLLAMA_URL: 'http://127.0.0.1:9/v1', REELFORGE_LMSTUDIO_URL: 'http://127.0.0.1:9/v1' }, cwd: root });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
    child.stdin.end(input);
  });
}

test('models list and providers list name the same upscaling models; providers list says how to add a key without naming environment variables', async () => {
  const home = mkdtempSync(join(tmpdir(), 'rf-lists-'));
  try {
    const models = await cli(['models', 'list'], home);
    assert.equal(models.code, 0, models.err);
    const providers = await cli(['providers', 'list'], home);
    assert.equal(providers.code, 0, providers.err);
    // the built-in upscalers, in both lists (before: "no models" in one, "2 built-in" in the other)
    assert.doesNotMatch(models.out, /no (upscaling )?models/);
    for (const name of ['realesrgan-x4fast', 'realesrgan-x4plus']) {
      assert.match(models.out, new RegExp(`^${name}\\s+×4\\s+built in`, 'm'));
      assert.match(providers.out, new RegExp(`realesrgan .*${name}`));
    }
    assert.match(providers.out, /✓ realesrgan\s+offline .*— 2 models: realesrgan-x4fast, realesrgan-x4plus/);

    assert.doesNotMatch(providers.out, /REELFORGE_|API_KEY|--key-file/, 'no environment-variable talk in the default list');
    assert.match(providers.out, /✗ pexels\s+online\s+Pexels — no API key yet \(add one: reelforge providers key pexels\)/);
    assert.match(providers.out, /✗ ollama\s+offline\s+Ollama — not running at http:\/\/127\.0\.0\.1:9\/v1 \(start Ollama\)$/m);
    // how keys can also be given is still there, for those who ask
    const help = await cli(['providers', '--help'], home);
    assert.match(help.out + help.err, /REELFORGE_<ID>_API_KEY/);

    // the command the list names keeps the key (private file), and the list then says it is set
    const KEY = 'pexels-cli-key-4242';
    const kept = await cli(['providers', 'key', 'pexels'], home, `${KEY}\n`);
    assert.equal(kept.code, 0, kept.err);
    assert.match(kept.out, /kept the key for Pexels .*try it: reelforge providers test pexels/);
    const file = join(home, 'keys', 'pexels.key');
    assert.equal(readFileSync(file, 'utf8').trim(), KEY);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const after = await cli(['providers', 'list'], home);
    assert.match(after.out, /✓ pexels\s+online\s+Pexels — API key from key file/);
    assert.ok(!(kept.out + kept.err + after.out).includes(KEY), 'the key is never printed');
    const none = await cli(['providers', 'key', 'pixabay'], home, '\n');
    assert.equal(none.code, 3);
    assert.match(none.err, /no key was given/);
    assert.equal((await cli(['providers', 'key', 'template'], home, 'x\n')).code, 3, 'an offline built-in takes no key');
    const forgot = await cli(['providers', 'key', 'pexels', '--forget'], home);
    assert.equal(forgot.code, 0, forgot.err);
    assert.match((await cli(['providers', 'list'], home)).out, /✗ pexels .*no API key yet/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('templates list: one template per line, its id, a space, then its name', async () => {
  const home = mkdtempSync(join(tmpdir(), 'rf-lists-'));
  try {
    const r = await cli(['templates', 'list'], home);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split('\n');
    assert.equal(lines.length, 7, 'the seven built-ins, one line each');
    for (const line of lines) assert.match(line, /^[a-z0-9-]+ +[A-Z][^ ]* /, `id then name: ${line}`);
    assert.match(r.out, /^docu-story +Docu Story +\(built-in, youtube-720, captions in Noto Serif/m);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
