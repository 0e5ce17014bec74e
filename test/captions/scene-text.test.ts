import { test } from 'node:test';
import assert from 'node:assert/strict';
import { projectCaptionEvents } from '../../main/captions/project-captions';
import { computeTimeline } from '../../main/render/timeline';
import { projectSchema, type ProjectInput } from '../../preload/contract/project';

/** Timed words, ~3 a second. */
function timed(text: string) {
  let t = 0.1;
  return text.split(' ').map((w) => {
    const out = { text: w, start: +t.toFixed(3), end: +(t + 0.28).toFixed(3) };
    t += 0.32;
    return out;
  });
}

function captionsOf(visual: ProjectInput['scenes'][number]['visual'], narration: string) {
  const words = timed(narration);
  const project = projectSchema.parse({
    version: 1,
    title: 't',
    settings: { preset: 'shorts-1080' },
    scenes: [{ narration, words, audio: '/nowhere/voice.wav', duration: 'fit', visual }],
  });
  const seconds = words.at(-1)!.end + 0.2;
  return { words, events: projectCaptionEvents(project, computeTimeline(project, [seconds], 30)) };
}

const sentence = 'Try Sip for thirty days, and if you do not love it, send it back for free.';

test('a call to action drawn from its sentence is not captioned a second time: the captions step aside while its words are spoken, then carry on', () => {
  const { words, events } = captionsOf({ type: 'designed', kind: 'cta', text: 'Try Sip for thirty days' }, sentence);
  const text = events.map((e) => e.text.replace(/\n/g, ' ')).join(' ');
  assert.equal(text, 'and if you do not love it, send it back for free.', 'the rest of the sentence, whole');
  const shownUntil = words[4]!.end;
  for (const e of events) assert.ok(e.start >= words[5]!.start - 1e-9, `a caption is up at ${e.start} s while the drawn words are spoken (until ${shownUntil} s)`);
});

test('text drawn from the middle of the sentence: the captions before it leave when it is spoken', () => {
  const { words, events } = captionsOf({ type: 'designed', kind: 'steps', text: 'grind the beans', steps: { items: ['grind the beans', 'pour'], current: 0 } }, 'First of all, grind the beans until they feel like sand.');
  assert.equal(events.map((e) => e.text.replace(/\n/g, ' ')).join(' '), 'First of all, until they feel like sand.');
  const from = words.findIndex((w) => w.text === 'grind');
  for (const e of events) assert.ok(e.end <= words[from]!.start + 1e-9 || e.start >= words[from + 2]!.end - 1e-9, `"${e.text}" is up ${e.start}–${e.end} s, over the drawn words`);
});

test('a step opened by a sequence word: the step\'s number stands for "First," or "Then", which never flashes up alone', () => {
  for (const [said, step, rest] of [
    ['First, heat your water to just below boiling.', 'heat your water', 'to just below boiling.'],
    ['Then pour the rest slowly in small circles.', 'pour the rest slowly', 'in small circles.'],
    ['After that, wait thirty seconds.', 'wait thirty seconds', ''],
  ]) {
    const { events } = captionsOf({ type: 'designed', kind: 'steps', text: step!, steps: { items: [step!, 'taste'], current: 0 } }, said!);
    assert.equal(events.map((e) => e.text.replace(/\n/g, ' ')).join(' '), rest, said);
  }
});

test('scenes whose text is not their sentence keep every caption: a stat, a title from elsewhere, a single word', () => {
  for (const visual of [
    { type: 'designed' as const, kind: 'stat' as const, text: '', figure: { text: '30' }, label: 'days' },
    { type: 'designed' as const, kind: 'title' as const, text: 'The bottle that remembers' },
    { type: 'designed' as const, kind: 'cta' as const, text: 'Sip' },
  ]) {
    const { events } = captionsOf(visual, sentence);
    assert.equal(events.map((e) => e.text.replace(/\n/g, ' ')).join(' '), sentence, visual.kind);
  }
});

test('a kinetic scene keeps its sentence on screen through the pause after it, until the scene leaves; a plain scene\'s caption leaves with the voice', () => {
  const narration = 'Most of us drink far less water than we think.';
  const words = timed(narration);
  const run = (visual: ProjectInput['scenes'][number]['visual']) => {
    const project = projectSchema.parse({
      version: 1,
      title: 't',
      settings: { preset: 'shorts-1080' },
      scenes: [{ narration, words, audio: '/nowhere/voice.wav', duration: 'fit', padding: 1, visual }],
    });
    const timeline = computeTimeline(project, [words.at(-1)!.end + 0.2], 30);
    return { last: projectCaptionEvents(project, timeline).at(-1)!, slot: timeline.slots[0]! };
  };
  const kinetic = run({ type: 'designed', kind: 'kinetic', text: 'far less water' });
  assert.ok(Math.abs(kinetic.last.end - (kinetic.slot.start + kinetic.slot.duration)) < 0.02, `the sentence stays until the scene ends (${kinetic.last.end} s of ${kinetic.slot.duration} s)`);
  const plain = run({ type: 'color', color: '#000000' });
  assert.ok(plain.last.end <= plain.slot.narrationStart + plain.slot.narrationDuration + 1e-9, 'a plain caption leaves with the voice');
});
