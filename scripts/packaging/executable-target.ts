import { closeSync, openSync, readSync } from 'node:fs';

/** What a native executable or library was built for, read from its header (ELF, Mach-O, PE). */
export interface ExecutableTarget {
  platform: 'linux' | 'darwin' | 'win32';
  /** Node's arch names; 'universal' for a fat Mach-O */
  arch: string;
}

const elfMachines: Record<number, string> = { 0x03: 'ia32', 0x28: 'arm', 0x3e: 'x64', 0xb7: 'arm64' };
const machoCpus: Record<number, string> = { 0x01000007: 'x64', 0x0100000c: 'arm64', 0x07: 'ia32' };
const peMachines: Record<number, string> = { 0x14c: 'ia32', 0x8664: 'x64', 0xaa64: 'arm64' };

export function executableTarget(header: Buffer): ExecutableTarget | undefined {
  if (header.length >= 20 && header.readUInt32BE(0) === 0x7f454c46) {
    const arch = elfMachines[header.readUInt16LE(18)];
    return arch ? { platform: 'linux', arch } : undefined;
  }
  if (header.length >= 8 && header.readUInt32LE(0) === 0xfeedfacf) {
    const arch = machoCpus[header.readUInt32LE(4)];
    return arch ? { platform: 'darwin', arch } : undefined;
  }
  if (header.length >= 4 && header.readUInt32BE(0) === 0xcafebabe) return { platform: 'darwin', arch: 'universal' };
  if (header.length >= 0x40 && header.toString('latin1', 0, 2) === 'MZ') {
    const pe = header.readUInt32LE(0x3c);
    if (pe + 6 > header.length || header.toString('latin1', pe, pe + 4) !== 'PE\0\0') return undefined;
    const arch = peMachines[header.readUInt16LE(pe + 4)];
    return arch ? { platform: 'win32', arch } : undefined;
  }
  return undefined;
}

export function readExecutableTarget(file: string): ExecutableTarget | undefined {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return executableTarget(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}
