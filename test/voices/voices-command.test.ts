import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../main/cli/main';

/** `reelforge voices` with its output captured. */
async function voices(args: string[]): Promise<string> {
  let out = '';
  const io = { out: { write: (s: string) => ((out += s), true) } as never, err: { write: () => true } as never };
  assert.equal(await main(['voices', ...args], io), 0);
  return out;
}

test('voices lists the natural voices first (Kokoro always, marked not installed with how to get them), then system, then robotic; --json in the same order', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'reelforge-voices-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const text = await voices(['--home', home]);
  const headings = text.split('\n').filter((l) => /^(Natural|Cloud|System|Robotic) voices/.test(l));
  assert.match(headings[0]!, /^Natural voices — not installed: `reelforge models pull kokoro` \(about 325 MB\) or `reelforge models import <model\.onnx>`$/);
  assert.equal(headings.at(-1), 'Robotic voices (espeak-ng)', 'the robotic voices last');
  assert.match(text, /neural:af_heart\s+Heart, English \(US\), female, not installed/);

  const json = JSON.parse(await voices(['--json', '--home', home])) as { voices: Array<{ id: string; kind: string; installed?: boolean }> };
  const kinds = json.voices.map((v) => v.kind);
  const order = ['natural', 'cloud', 'system', 'robotic'];
  assert.deepEqual([...kinds].sort((a, b) => order.indexOf(a) - order.indexOf(b)), kinds, 'natural, cloud, system, robotic');
  assert.equal(json.voices[0]!.kind, 'natural');
  assert.ok(json.voices.filter((v) => v.kind === 'natural').every((v) => v.installed === false), 'no model here: each natural voice says so');
});
