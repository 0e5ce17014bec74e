import { test } from 'node:test';
import assert from 'node:assert/strict';
import { designedLayers, type Layer } from '../../main/render/designed/designed-layers';
import { designPalette } from '../../main/render/designed/palette';
import { fontMetrics } from '../../main/design/text-measure';
import { drawtextFont } from '../../main/render/render-fonts';
import { frameLayout, toPixels } from '../../main/layout/safe-area';
import { findTemplate } from '../../main/templates/load-templates';
import type { Visual } from '../../preload/contract/project';

type Designed = Extract<Visual, { type: 'designed' }>;

/** The layers a designed scene draws in a template's look at a frame size (pure: no rendering). */
function layersOf(v: Designed, templateId: string, W: number, H: number, captions = true): Layer[] {
  const style = findTemplate(templateId).style;
  return designedLayers(v, {
    width: W,
    height: H,
    fps: 30,
    style,
    palette: designPalette(style),
    metrics: fontMetrics(drawtextFont(style)),
    family: 'Inter',
    narrationStart: 0.2,
    captions,
    continuesSteps: false,
    icon: (name, x, y, size) => `<rect data-icon="${name}" x="${x}" y="${y}" width="${size}" height="${size}"/>`,
  });
}

const stat: Designed = { type: 'designed', kind: 'stat', at: 1, text: '', label: 'steps to the lamp', figure: { text: '112', value: 112, prefix: '', suffix: '', decimals: 0, count: true } };
const illustrated: Designed = { type: 'designed', kind: 'illustrated', at: 0, text: 'a ship that passed', emoji: { char: '🚢', icon: 'ship' } };

test('in a wide frame a stat sets its label beside the figure and, with captions off, an illustration its words beside the picture, filling the width of the stage', () => {
  const [W, H] = [1920, 1080];
  const stage = toPixels(frameLayout(W, H).stage, W, H);
  for (const id of ['calm-explainer', 'docu-story']) {
    const [fig, label] = layersOf(stat, id, W, H);
    assert.ok(label!.x >= fig!.x + fig!.w, `${id}: the label starts right of the figure`);
    assert.ok(label!.y > fig!.y && label!.y + label!.h < fig!.y + fig!.h, `${id}: the label sits within the figure's height`);
    assert.ok(fig!.h >= stage.h * 0.5, `${id}: the figure is large (${fig!.h} of a ${stage.h} px stage)`);
    const [words, picture] = layersOf(illustrated, id, W, H, false);
    assert.ok(words!.x + words!.w <= picture!.x, `${id}: the words end before the picture`);
    assert.ok(picture!.x + picture!.w >= stage.x + stage.w * 0.9, `${id}: the picture stands at the right of the stage`);
    // everything inside the stage (never the caption band)
    for (const l of [fig!, label!, words!, picture!]) {
      assert.ok(l.x >= stage.x - 1 && l.x + l.w <= stage.x + stage.w + 1 && l.y >= stage.y - 1 && l.y + l.h <= stage.y + stage.h + 1, `${id}: a layer leaves the stage`);
    }
    // with captions on, the sentence is the caption's: the picture stands alone, centred
    const alone = layersOf(illustrated, id, W, H, true);
    assert.equal(alone.length, 1, `${id}: no words beside the picture while the caption says them`);
    assert.ok(Math.abs(alone[0]!.x + alone[0]!.w / 2 - (stage.x + stage.w / 2)) <= 2, `${id}: the picture is centred on the stage`);
  }
});

test('in a tall frame a stat keeps its label under the figure and an illustration stands alone, centred', () => {
  const [W, H] = [1080, 1920];
  const stage = toPixels(frameLayout(W, H).stage, W, H);
  const [fig, label] = layersOf(stat, 'bold-shorts', W, H);
  assert.ok(label!.y >= fig!.y + fig!.h, 'the label is under the figure');
  const layers = layersOf(illustrated, 'bold-shorts', W, H);
  assert.equal(layers.length, 1);
  const centre = layers[0]!.x + layers[0]!.w / 2;
  assert.ok(Math.abs(centre - (stage.x + stage.w / 2)) <= 2, 'the picture is centred on the stage');
});
