import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { renderProject } from '../../main/render/render-project';
import { ff, regionColor, smallProject, tempDir } from './fixtures';
import type { ProjectInput } from '../../preload/contract/project';
import { buildRuntimeConfig } from '../../main/config/runtime-config';

/** this test process's runtime configuration, from its environment, as an entry point builds one */
const testConfig = buildRuntimeConfig({ env: process.env });

type SceneInput = ProjectInput['scenes'][number];

const dir = tempDir();
/** 320×180 (16:9): the left half red, the right half blue. */
const wide = join(dir, 'wide.png');
ff('-f', 'lavfi', '-i', 'color=c=#FF0000:s=320x180:d=0.04', '-f', 'lavfi', '-i', 'color=c=#0000FF:s=160x180:d=0.04',
  '-filter_complex', '[0][1]overlay=x=160:y=0', '-frames:v', '1', wide);

const BACKGROUND = '#00FF00';
type Rgb = [number, number, number];
const region = (x: number, y: number, w: number, h: number) => ({ x, y, w, h });
const near = (c: Rgb, want: Rgb, tol = 30) => c.every((v, i) => Math.abs(v - want[i]!) <= tol);
const show = (c: Rgb) => `rgb(${c.join(',')})`;

// One 9:16 render, one second per scene, cut between them, no Ken Burns and no captions.
const scenes: SceneInput[] = [
  { visual: { type: 'image', path: wide, fit: 'fill', kenBurns: false }, duration: 1 },
  { visual: { type: 'image', path: wide, fit: 'fit', kenBurns: false }, duration: 1 },
  { visual: { type: 'image', path: wide, fit: 'blur-pad', kenBurns: false }, duration: 1 },
  { visual: { type: 'color', color: '#000040' }, duration: 1 },
  { visual: { type: 'color', color: '#000040' }, duration: 1, overlays: [{ text: 'TOP LINE', position: 'top', size: 0.08, color: '#FFFF00' }] },
  { visual: { type: 'color', color: '#000040' }, duration: 1, overlays: [{ text: 'LOW LINE', position: 'bottom', size: 0.08, color: '#FFFF00' }] },
];
const at = (scene: number) => scene + 0.5;
let out: string;

test('renders the fit and overlay scenes', async () => {
  const project = smallProject({
    scenes: scenes.map((s) => ({ ...s, transition: { type: 'cut' } })),
    style: { colors: { background: BACKGROUND }, caption: { enabled: false } },
  }, dir);
  out = join(dir, 'fit.mp4');
  await renderProject({ config: testConfig, project, output: out });
});

test('fill covers the whole frame with the picture, cropped to the middle: no background shows', () => {
  const topLeft = regionColor(out, at(0), region(0.02, 0.02, 0.3, 0.15)) as Rgb;
  const topRight = regionColor(out, at(0), region(0.68, 0.02, 0.3, 0.15)) as Rgb;
  const bottomLeft = regionColor(out, at(0), region(0.02, 0.83, 0.3, 0.15)) as Rgb;
  assert.ok(near(topLeft, [255, 0, 0]), `top left is the picture's red: ${show(topLeft)}`);
  assert.ok(near(bottomLeft, [255, 0, 0]), `bottom left is the picture's red: ${show(bottomLeft)}`);
  assert.ok(near(topRight, [0, 0, 255]), `top right is the picture's blue: ${show(topRight)}`);
  // Cropped, not squeezed: the red/blue edge stays a sharp edge in the middle of the frame.
  const justLeft = regionColor(out, at(0), region(0.4, 0.02, 0.06, 0.15)) as Rgb;
  assert.ok(near(justLeft, [255, 0, 0]), `just left of the middle is still pure red: ${show(justLeft)}`);
});

test('fit letterboxes the whole picture on the background colour', () => {
  const top = regionColor(out, at(1), region(0, 0, 1, 0.3)) as Rgb;
  const bottom = regionColor(out, at(1), region(0, 0.7, 1, 0.3)) as Rgb;
  assert.ok(near(top, [0, 255, 0], 12), `above the picture is the background: ${show(top)}`);
  assert.ok(near(bottom, [0, 255, 0], 12), `below the picture is the background: ${show(bottom)}`);
  // The picture's full width is there: red at the far left, blue at the far right, at mid-height.
  const left = regionColor(out, at(1), region(0.02, 0.48, 0.2, 0.04)) as Rgb;
  const right = regionColor(out, at(1), region(0.78, 0.48, 0.2, 0.04)) as Rgb;
  assert.ok(near(left, [255, 0, 0]) && near(right, [0, 0, 255]), `the whole width: ${show(left)} … ${show(right)}`);
});

test('blur-pad shows the whole picture over a blurred copy of itself, never the background colour', () => {
  const left = regionColor(out, at(2), region(0.02, 0.48, 0.2, 0.04)) as Rgb;
  const right = regionColor(out, at(2), region(0.78, 0.48, 0.2, 0.04)) as Rgb;
  assert.ok(near(left, [255, 0, 0]) && near(right, [0, 0, 255]), `the sharp picture in the middle: ${show(left)} … ${show(right)}`);
  const topLeft = regionColor(out, at(2), region(0.02, 0.02, 0.2, 0.15)) as Rgb;
  const topRight = regionColor(out, at(2), region(0.78, 0.02, 0.2, 0.15)) as Rgb;
  assert.ok(topLeft[0] > 150 && topLeft[1] < 60, `above the picture: the red side of the blurred copy, not green: ${show(topLeft)}`);
  assert.ok(topRight[2] > 150 && topRight[1] < 60, `the blue side of it: ${show(topRight)}`);
  // Blurred: just left of the middle, red and blue run into each other (fill has a sharp edge there).
  const justLeft = regionColor(out, at(2), region(0.4, 0.02, 0.06, 0.15)) as Rgb;
  assert.ok(justLeft[0] > 60 && justLeft[2] > 40, `red and blue blend near the middle: ${show(justLeft)}`);
});

test('a text overlay is drawn where its position says, in its colour, inside the stage (clear of the caption band and the platforms\' bottom band)', () => {
  // the 9:16 stage is y 11.5–54.5 % of the frame: a top overlay at its top, a bottom one at its bottom
  const topBand = region(0.05, 0.11, 0.9, 0.12);
  const lowBand = region(0.05, 0.42, 0.9, 0.12);
  const captionsAndBelow = region(0.0, 0.56, 1, 0.44);
  for (const scene of [4, 5]) {
    const c = regionColor(out, at(scene), captionsAndBelow) as Rgb;
    assert.ok(near(c, regionColor(out, at(3), captionsAndBelow) as Rgb, 2), `scene ${scene + 1}: nothing drawn in the caption band or below: ${show(c)}`);
  }
  const plainTop = regionColor(out, at(3), topBand) as Rgb;
  const plainLow = regionColor(out, at(3), lowBand) as Rgb;
  const topTop = regionColor(out, at(4), topBand) as Rgb;
  const topLow = regionColor(out, at(4), lowBand) as Rgb;
  const lowTop = regionColor(out, at(5), topBand) as Rgb;
  const lowLow = regionColor(out, at(5), lowBand) as Rgb;
  // Yellow text on a dark blue card lifts red and green where it is drawn, and nowhere else.
  assert.ok(topTop[0] > plainTop[0] + 15 && topTop[1] > plainTop[1] + 15, `the top overlay is in the top band: ${show(topTop)} vs ${show(plainTop)}`);
  assert.ok(near(topLow, plainLow, 4), `and not at the bottom: ${show(topLow)} vs ${show(plainLow)}`);
  assert.ok(lowLow[0] > plainLow[0] + 15 && lowLow[1] > plainLow[1] + 15, `the bottom overlay is in the bottom band: ${show(lowLow)} vs ${show(plainLow)}`);
  assert.ok(near(lowTop, plainTop, 4), `and not at the top: ${show(lowTop)} vs ${show(plainTop)}`);
  assert.ok(Math.abs(topTop[0] - topTop[1]) < 15, `yellow text: red and green rise together: ${show(topTop)}`);
});
