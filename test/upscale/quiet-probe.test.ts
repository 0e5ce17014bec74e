import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { softImage, tempDir } from './helpers';

const bin = new URL('../../bin/reelforge.js', import.meta.url).pathname;
const noise = /XDG_RUNTIME_DIR|Vulkan|InitializeImpl|dawn|BackendType/i;

test('ONNX Runtime provider start-up noise never reaches the terminal: upscale --quiet prints nothing on stderr, doctor only its report', (t) => {
  const dir = tempDir(t);
  softImage(join(dir, 'in.png'), 32, 24);
  // the provider probe is what wakes WebGPU/Vulkan: --provider auto runs it
  const env: NodeJS.ProcessEnv = { ...process.env, REELFORGE_HOME: join(dir, 'home') };
  delete env.XDG_RUNTIME_DIR;
  const up = spawnSync(process.execPath, [bin, 'upscale', join(dir, 'in.png'), '-o', join(dir, 'out.png'), '--provider', 'auto', '--quiet'], { encoding: 'utf8', env });
  assert.equal(up.status, 0, up.stderr);
  assert.equal(up.stderr, '', 'nothing on stderr under --quiet');

  const doctor = spawnSync(process.execPath, [bin, 'doctor'], { encoding: 'utf8', env });
  assert.doesNotMatch(doctor.stderr, noise);
  assert.doesNotMatch(doctor.stdout, /XDG_RUNTIME_DIR|InitializeImpl/);
  assert.match(doctor.stdout, /webgpu/, 'the providers are still reported, each with its reason');
});
