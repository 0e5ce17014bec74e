import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { systemFontFamilies } from '../../main/fonts/system-fonts';
import { distinctFont } from '../templates/font-fixture';
import { openStudio, type Session } from './harness';

let s: Session;
before(async () => {
  s = await openStudio({ worker: false });
});
after(async () => {
  await s?.close();
});

/** RGB pixels of an image. */
const pixels = (file: string) => execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
const differing = (a: Buffer, b: Buffer) => {
  let n = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i += 3) if (Math.abs(a[i]! - b[i]!) + Math.abs(a[i + 1]! - b[i + 1]!) + Math.abs(a[i + 2]! - b[i + 2]!) > 60) n++;
  return n;
};

test('font pickers list the bundled fonts, the built-in looks\' fonts, the system\'s and the user\'s, each drawn in itself; a chosen system font is what the frame is drawn in', async () => {
  const { page } = s;
  // a family installed here that neither Reelforge nor its looks bring (fontconfig: what libass asks too)
  const system = await systemFontFamilies();
  const other = ['DejaVu Serif', 'Liberation Serif', 'DejaVu Sans Mono'].find((f) => system.includes(f)) ?? system.find((f) => !/^(Inter|Noto Serif)$/.test(f));
  assert.ok(other, `fc-list lists fonts on this machine: ${system.length}`);

  await page.getByTestId('tab-templates').click();
  await page.locator('[data-testid="template-tile"][data-template-id="bold-shorts"]').click();
  await page.getByTestId('template-duplicate').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="template-editor"]')?.getAttribute('data-template-id') !== 'bold-shorts');
  const groupsOf = (testId: string) =>
    page.locator(`[data-testid="${testId}"] optgroup`).evaluateAll((gs) => gs.map((g) => ({ label: g.getAttribute('label')!, families: [...g.querySelectorAll('option')].map((o) => ({ value: (o as HTMLOptionElement).value, face: (o as HTMLOptionElement).style.fontFamily })) })));
  await page.waitForFunction((f) => [...document.querySelectorAll('[data-testid="tpl-caption-font"] option')].some((o) => (o as HTMLOptionElement).value === f), other);
  for (const picker of ['tpl-font', 'tpl-caption-font']) {
    const groups = await groupsOf(picker);
    const group = (label: string) => groups.find((g) => g.label === label)?.families.map((f) => f.value) ?? [];
    assert.deepEqual(group('Bundled with Reelforge'), ['Inter'], JSON.stringify(groups.map((g) => g.label)));
    assert.ok(group('Used by the built-in looks').includes('Noto Serif'), 'Noto Serif, which Docu Story and Minimal Quote use');
    assert.ok(group('On this computer').includes(other!), `${other} from fontconfig`);
    assert.ok(!group('On this computer').includes('Noto Serif'), 'each family once');
    for (const g of groups) for (const f of g.families) assert.ok(f.face.replace(/"/g, "").startsWith(`${f.value},`), `${f.value} is drawn in itself: ${f.face}`);
  }

  // an imported font: listed under the user's fonts, and drawable by the page (served from the app's fonts folder)
  await page.getByTestId('tpl-font-file').setInputFiles(distinctFont(s.home));
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="tpl-caption-font"] optgroup[label="Your fonts"] option')].some((o) => (o as HTMLOptionElement).value === 'Reel Serif'));
  const loaded = await page.evaluate(async () => ({
    reel: (await document.fonts.load('20px "Reel Serif"')).length,
    inter: (await document.fonts.load('20px "Inter"')).length,
  }));
  assert.deepEqual(loaded, { reel: 1, inter: 1 }, 'the imported and the bundled font are real faces in the page, not a fallback');

  // choosing the system font: the live frame, drawn by the render pipeline, changes with it
  const frame = page.getByTestId('template-preview-frame');
  await frame.waitFor({ timeout: 60_000 });
  const settled = async (old?: string) => {
    await page.waitForFunction(
      (o) => {
        const img = document.querySelector('[data-testid="template-preview-frame"]');
        return !!img && img.getAttribute('data-path') !== o && !document.querySelector('[data-testid="template-live"] h3 .meta')?.textContent?.includes('drawing');
      },
      old ?? null,
      { timeout: 60_000 },
    );
    return (await frame.getAttribute('data-path'))!;
  };
  await page.getByTestId('tpl-caption-font').selectOption('Inter');
  await page.getByTestId('tpl-font').selectOption('Inter');
  const inInter = await settled();
  await page.getByTestId('tpl-caption-font').selectOption(other!);
  await page.getByTestId('tpl-font').selectOption(other!);
  const inOther = await settled(inInter);
  assert.match(await page.getByTestId('tpl-caption-font-sample').evaluate((e) => getComputedStyle(e).fontFamily), new RegExp(`^"?${other}"?,`), 'the sample line under the picker is in the chosen font');
  const changed = differing(pixels(inInter), pixels(inOther));
  assert.ok(changed > 200, `the frame in ${other} differs from the frame in Inter (${changed} pixels)`);
  await page.getByTestId('tpl-caption-font').scrollIntoViewIfNeeded();
  await s.screenshot('fonts-template-editor-1440');
  assert.deepEqual(s.consoleErrors, []);
});
