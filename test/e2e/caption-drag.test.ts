import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDocument } from './harness';
import { editorSession } from './editor-session';

const session = editorSession();

async function seedProject(): Promise<void> {
  await session.save('captions', {
    title: 'Captions',
    scenes: [
      { narration: 'Captions on a dark card.', visual: { type: 'color', color: '#203050' }, duration: 3 },
      { narration: 'This scene hides them.', visual: { type: 'color', color: '#204020' }, duration: 3 },
    ],
  });
}

/**
 * The caption text on the frame (its near-white pixels): their share of the frame's top, middle
 * and bottom thirds, and where they sit across it (their mean x as a fraction of the width; -1: none).
 */
const frameInk = () =>
  session.s.page.evaluate(() => {
    const img = document.querySelector('[data-testid="frame-image"]') as HTMLImageElement;
    const c = document.createElement('canvas');
    c.width = img.naturalWidth;
    c.height = img.naturalHeight;
    const g = c.getContext('2d')!;
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    const thirds = [0, 0, 0];
    let sumX = 0;
    let n = 0;
    for (let y = 0; y < c.height; y++) {
      for (let x = 0; x < c.width; x++) {
        const i = (y * c.width + x) * 4;
        if (d[i]! > 200 && d[i + 1]! > 200 && d[i + 2]! > 200) {
          thirds[Math.min(2, Math.floor((3 * y) / c.height))]!++;
          sumX += x;
          n++;
        }
      }
    }
    return { thirds: thirds.map((k) => k / ((c.width * c.height) / 3)), centreX: n ? sumX / n / c.width : -1 };
  });
const captionInk = async () => (await frameInk()).thirds;
const inkCentreX = async () => (await frameInk()).centreX;
const { framePath, nextFrame, setPlayhead, currentFrame } = session;

test('the captions are dragged on the frame: the band moves, the caption style follows as one undo step, and the frame is drawn with them there', async () => {
  const { s } = session;
  const page = s.page;
  await seedProject();
  await session.openFirstProject();
  await setPlayhead(1.5);
  await nextFrame(null);
  const band = page.getByTestId('caption-band');
  await band.waitFor();
  const ink0 = await captionInk();
  assert.ok(ink0[2]! > 0.005 && ink0[0]! < 0.001, `captions in the lower third at first (${ink0})`);
  const picture = (await page.getByTestId('frame-image').boundingBox())!;
  const b0 = (await band.boundingBox())!;
  assert.ok(b0.y > picture.y + picture.height / 2, 'the band is drawn where the captions are');
  await s.screenshot('captions-01-band-1440');

  // drag the band to near the top of the picture
  const before = await framePath();
  await page.mouse.move(b0.x + b0.width / 2, b0.y + b0.height / 2);
  await page.mouse.down();
  const targetY = picture.y + picture.height * 0.2;
  await page.mouse.move(b0.x + b0.width / 2, targetY, { steps: 8 });
  await page.mouse.up();
  const moved = (await openDocument(page)).style.caption;
  assert.equal(moved.position, 'top');
  assert.ok(moved.margin > 0.05 && moved.margin < 0.25, `hung from the top at ${moved.margin}`);
  await nextFrame(before);
  const ink1 = await captionInk();
  assert.ok(ink1[0]! > 0.005 && ink1[2]! < 0.001, `the frame is drawn with the captions at the top (${ink1})`);
  const b1 = (await band.boundingBox())!;
  assert.ok(b1.y < picture.y + picture.height / 3, 'the band follows');
  await s.screenshot('captions-02-dragged-top-1440');

  // one undo step puts them back
  const after = await framePath();
  await page.getByTestId('frame-image').click();
  await page.keyboard.press('Control+z');
  assert.equal((await openDocument(page)).style.caption.position, 'bottom');
  await nextFrame(after);
  const ink2 = await captionInk();
  assert.ok(ink2[2]! > 0.005 && ink2[0]! < 0.001, `back at the bottom (${ink2})`);
});

test('a scene hides its captions by an explicit override; the other scene keeps the video’s', async () => {
  const { s } = session;
  const page = s.page;
  await page.getByTestId('clip').nth(1).click({ position: { x: 10, y: 20 } });
  await page.getByTestId('scene-captions').waitFor();
  await setPlayhead(4.5);
  await nextFrame(await framePath());
  assert.ok((await captionInk())[2]! > 0.005, 'scene 2 has captions before');
  let old = await framePath();
  await page.getByTestId('scene-caption-hide').check();
  const doc = await openDocument(page);
  assert.deepEqual(doc.scenes[1]!.captionStyle, { enabled: false });
  assert.equal(doc.style.caption.enabled, true, 'the whole video keeps its captions');
  await nextFrame(old);
  const hidden = await captionInk();
  assert.ok(hidden.every((x) => x < 0.001), `no captions drawn in scene 2 (${hidden})`);
  assert.equal(await page.getByTestId('caption-band').count(), 0, 'no band to drag where there are no captions');
  assert.match(await page.getByTestId('caption-scope').innerText(), /Scene 2 keeps its own caption changes/);
  await s.screenshot('captions-03-scene-hidden-1440');

  // scene 1 still shows the video's captions
  old = await framePath();
  await setPlayhead(1.5);
  await nextFrame(old);
  assert.ok((await captionInk())[2]! > 0.005, 'scene 1 keeps its captions');

  // scene 2 back to the video's captions, at a position of its own: the top
  await page.getByTestId('clip').nth(1).click({ position: { x: 10, y: 20 } });
  await page.getByTestId('scene-caption-hide').uncheck();
  await page.getByTestId('scene-caption-position').selectOption('top');
  old = await framePath();
  await setPlayhead(4.6);
  await nextFrame(old);
  const top = await captionInk();
  assert.ok(top[0]! > 0.005 && top[2]! < 0.001, `scene 2's captions at the top (${top})`);
  assert.equal((await openDocument(page)).scenes[1]!.captionStyle?.position, 'top');
});

test('the captions are dragged to a side of the frame: they are set to that side, drawn there, and one Undo centres them again', async () => {
  const { s } = session;
  const page = s.page;
  await page.getByTestId('scene-caption-reset').click();
  await page.getByTestId('clip').nth(0).click({ position: { x: 10, y: 20 } });
  let old = await framePath();
  await setPlayhead(1.5);
  await nextFrame(old);
  const band = page.getByTestId('caption-band');
  await band.waitFor();
  assert.equal(await band.getAttribute('data-align'), 'center');
  const centred = await inkCentreX();
  // the middle of the safe width (9:16 keeps further from the right edge, where the apps' buttons are)
  assert.ok(centred > 0.38 && centred < 0.55, `centred at first (${centred.toFixed(2)})`);
  const picture = (await page.getByTestId('frame-image').boundingBox())!;
  const b0 = (await band.boundingBox())!;

  // sideways only: into the right third of the picture, at the same height
  old = await framePath();
  await page.mouse.move(b0.x + b0.width / 2, b0.y + b0.height / 2);
  await page.mouse.down();
  await page.mouse.move(picture.x + picture.width * 0.85, b0.y + b0.height / 2, { steps: 8 });
  await page.mouse.up();
  const doc = await openDocument(page);
  assert.equal(doc.style.caption.align, 'right');
  assert.equal(doc.style.caption.position, 'bottom', 'a sideways drag keeps the height');
  await nextFrame(old);
  const right = await inkCentreX();
  assert.ok(right > centred + 0.08, `the captions are drawn on the right (${centred.toFixed(2)} → ${right.toFixed(2)})`);
  await page.waitForFunction(() => document.querySelector('[data-testid="caption-band"]')?.getAttribute('data-align') === 'right');
  const b1 = (await band.boundingBox())!;
  assert.ok(b1.x > b0.x + 5 && b1.x + b1.width <= picture.x + picture.width + 1, 'the band follows, inside the picture');
  await s.screenshot('captions-04-dragged-right-1440');

  // and to the left third
  old = await framePath();
  await page.mouse.move(b1.x + b1.width / 2, b1.y + b1.height / 2);
  await page.mouse.down();
  await page.mouse.move(picture.x + picture.width * 0.1, b1.y + b1.height / 2, { steps: 8 });
  await page.mouse.up();
  assert.equal((await openDocument(page)).style.caption.align, 'left');
  await nextFrame(old);
  const left = await inkCentreX();
  assert.ok(left < centred - 0.08, `the captions are drawn on the left (${left.toFixed(2)})`);

  // each drag one undo step
  old = await framePath();
  await page.getByTestId('frame-image').click();
  await page.keyboard.press('Control+z');
  assert.equal((await openDocument(page)).style.caption.align, 'right');
  await page.keyboard.press('Control+z');
  assert.equal((await openDocument(page)).style.caption.align, 'center');
  await currentFrame();
  assert.ok(Math.abs((await inkCentreX()) - centred) < 0.02, 'centred again');
});

test('with the whole video’s captions off, one scene shows its own', async () => {
  const { s } = session;
  const page = s.page;
  await page.getByTestId('caption-enabled').uncheck();
  await setPlayhead(4.5);
  await currentFrame();
  assert.ok((await captionInk()).every((x) => x < 0.001), 'no captions anywhere once the video has them off');
  await page.getByTestId('clip').nth(1).click({ position: { x: 10, y: 20 } });
  assert.equal(await page.getByTestId('scene-caption-hide').count(), 0, 'nothing to hide');
  let old = await framePath();
  await page.getByTestId('scene-caption-show').check();
  const doc = await openDocument(page);
  assert.deepEqual(doc.scenes[1]!.captionStyle, { enabled: true });
  assert.equal(doc.style.caption.enabled, false, 'the whole video keeps them off');
  await nextFrame(old);
  const shown = await captionInk();
  assert.ok(shown[2]! > 0.005, `scene 2 shows its captions (${shown})`);
  await page.getByTestId('caption-band').waitFor();
  await s.screenshot('captions-05-scene-shows-1440');

  // scene 1 follows the video: none
  old = await framePath();
  await setPlayhead(1.5);
  await nextFrame(old);
  assert.ok((await captionInk()).every((x) => x < 0.001), 'scene 1 has none');
  assert.equal(await page.getByTestId('caption-band').count(), 0);
});
