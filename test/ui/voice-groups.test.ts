import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { providerContext } from '../../main/providers/test-provider';
import { listVoices } from '../../main/voices/list-voices';
import { voiceGroups, voiceLabel } from '../../renderer/create/voice-groups';

test('the picker, from this machine’s real voices: natural first (shown, not offered, without their model), readable languages, the robotic voices last under one heading', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'rf-groups-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const { voices } = await listVoices(providerContext({ home }));
  const groups = voiceGroups(voices);
  assert.equal(groups[0]!.label, 'Natural voices (not installed)', 'no model here: nothing speaks naturally yet, so the natural voices come first, shown but not offered');
  assert.equal(groups.at(-1)!.label, 'More voices (robotic)');
  assert.ok(groups[0]!.disabled && groups[0]!.voices.some((v) => voiceLabel(v) === 'Heart · English (US) · female'), groups[0]!.voices.map(voiceLabel).join(', '));
  const robotic = groups.at(-1)!.voices;
  assert.ok(robotic.length > 50, 'espeak-ng’s many languages');
  assert.equal(voiceLabel(robotic[0]!).split(' · ')[0]!.startsWith('English'), true, 'English first among them');
  assert.ok(robotic.some((v) => voiceLabel(v).startsWith('English (US)')));
  for (const v of voices) assert.doesNotMatch(voiceLabel(v), /^[a-z]{2,3}(-|$)/, `a readable name, not a code: ${voiceLabel(v)}`);
});
