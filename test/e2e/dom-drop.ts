import type { Page } from 'playwright-core';

/**
 * Drops files onto an element the way the OS does (dragenter → dragover → drop with a
 * DataTransfer holding File objects); Playwright cannot drag from outside the browser.
 */
export async function dropFiles(page: Page, selector: string, files: Array<{ name: string; mime: string; base64: string }>, at: 'center' | 'left-edge' = 'center') {
  await page.evaluate(
    ({ selector, files, at }) => {
      const el = document.querySelector(selector) as HTMLElement;
      const r = el.getBoundingClientRect();
      const clientX = at === 'center' ? r.left + r.width / 2 : r.left + 2;
      const clientY = r.top + r.height / 2;
      const dt = new DataTransfer();
      for (const f of files) {
        const bytes = Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0));
        dt.items.add(new File([bytes], f.name, { type: f.mime }));
      }
      for (const type of ['dragenter', 'dragover', 'drop']) {
        el.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt, clientX, clientY }));
      }
    },
    { selector, files, at },
  );
}

/** Drags with the mouse from the centre of one element to a point relative to another. */
export async function pointerDrag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, steps = 12) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps });
  await page.mouse.up();
}
