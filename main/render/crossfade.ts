import { formatNumber as n } from '../../native/ffmpeg/args';

/**
 * A crossfade of a scene's tail into the next scene's head, in yuv420p: `blend`, with its opacity
 * set for every frame by `sendcmd` to 1 − t/duration, gives tail·p + head·(1 − p), which is xfade's
 * `fade` formula.
 *
 * Why not xfade: in FFmpeg 5.x xfade takes only 4:4:4 or RGB, so FFmpeg puts two converters in
 * front of it and one after it, and each of those and xfade itself keeps a pool of full frames
 * (6 MB each at 1080×1920 in 4:4:4) for the rest of the render: the bench render's seven fades
 * cost 125 MB of its peak that way. blend keeps one pool of 3 MB frames. Also, 5.x's
 * xfade drops the last pair when its first input ends with the fade (as a scene tail does) and
 * passes the head's frame on a frame late: every fade left a hole that the encoder filled with a
 * repeated frame, and the pictures of every later scene fell a frame further behind their
 * narration. blend gives exactly `frames` frames, each at its own time.
 *
 * The tail's timestamps start at 0 (it is trimmed and re-based), so `T` is the time into the fade.
 * Each fade has its own named blend, which the command addresses.
 */
export function crossfade(tail: string, head: string, out: string, duration: number): string {
  const name = `blend@${out}`;
  return (
    `[${tail}]sendcmd=c='0-86400 [expr] ${name} all_opacity 1-T/${n(duration)}'[${tail}c];` +
    `[${tail}c][${head}]${name}=all_mode=normal:all_opacity=1[${out}]`
  );
}
