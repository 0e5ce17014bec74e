import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { locateFfmpeg } from '../../native/ffmpeg/locate';
import { runFfmpeg } from '../../native/ffmpeg/run';
import type { ResourceClass } from '../../preload/contract/jobs';
import { JobQueue } from '../../main/queue/job-queue';
import { StageRegistry, type StageDefinition } from '../../main/queue/stage';
import { defaultStages } from '../../main/queue/default-stages';

/**
 * A real but tiny stage: FFmpeg encodes `seconds` of a test pattern at 160×120. Its resource
 * class comes from its options, so one registry can fill every class.
 */
export const tinyEncodeStage: StageDefinition = {
  name: 'tiny-encode',
  version: 1,
  weight: 1,
  resource: (spec) => (spec.options.resource as ResourceClass | undefined) ?? 'encode-cpu',
  async run(ctx) {
    const seconds = Number(ctx.spec.options.seconds ?? 0.2);
    if (ctx.spec.options.fail === 'invalid') throw new (await import('../../preload/contract/errors')).InvalidInputError('bad input on purpose');
    const file = join(ctx.session.work, 'tiny.mp4');
    const { ffmpeg } = locateFfmpeg();
    await runFfmpeg(
      ffmpeg.path,
      ['-hide_banner', '-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=160x120:rate=10:duration=${seconds}`,
        ...(ctx.spec.options.fail === 'transient' ? ['-c:v', 'no_such_encoder'] : ['-c:v', 'libx264', '-preset', 'ultrafast']),
        '-progress', 'pipe:1', file],
      { signal: ctx.signal, tag: ctx.tag, totalSeconds: seconds, onProgress: (p) => p.ratio !== undefined && ctx.progress(p.ratio, p.eta), log: ctx.log },
    );
    return { file };
  },
};

export function testRegistry(): StageRegistry {
  return new StageRegistry([...defaultStages(), tinyEncodeStage]);
}

export function tempHome(prefix = 'rf-queue-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openTestQueue(home: string): JobQueue {
  return JobQueue.open(testRegistry(), home);
}
