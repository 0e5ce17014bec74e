import type { SceneRange } from '../render/plan';
import type { Timeline } from '../render/timeline';

/**
 * Splits a timeline into runs of whole scenes at the cuts: a boundary is allowed only where the
 * next scene comes in with a plain cut, so no transition is ever split between two machines.
 * Runs are at least `targetSeconds` long (except the last) so that each chunk's start-up cost
 * stays small beside its encoding.
 */
export function splitAtCuts(timeline: Timeline, targetSeconds: number): SceneRange[] {
  const { slots } = timeline;
  const ranges: SceneRange[] = [];
  let from = 0;
  for (let i = 1; i < slots.length; i++) {
    const cut = slots[i]!.transitionIn.type === 'cut' || slots[i]!.transitionIn.duration === 0;
    if (cut && slots[i]!.start - slots[from]!.start >= targetSeconds) {
      ranges.push({ from, to: i });
      from = i;
    }
  }
  ranges.push({ from, to: slots.length });
  return ranges;
}
