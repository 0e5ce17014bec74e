import { extname } from 'node:path';
import type { ArgTree } from '../../native/ffmpeg/args';
import type { StreamInfo } from '../../native/ffmpeg/probe';

/**
 * Which of the source's audio, subtitle and attachment streams go into the upscaled file, and how.
 * Copy whenever the container takes the codec; otherwise convert (text subtitles to mov_text,
 * audio to AAC) or, for what can't be converted (bitmap subtitles in MP4), leave it out and say so.
 */
const mp4Audio = new Set(['aac', 'mp3', 'ac3', 'eac3', 'alac', 'opus', 'flac']);
const movAudio = new Set([...mp4Audio, 'pcm_s16le', 'pcm_s24le', 'pcm_s32le', 'pcm_f32le', 'pcm_s16be', 'pcm_s24be']);
const textSubs = new Set(['subrip', 'srt', 'ass', 'ssa', 'webvtt', 'mov_text', 'text']);

export interface StreamMapping {
  args: ArgTree;
  dropped: string[];
}

/** `source` is the input number of the original file in the mux command. */
export function mapSourceStreams(streams: readonly StreamInfo[], output: string, source: number): StreamMapping {
  const ext = extname(output).toLowerCase();
  const isMatroska = ext === '.mkv' || ext === '.webm';
  const isMov = ext === '.mov';
  const args: ArgTree[] = [];
  const dropped: string[] = [];
  let a = 0;
  let s = 0;
  for (const st of streams) {
    if (st.type === 'audio') {
      args.push(['-map', `${source}:${st.index}`]);
      const ok = isMatroska || (isMov ? movAudio : mp4Audio).has(st.codec);
      args.push([`-c:a:${a}`, ok ? 'copy' : 'aac'], ok ? null : [`-b:a:${a}`, '192k']);
      a++;
    } else if (st.type === 'subtitle') {
      if (isMatroska) {
        args.push(['-map', `${source}:${st.index}`, `-c:s:${s}`, 'copy']);
      } else if (textSubs.has(st.codec)) {
        args.push(['-map', `${source}:${st.index}`, `-c:s:${s}`, 'mov_text']);
      } else {
        dropped.push(`subtitle stream ${st.index} (${st.codec}) can't be stored in ${ext}; use .mkv to keep it`);
        continue;
      }
      s++;
    } else if (st.type === 'attachment' && isMatroska) {
      args.push(['-map', `${source}:${st.index}`]);
    }
  }
  return { args: [args, isMatroska ? ['-c:t', 'copy'] : null], dropped };
}
