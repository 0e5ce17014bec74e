import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { openDocument } from './harness';
import { editorSession } from './editor-session';

const session = editorSession();
const { framePath, nextFrame } = session;

/** A small project saved straight into the library: a picture that zooms, a gradient card, a text card. */
async function seedProject(): Promise<string> {
  const picture = join(session.s.home, 'teal.png');
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=640x360', '-frames:v', '1', '-y', picture]);
  await session.save('frames', {
    title: 'Frames',
    scenes: [
      { narration: 'A picture that zooms in.', visual: { type: 'image', path: picture, zoom: [1, 1.8] }, duration: 2 },
      { narration: 'A gradient card.', visual: { type: 'gradient', from: '#102040', to: '#F0A030' }, duration: 2 },
      { narration: 'The end.', visual: { type: 'text', text: 'The end', size: 0.08 }, duration: 2 },
    ],
  });
  return 'frames';
}

const frame = () => session.s.page.getByTestId('frame-image');
/** mean colour of the frame on screen, read from the image itself */
const frameRgb = () =>
  session.s.page.evaluate(() => {
    const img = document.querySelector('[data-testid="frame-image"]') as HTMLImageElement;
    const c = document.createElement('canvas');
    c.width = 8;
    c.height = 8;
    const g = c.getContext('2d')!;
    g.drawImage(img, 0, 0, 8, 8);
    const d = g.getImageData(0, 0, 8, 8).data;
    const sum = [0, 0, 0];
    for (let i = 0; i < d.length; i += 4) for (let k = 0; k < 3; k++) sum[k]! += d[i + k]!;
    return sum.map((v) => Math.round(v / 64));
  });

test('a project opens with the frame under the playhead on screen, without pressing preview; scrubbing and edits draw new frames', async () => {
  const { s } = session;
  const page = s.page;
  await seedProject();
  await session.openFirstProject();
  const first = await nextFrame(null);
  assert.equal(await page.getByTestId('preview-video').count(), 0, 'no preview was rendered: the frame is a still of the pipeline');
  const size = await frame().evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);
  assert.deepEqual(size, [270, 480], 'the frame has the project shape');
  // the picture lies outside the app's media folders (where the user keeps it): its clip still shows it
  await page.waitForFunction(() => {
    const thumb = document.querySelector('[data-testid="clip"] img.thumb') as HTMLImageElement | null;
    return !!thumb && thumb.complete && thumb.naturalWidth === 640;
  });
  await s.screenshot('frame-01-open-1440');

  // clicking the second clip brings the playhead to it: the gradient card is drawn
  await page.getByTestId('clip').nth(1).click({ position: { x: 10, y: 20 } });
  const second = await nextFrame(first);
  assert.notDeepEqual(await frameRgb(), [0, 0, 0]);
  assert.equal(await frame().getAttribute('data-at'), '2.00');

  // scrubbing: the slider moves the playhead and the frame follows
  await page.getByTestId('scrub').evaluate((el: HTMLInputElement) => {
    const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    set.call(el, '5');
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  const third = await nextFrame(second);
  assert.equal(await frame().getAttribute('data-at'), '5.00');
  assert.match(await page.getByTestId('playhead-time').innerText(), /^0:05\.0 \/ 0:06\.0$/);

  // an edit on the scene under the playhead: the text card's background turns red in the next frame
  await page.getByTestId('clip').nth(2).click({ position: { x: 10, y: 20 } });
  await page.getByTestId('visual-type').selectOption('color');
  await nextFrame(third);
  await page.locator('[data-testid="scene-inspector"] input[type="color"]').first().evaluate((el: HTMLInputElement) => {
    const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    set.call(el, '#ff0000');
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await page.waitForFunction(() => {
    const img = document.querySelector('[data-testid="frame-image"]') as HTMLImageElement;
    if (!img.complete) return false;
    const c = document.createElement('canvas');
    c.width = c.height = 4;
    const g = c.getContext('2d')!;
    g.drawImage(img, 0, 0, 4, 4);
    const [r, gr, b] = g.getImageData(1, 1, 1, 1).data;
    return r! > 200 && gr! < 60 && b! < 60;
  }, null, { timeout: 60_000 });
  const doc = await openDocument(page);
  assert.deepEqual(doc.scenes[2]!.visual, { type: 'color', color: '#FF0000' });
  await s.screenshot('frame-02-edited-1440');
  await page.setViewportSize({ width: 1280, height: 720 });
  await s.screenshot('frame-03-edited-1280');
  await page.setViewportSize({ width: 1440, height: 900 });
});

test('applying a template keeps a hand-set zoom, says what it changed and what it kept, and one Undo takes it back', async () => {
  const { s } = session;
  const page = s.page;
  // scene 1's zoom 1 → 1.8 was set by hand (no template framed it)
  await page.getByTestId('side-templates').click();
  await page.locator('[data-testid="template-card"][data-template-id="bold-shorts"]').dblclick();
  const notice = page.getByTestId('notice-info').filter({ hasText: 'Template applied' });
  await notice.waitFor();
  const text = await notice.innerText();
  assert.match(text, /Changed: colours, fonts and caption style/);
  assert.match(text, /Kept as you set it: scene 1: your framing \(zoom 1→1\.8\)/);
  const doc = await openDocument(page);
  assert.equal(doc.template, 'bold-shorts');
  const v = doc.scenes[0]!.visual;
  assert.deepEqual(v.type === 'image' && v.zoom, [1, 1.8], 'the hand-set zoom is still there');
  await s.screenshot('frame-04-template-applied-1440');
  await notice.getByTestId('notice-action').click();
  assert.equal((await openDocument(page)).template, undefined, 'one Undo brings back the look before');
});

test('the caption style is labelled as the whole video’s; no screen of the editor scrolls sideways at 1280×720 or 1440×900', async () => {
  const { s } = session;
  const page = s.page;
  await page.keyboard.press('Escape');
  assert.match(await page.getByTestId('caption-panel').locator('legend').innerText(), /whole video/);
  assert.match(await page.getByTestId('caption-scope').innerText(), /every scene/);
  for (const [width, height] of [[1280, 720], [1440, 900]] as const) {
    await page.setViewportSize({ width, height });
    for (const tab of ['library', 'create', 'editor', 'templates', 'queue', 'settings']) {
      await page.getByTestId(`tab-${tab}`).click();
      await page.waitForTimeout(150);
      await s.screenshot(`screen-${tab}-${width}`);
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll('*')]
          .filter((el) => {
            const st = getComputedStyle(el);
            return el.scrollWidth > el.clientWidth + 1 && (st.overflowX === 'auto' || st.overflowX === 'scroll' || el === document.documentElement) && !el.closest('[data-testid="timeline"]');
          })
          .map((el) => `${el.tagName.toLowerCase()}.${(el as HTMLElement).className} (${el.scrollWidth} > ${el.clientWidth})`),
      );
      assert.deepEqual(wide, [], `sideways scrolling on ${tab} at ${width}×${height}`);
      // and nothing cut off at a panel's right edge instead
      const clipped = await page.evaluate(() =>
        [...document.querySelectorAll('.inspector, .panel')].flatMap((panel) => {
          const edge = panel.getBoundingClientRect().right;
          return [...panel.querySelectorAll('input, select, button, textarea, label, p')]
            .filter((el) => (el as HTMLElement).offsetParent !== null && el.getBoundingClientRect().right > edge + 1 && !el.closest('[data-testid="timeline"]'))
            .map((el) => `${el.tagName.toLowerCase()}[${el.getAttribute('data-testid') ?? (el.textContent ?? '').slice(0, 30)}] ends at ${Math.round(el.getBoundingClientRect().right)} > ${Math.round(edge)}`);
        }),
      );
      assert.deepEqual(clipped, [], `cut off on ${tab} at ${width}×${height}`);
      // a closed select shows its choice whole, whichever it is (the voices' names are long)
      if (tab === 'create' || tab === 'editor') assert.deepEqual(await cutChoices(), [], `a choice cut off on ${tab} at ${width}×${height}`);
    }
    // the scene's inspector too: its voice, its picture's kind and framing, its captions
    await page.getByTestId('tab-editor').click();
    await page.getByTestId('clip').nth(0).click({ position: { x: 10, y: 20 } });
    await page.getByTestId('scene-voice-select').waitFor();
    assert.deepEqual(await cutChoices(), [], `a choice cut off in the scene's inspector at ${width}×${height}`);
    await page.keyboard.press('Escape');
  }
  await page.setViewportSize({ width: 1440, height: 900 });
});

/**
 * The selects on screen whose longest option is wider than the select: each is measured against a
 * select of the same class holding the same option texts at its natural width.
 */
const cutChoices = () =>
  session.s.page.evaluate(() =>
    [...document.querySelectorAll('select')]
      .filter((sel) => sel.offsetParent !== null)
      .map((sel) => {
        const natural = document.createElement('select');
        natural.className = sel.className;
        for (const o of sel.options) natural.append(new Option(o.text));
        natural.style.cssText = 'position:absolute;visibility:hidden;width:auto;min-width:0;max-width:none;flex:none';
        sel.parentElement!.append(natural);
        const need = natural.offsetWidth;
        natural.remove();
        return { select: sel.dataset.testid ?? sel.getAttribute('aria-label') ?? sel.options[0]?.text, has: sel.offsetWidth, need };
      })
      .filter((c) => c.need > c.has + 1),
  );

test('framing by hand: the box the picture ends on is dragged to pan and zoomed on the whole picture, each change one Undo', async () => {
  const { s } = session;
  const page = s.page;
  await page.getByTestId('tab-editor').click();
  await page.getByTestId('clip').nth(0).click({ position: { x: 10, y: 20 } });
  await page.getByTestId('framing-open').click();
  // the whole picture, drawn by the pipeline without the zoom, with the end box on it
  await page.waitForFunction(() => {
    const img = document.querySelector('[data-testid="framing-picture"]') as HTMLImageElement | null;
    return !!img && img.complete && img.naturalWidth === 270;
  }, null, { timeout: 60_000 });
  const box = page.getByTestId('framing-box');
  assert.equal(await box.getAttribute('data-zoom'), '1.8');
  const area = (await page.locator('.framing-area').boundingBox())!;
  let b = (await box.boundingBox())!;
  assert.ok(Math.abs(b.width - area.width / 1.8) < 2, `the box is 1/1.8 of the picture wide (${b.width} of ${area.width})`);
  await s.screenshot('frame-05-framing-1440');

  // dragged to the right edge: the picture pans right
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2 + area.width * 0.3, b.y + b.height / 2, { steps: 6 });
  await page.mouse.up();
  await page.waitForFunction(() => document.querySelector('[data-testid="framing-box"]')?.getAttribute('data-pan') === 'right');
  b = (await box.boundingBox())!;
  assert.ok(Math.abs(b.x + b.width - (area.x + area.width)) < 2, 'the box rests against the right edge');
  let v = (await openDocument(page)).scenes[0]!.visual;
  assert.ok(v.type === 'image' && v.pan === 'right' && v.zoom[1] === 1.8);

  // zoomed with + and with the wheel
  await page.getByTestId('framing-zoom-in').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="framing-box"]')?.getAttribute('data-zoom') === '1.9');
  await box.hover();
  await page.mouse.wheel(0, -100);
  await page.waitForFunction(() => document.querySelector('[data-testid="framing-box"]')?.getAttribute('data-zoom') === '2');
  v = (await openDocument(page)).scenes[0]!.visual;
  assert.ok(v.type === 'image' && v.zoom[0] === 1 && v.zoom[1] === 2 && v.pan === 'right', JSON.stringify(v));

  // Done: the frame under the playhead, at the scene's end, shows the picture's right part zoomed
  await page.getByTestId('framing-done').click();
  const old = await framePath();
  await page.getByTestId('scrub').evaluate((el: HTMLInputElement) => {
    const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    set.call(el, '1.9');
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await nextFrame(old);
  await s.screenshot('frame-06-framed-1440');
  // each change was one undo step: the wheel, the +, then the drag
  for (const expected of [[1.9, 'right'], [1.8, 'right'], [1.8, 'none']] as const) {
    await page.keyboard.press('Control+z');
    await page.waitForFunction(([z, pan]) => {
      const vis = (window as any).__studio.getState().history.present.scenes[0].visual;
      return vis.zoom[1] === z && vis.pan === pan;
    }, expected);
  }
});

test('project cards show their first scene as the video shows it, and their look by its name', async () => {
  const { s } = session;
  const page = s.page;
  const templates = (await s.studio.dispatch('listTemplates', [])) as Array<{ id: string; name: string }>;
  const bold = templates.find((t) => t.id === 'bold-shorts')!;
  await session.save('green', {
    title: 'Green card',
    template: 'bold-shorts',
    settings: { width: 180, height: 320 },
    scenes: [{ narration: 'Green.', visual: { type: 'color', color: '#00C000' }, duration: 1 }],
  });
  await page.getByTestId('tab-library').click();
  const card = page.locator('[data-testid="project-card"][data-project-id="green"]');
  await card.waitFor();
  assert.equal(await card.getByTestId('project-look').innerText(), bold.name, 'the template by its name, not its id');
  assert.notEqual(bold.name, bold.id);
  // the thumbnail is the pipeline's frame: the card's green fills it
  await page.waitForFunction(() => {
    const img = document.querySelector('[data-project-id="green"] [data-testid="project-thumb"] img') as HTMLImageElement | null;
    return !!img && img.complete && img.naturalWidth > 0;
  }, null, { timeout: 60_000 });
  const rgb = await card.locator('[data-testid="project-thumb"] img').evaluate((img: HTMLImageElement) => {
    const c = document.createElement('canvas');
    c.width = c.height = 4;
    const g = c.getContext('2d')!;
    g.drawImage(img, 0, 0, 4, 4);
    return [...g.getImageData(1, 0, 1, 1).data].slice(0, 3);
  });
  assert.ok(rgb[1]! > 150 && rgb[0]! < 60 && rgb[2]! < 60, `the thumbnail is the green card (${rgb})`);
  // every card gets one, the other project's too
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="project-thumb"]')].every((t) => t.getAttribute('data-state') === 'ready'), null, { timeout: 60_000 });
  await s.screenshot('library-01-cards-1440');
  await page.setViewportSize({ width: 1280, height: 720 });
  await s.screenshot('library-02-cards-1280');
  await page.setViewportSize({ width: 1440, height: 900 });
});
