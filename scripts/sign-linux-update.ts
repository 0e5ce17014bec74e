// Signs the Linux update's checksums (see main/updates/signed-update.ts): reads the version and the
// files of dist-app/latest-linux.yml as electron-builder wrote them, checks each checksum against
// the file next to it, and appends `signature:` (Ed25519, base64). The release workflow runs it
// with the private key from its secrets:
//   REELFORGE_UPDATE_PRIVATE_KEY="$(cat key.pem)" node --import tsx scripts/sign-linux-update.ts [dist-app]
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { signUpdate, type UpdateFiles } from '../main/updates/signed-update';

/** The fields of electron-builder's latest-linux.yml that are signed (its layout is fixed: `- url:` then `sha512:`). */
export function readUpdateFiles(yml: string): UpdateFiles {
  if (/^signature:/m.test(yml)) throw new Error('latest-linux.yml is signed already');
  const version = /^version:\s*['"]?([^'"\n]+)['"]?\s*$/m.exec(yml)?.[1];
  const files = [...yml.matchAll(/^\s*-\s*url:\s*['"]?([^'"\n]+?)['"]?\s*\n\s*sha512:\s*['"]?([^'"\n]+?)['"]?\s*$/gm)].map((m) => ({ url: m[1]!, sha512: m[2]! }));
  if (!version || !files.length) throw new Error('latest-linux.yml has no version or no files');
  return { version, files };
}

async function main(): Promise<void> {
  const dir = resolve(process.argv[2] ?? 'dist-app');
  const key = process.env.REELFORGE_UPDATE_PRIVATE_KEY;
  if (!key) throw new Error('REELFORGE_UPDATE_PRIVATE_KEY is not set');
  const ymlPath = join(dir, 'latest-linux.yml');
  const info = readUpdateFiles(readFileSync(ymlPath, 'utf8'));
  for (const f of info.files) {
    const actual = createHash('sha512').update(readFileSync(join(dir, f.url))).digest('base64');
    if (actual !== f.sha512) throw new Error(`${f.url}: the checksum in latest-linux.yml does not match the file`);
  }
  appendFileSync(ymlPath, `signature: ${signUpdate(info, key)}\n`);
  console.log(`signed ${info.files.map((f) => f.url).join(', ')} (${info.version})`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main();
