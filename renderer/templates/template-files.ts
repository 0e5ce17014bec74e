import type { DragEvent } from 'react';
import type { Connection } from '../api/connect';
import { filesToSources } from '../api/file-sources';
import type { StudioStore } from '../state/types';
import { TEMPLATE_MIME } from '../editor/timeline';

/** Files dragged in from the desktop carry `Files`; a card dragged inside the page does not. */
export const carriesFiles = (e: DragEvent) => e.dataTransfer.types.includes('Files');

/** A drop of template files (.reelforge-template.json, or a .zip package) imports them. */
export async function importDroppedTemplates(e: DragEvent, store: StudioStore, conn: Connection): Promise<void> {
  e.preventDefault();
  const files = [...e.dataTransfer.files];
  if (!files.length) return;
  await store.getState().importTemplates(await filesToSources(files, conn));
}

/**
 * A card being dragged: inside the studio it names the template (drop it on the timeline or a
 * scene); dragged out of the window it is the template's file, which Chromium saves where the
 * card is dropped (`DownloadURL`: mime, file name and an absolute URL of the exported file).
 */
export function startCardDrag(e: DragEvent, id: string, store: StudioStore, conn: Connection): void {
  e.dataTransfer.setData(TEMPLATE_MIME, id);
  e.dataTransfer.effectAllowed = 'copy';
  const file = store.getState().templateFiles[id];
  const current = store.getState().templates.find((t) => t.id === id);
  if (file && current && file.hash === current.hash) {
    const url = new URL(conn.mediaUrl(file.path), location.href).href;
    const mime = file.fileName.endsWith('.zip') ? 'application/zip' : 'application/json';
    e.dataTransfer.setData('DownloadURL', `${mime}:${file.fileName}:${url}`);
  }
}
