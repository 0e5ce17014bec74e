import type { ArgTree } from '../../native/ffmpeg/args';

/** One `-i` of the render (a sound file), with the options that must precede it. */
export interface PlanInput {
  index: number;
  path: string;
  /** options placed before `-i` (seek, loop, frame rate) */
  options: string[];
  role: 'clip-sound' | 'narration' | 'music' | 'mix';
  scene?: number;
}

/** Hands out input indices in order, so filter chains can name `[3:v]` before the arg list exists. */
export class InputList {
  readonly items: PlanInput[] = [];

  add(path: string, role: PlanInput['role'], options: string[] = [], scene?: number): number {
    const index = this.items.length;
    this.items.push({ index, path, options, role, scene });
    return index;
  }

  args(): ArgTree {
    return this.items.map((i) => [i.options, '-i', i.path]);
  }
}
