// Updates: nothing is asked of the network unless the user turned checks on or asks from the menu,
// and on Linux nothing is downloaded unless the update's checksums carry the release's signature.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setUpUpdater, type AutoUpdaterLike } from '../../main/app/updater';
import { signUpdate, verifyUpdate, type UpdateFiles } from '../../main/updates/signed-update';

const root = fileURLToPath(new URL('../..', import.meta.url));
const keys = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { priv: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), pub: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
};

/** An update as latest-linux.yml describes it, for a real file's checksum (SHA-512, base64, as electron-builder writes it). */
function updateFor(file: string): UpdateFiles {
  const sha512 = createHash('sha512').update(readFileSync(file)).digest('base64');
  return { version: '9.9.9', files: [{ url: 'Reelforge-9.9.9.AppImage', sha512 }] };
}

test('a signed update verifies; a changed checksum, version, another key or no signature is refused', () => {
  const k = keys();
  const info = updateFor(join(root, 'assets', 'fonts', 'Inter-Bold.ttf'));
  const signature = signUpdate(info, k.priv);
  assert.deepEqual(verifyUpdate({ ...info, signature }, k.pub), { ok: true });

  const other = updateFor(join(root, 'assets', 'fonts', 'Inter-Regular.ttf'));
  const swapped = verifyUpdate({ ...info, files: other.files, signature }, k.pub);
  assert.equal(swapped.ok, false);
  assert.match((swapped as { reason: string }).reason, /does not match its checksums/);
  assert.equal(verifyUpdate({ ...info, version: '10.0.0', signature }, k.pub).ok, false, 'a signature cannot be reused for another version');
  assert.equal(verifyUpdate({ ...info, signature }, keys().pub).ok, false, 'another key');
  assert.match((verifyUpdate(info, k.pub) as { reason: string }).reason, /not signed/);
  assert.match((verifyUpdate({ ...info, signature }, undefined) as { reason: string }).reason, /carries no update key/);
});

/** electron-updater's autoUpdater as far as the policy sees it: it says what the server offers. */
function fakeUpdater(offer: UpdateFiles & { signature?: string }) {
  const handlers = new Map<string, (x: never) => void>();
  const log = { checks: 0, downloads: 0 };
  const u: AutoUpdaterLike = {
    autoDownload: true,
    autoInstallOnAppQuit: false,
    on: (event: string, fn: (x: never) => void) => handlers.set(event, fn),
    async checkForUpdates() {
      log.checks++;
      handlers.get('update-available')?.(offer as never);
    },
    async downloadUpdate() {
      log.downloads++;
      handlers.get('update-downloaded')?.(offer as never);
    },
  };
  return { u, log };
}

test('nothing is loaded or checked at start unless the setting is on; the menu checks when asked', async () => {
  let loads = 0;
  const { u, log } = fakeUpdater({ version: '9.9.9', files: [] });
  const opts = { packaged: true, platform: 'win32' as const, load: async () => (loads++, u), log: () => {}, notify: () => {} };
  const off = setUpUpdater({ ...opts, checkAtStart: false });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(loads, 0, 'the updater is not even loaded');
  await off.check(true);
  assert.equal(log.checks, 1, 'the menu checks');
  assert.equal(u.autoDownload, false, 'nothing downloads before the policy has looked at it');

  const { u: u2, log: log2 } = fakeUpdater({ version: '9.9.9', files: [] });
  setUpUpdater({ ...opts, load: async () => u2, checkAtStart: true });
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(log2.checks, 1, 'the setting checks at start');
});

test('on Linux only a correctly signed update is downloaded, and the user is told why another is not', async () => {
  const k = keys();
  const info = updateFor(join(root, 'package.json'));
  const run = async (offer: UpdateFiles & { signature?: string }) => {
    const { u, log } = fakeUpdater(offer);
    const told: string[] = [];
    const up = setUpUpdater({ packaged: true, platform: 'linux', checkAtStart: false, linuxKey: k.pub, load: async () => u, log: () => {}, notify: (m) => told.push(m) });
    await up.check(true);
    return { downloads: log.downloads, told };
  };
  const good = await run({ ...info, signature: signUpdate(info, k.priv) });
  assert.equal(good.downloads, 1);
  assert.match(good.told.join(), /9\.9\.9 has been downloaded and will be installed when you quit/);
  const forged = await run({ ...info, signature: signUpdate(info, keys().priv) });
  assert.equal(forged.downloads, 0);
  assert.match(forged.told.join(), /was not installed: the signature .* does not match/);
  const unsigned = await run(info);
  assert.equal(unsigned.downloads, 0);
});

test('an unpackaged app never checks', async () => {
  let loads = 0;
  const told: string[] = [];
  const up = setUpUpdater({ packaged: false, platform: 'linux', checkAtStart: true, load: async () => (loads++, fakeUpdater({ version: '1', files: [] }).u), log: () => {}, notify: (m) => told.push(m) });
  await up.check(true);
  assert.equal(loads, 0);
  assert.match(told.join(), /only in the installed app/);
});

test('the release signs latest-linux.yml as electron-builder writes it, and the app accepts exactly that', async () => {
  const { mkdtempSync, writeFileSync, readFileSync: read, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { spawnSync } = await import('node:child_process');
  const { readUpdateFiles } = await import('../../scripts/sign-linux-update');
  const dir = mkdtempSync(join(tmpdir(), 'rf-sign-'));
  try {
    const appImage = join(dir, 'Reelforge-9.9.9.AppImage');
    writeFileSync(appImage, read(join(root, 'assets', 'fonts', 'Inter-Regular.ttf')));
    const { sha512 } = updateFor(appImage).files[0]!;
    writeFileSync(join(dir, 'latest-linux.yml'), `version: 9.9.9\nfiles:\n  - url: Reelforge-9.9.9.AppImage\n    sha512: ${sha512}\n    size: 1\n    blockMapSize: 1\npath: Reelforge-9.9.9.AppImage\nsha512: ${sha512}\nreleaseDate: '2030-01-01T00:00:00.000Z'\n`);
    const k = keys();
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'sign-linux-update.ts'), dir], { env: { ...process.env, REELFORGE_UPDATE_PRIVATE_KEY: k.priv }, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const yml = read(join(dir, 'latest-linux.yml'), 'utf8');
    const signature = /^signature: (.+)$/m.exec(yml)![1]!;
    assert.deepEqual(verifyUpdate({ ...readUpdateFiles(yml.replace(/^signature:.*\n/m, '')), signature }, k.pub), { ok: true });
    // a file that does not match its listed checksum is not signed
    writeFileSync(join(dir, 'latest-linux.yml'), yml.replace(/^signature:.*\n/m, ''));
    writeFileSync(appImage, 'tampered');
    const again = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'sign-linux-update.ts'), dir], { env: { ...process.env, REELFORGE_UPDATE_PRIVATE_KEY: k.priv }, encoding: 'utf8' });
    assert.notEqual(again.status, 0);
    assert.match(again.stderr, /does not match the file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
