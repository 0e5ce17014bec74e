import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildProject } from '../../main/make/build-project';
import { findTemplate } from '../../main/templates/load-templates';

// A how-to's steps are one list shown scene after scene: a dissolve or wipe between two of them
// would show the list twice with its highlight half-moved. The list's scenes cut; the rest keep the
// template's transition.
test('the scenes of one list of steps follow each other by a cut; other scenes keep the template\'s transition', () => {
  const lines = [
    'Brewing pour-over coffee takes five minutes.',
    'First, rinse the paper filter with hot water.',
    'Then add twenty grams of ground coffee.',
    'Finally, pour slowly in circles.',
    'Enjoy your cup.',
  ];
  const template = findTemplate('calm-explainer');
  const built = buildProject({
    script: { title: 'Pour-over', language: 'en', scenes: lines.map((narration) => ({ narration, keywords: [], role: 'body' as const })) },
    template: { ...template, layout: { ...template.layout, titleCard: false } },
    narration: lines.map((l) => ({ audioPath: '/nonexistent.wav', words: l.split(' ').map((text, k) => ({ text, start: k * 0.3, end: k * 0.3 + 0.25 })) })),
    media: lines.map(() => null),
  });
  const { project } = built;
  const kinds = project.scenes.map((s) => (s.visual?.type === 'designed' ? s.visual.kind : s.visual?.type));
  assert.deepEqual(kinds.slice(1, 4), ['steps', 'steps', 'steps'], `the three steps are one list (${kinds.join(', ')})`);
  const into = project.scenes.map((s) => s.transition?.type ?? template.style.transition.type);
  assert.equal(into[1], template.style.transition.type, 'the list arrives with the template\'s transition');
  assert.deepEqual(into.slice(2, 4), ['cut', 'cut'], 'its next steps cut');
  assert.equal(into[4], template.style.transition.type, 'the scene after the list has the template\'s transition again');
});
