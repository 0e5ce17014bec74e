import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';

/**
 * Linux updates carry no code signature the updater could check (Windows checks the installer's
 * publisher, macOS the app's signature), so the release signs the update's checksums instead: an
 * Ed25519 signature over the version and each file's SHA-512, added to latest-linux.yml as
 * `signature`. The app verifies it with the public key built into app.asar before downloading;
 * electron-updater then checks the download against those same, now authenticated, checksums.
 */
export interface UpdateFiles {
  version: string;
  files: ReadonlyArray<{ url: string; sha512: string }>;
}

/** The exact bytes that are signed: stable, independent of YAML formatting. */
export function updateMessage(info: UpdateFiles): Buffer {
  const lines = ['reelforge-update-v1', info.version, ...[...info.files].sort((a, b) => a.url.localeCompare(b.url)).map((f) => `${f.url} ${f.sha512}`)];
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

export function signUpdate(info: UpdateFiles, privateKeyPem: string): string {
  return sign(null, updateMessage(info), createPrivateKey(privateKeyPem)).toString('base64');
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function verifyUpdate(info: UpdateFiles & { signature?: unknown }, publicKeyPem: string | undefined): SignatureCheck {
  if (!publicKeyPem) return { ok: false, reason: 'this build carries no update key, so no update can be verified; download new versions from the releases page' };
  if (typeof info.signature !== 'string' || !info.signature) return { ok: false, reason: `the update to ${info.version} is not signed` };
  if (!info.files.length) return { ok: false, reason: `the update to ${info.version} lists no files` };
  try {
    const good = verify(null, updateMessage(info), createPublicKey(publicKeyPem), Buffer.from(info.signature, 'base64'));
    return good ? { ok: true } : { ok: false, reason: `the signature of the update to ${info.version} does not match its checksums` };
  } catch (err) {
    return { ok: false, reason: `the update's signature could not be checked: ${(err as Error).message}` };
  }
}
