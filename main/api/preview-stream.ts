import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isCancelled } from '../../preload/contract/errors';
import type { StoredProject } from '../../preload/contract/studio-api';
import type { RuntimeConfig } from '../config/runtime-config';
import { markGrowing } from '../media/growing-file';
import { renderStream } from '../render/render-stream';
import type { EventHub } from './event-hub';
import { previewDocument } from './preview';
import { probeOnce } from '../render/probe-cache';

/** What a player is told the stream holds: H.264 and AAC in fragmented MP4 (every stream has sound, silent or not). */
export const STREAM_MIME = 'video/mp4; codecs="avc1.64001F, mp4a.40.2"';

/**
 * The document "Play" streams: the scene under the playhead and every scene after it (or that
 * scene alone), at preview size. The first scene's transition in has nothing to come from.
 */
export function streamDocument(project: StoredProject, sceneIndex: number, scope: 'project' | 'scene', height: number): StoredProject {
  if (scope === 'scene') return previewDocument(project, sceneIndex, height);
  const scenes = project.scenes.slice(sceneIndex).map((s, i) => (i === 0 ? { ...s, transition: undefined } : s));
  return previewDocument({ ...project, scenes }, undefined, height);
}

/** A player needs H.264: an HEVC choice in Settings (or one a browser may not decode) streams with libx264. */
const streamEncoder = (encoder: string) => (/hevc|265/.test(encoder) ? 'libx264' : encoder);

/**
 * The editor's streamed previews, one at a time: a new one, a stop, or the studio closing cancels
 * the render and removes its file; a stream that ended stays until the next one starts (the player
 * may still seek in it).
 */
export function createPreviewStreams(opts: { dir: string; events: EventHub; config: RuntimeConfig }) {
  let current: { id: string; path: string; controller: AbortController } | undefined;

  const stop = (id?: string) => {
    const s = current;
    if (!s || (id !== undefined && s.id !== id)) return;
    current = undefined;
    s.controller.abort();
    rmSync(s.path, { force: true });
  };

  return {
    async start(req: { project: StoredProject; sceneIndex: number; offset: number; scope: 'project' | 'scene'; height: number; encoder: string }) {
      stop();
      mkdirSync(opts.dir, { recursive: true });
      const id = randomUUID();
      const path = join(opts.dir, `stream-${req.project.id.replace(/[^\w-]/g, '_')}-${id.slice(0, 8)}.mp4`);
      const controller = new AbortController();
      current = { id, path, controller };
      const growing = markGrowing(path, { onAbandoned: () => stop(id) });
      const stream = renderStream({
        project: streamDocument(req.project, req.sceneIndex, req.scope, req.height),
        output: path,
        from: req.offset,
        encoder: streamEncoder(req.encoder),
        signal: controller.signal,
        config: opts.config,
        tag: `preview-stream:${id}`,
        probe: probeOnce,
      });
      stream.done.then(
        () => {
          growing.finish();
          opts.events.emit('previewStream', { id, state: 'done' });
        },
        (err: unknown) => {
          const cancelled = controller.signal.aborted || isCancelled(err);
          growing.fail(cancelled ? 'cancelled' : 'the preview render failed');
          if (current?.id === id) current = undefined;
          rmSync(path, { force: true });
          opts.events.emit('previewStream', cancelled ? { id, state: 'cancelled' } : { id, state: 'failed', message: err instanceof Error ? err.message : String(err) });
        },
      );
      const { durationSeconds } = await stream.ready;
      return { id, path, mime: STREAM_MIME, durationSeconds };
    },
    stop,
    /** the id of the stream now playing, if any (tests and the studio's own shutdown) */
    current: () => current?.id,
  };
}
