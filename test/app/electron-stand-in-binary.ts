import { writeFileSync } from 'node:fs';

/** @electron/fuses finds the fuse wire after this sentinel in Electron's binary. */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
export const fuseState = { off: 0x30, on: 0x31 } as const;

/**
 * A stand-in for Electron's executable (its binary cannot be downloaded here): the bytes around it
 * are filler, the fuse wire is laid out as in Electron 38 (version 1, eight fuses) with its
 * defaults: RunAsNode on, cookie encryption off, NODE_OPTIONS on, inspector flags on, asar
 * integrity off, only-load-from-asar off, V8 snapshot off, file-protocol privileges on.
 */
export function writeElectronStandIn(file: string): void {
  const wire = Buffer.from([1, 8, 0x31, 0x30, 0x31, 0x31, 0x30, 0x30, 0x30, 0x31]);
  writeFileSync(file, Buffer.concat([Buffer.alloc(4096, 0x90), Buffer.from(SENTINEL, 'latin1'), wire, Buffer.alloc(4096, 0x90)]), { mode: 0o755 });
}
