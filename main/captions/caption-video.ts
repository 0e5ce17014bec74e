import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, isAbsolute, join } from 'node:path';
import { InvalidInputError } from '../../preload/contract/errors';
import type { CaptionStyle } from '../../preload/contract/project';
import { probeMedia } from '../../native/ffmpeg/probe';
import { runFfmpeg } from '../../native/ffmpeg/run';
import { alignWords } from '../../native/tts/align';
import { speechSegments } from '../../native/tts/speech-segments';
import { readWav } from '../../native/tts/wav';
import { splitWords } from '../../native/tts/words';
import type { CaptionEvent } from './ass';
import { exportSubtitles, type SubtitleFormat } from './export-subtitles';
import { pageLimits, paginate } from './paginate';

export interface CaptionVideoOptions {
  video: string;
  script: string;
  formats: SubtitleFormat[];
  style: CaptionStyle;
  /** folder for the files; absent = next to the video */
  outputDir?: string;
  tools: { ffmpeg: string; ffprobe: string };
  signal?: AbortSignal;
  /** the output policy of the door that asked (throws for a path it may not write); run before any work and again before each rename */
  checkOutput?: (file: string) => void;
}

export interface CaptionVideoResult {
  files: string[];
  cues: number;
  durationSeconds: number;
}

/**
 * Captions for a video made elsewhere, from the script that is spoken in it. The audio is decoded
 * to mono PCM, its speech stretches are found by level, and the script's words are placed on them
 * (the same aligner the system voices use when they report no word timing); the words are then
 * paged with the template's caption limits, exactly as Reelforge's own videos are. Existing files
 * are never replaced: the call fails before anything is written.
 */
export async function captionVideo(opts: CaptionVideoOptions): Promise<CaptionVideoResult> {
  if (!isAbsolute(opts.video)) throw new InvalidInputError(`the video path must be absolute: ${opts.video}`, [{ path: 'video', message: 'not an absolute path' }]);
  if (!existsSync(opts.video) || !statSync(opts.video).isFile()) throw new InvalidInputError(`no file at ${opts.video}`, [{ path: 'video', message: 'file not found' }]);
  if (opts.outputDir !== undefined && !isAbsolute(opts.outputDir)) throw new InvalidInputError(`the output folder must be absolute: ${opts.outputDir}`, [{ path: 'outputDir', message: 'not an absolute path' }]);
  const dir = opts.outputDir ?? join(opts.video, '..');
  const base = basename(opts.video, extname(opts.video));
  const targets = [...new Set(opts.formats)].map((f) => ({ format: f, file: join(dir, `${base}.${f}`) }));
  for (const t of targets) opts.checkOutput?.(t.file);
  const taken = targets.filter((t) => existsSync(t.file));
  if (taken.length) {
    throw new InvalidInputError(`caption files already exist: ${taken.map((t) => t.file).join(', ')} (remove them or give another outputDir)`, taken.map((t) => ({ path: 'outputDir', message: `${t.file} exists` })));
  }

  const info = await probeMedia(opts.tools.ffprobe, opts.video, { signal: opts.signal });
  if (!info.audio) throw new InvalidInputError(`${opts.video} has no audio stream to time the captions to`, [{ path: 'video', message: 'no audio stream' }]);
  const width = info.video?.width ?? 1080;
  const height = info.video?.height ?? 1920;

  const scratch = mkdtempSync(join(tmpdir(), 'reelforge-captions-'));
  try {
    const wav = join(scratch, 'speech.wav');
    // mono 16 kHz is plenty to find speech by level, and keeps a long video's PCM small in memory
    await runFfmpeg(opts.tools.ffmpeg, ['-hide_banner', '-nostdin', '-v', 'error', '-i', opts.video, '-map', '0:a:0', '-vn', '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le', '-f', 'wav', '-y', wav], { signal: opts.signal });
    const pcm = readWav(wav);
    const duration = pcm.samples.length / pcm.sampleRate;
    const words = alignWords(splitWords(opts.script.replace(/\s+/g, ' ')).map((w) => w.text), speechSegments(pcm), duration);
    if (words.length === 0) throw new InvalidInputError('the script has no words to caption', [{ path: 'script', message: 'no words' }]);
    const events: CaptionEvent[] = paginate(words, pageLimits(opts.style, width, height)).map((page) => {
      const lineBreaks: number[] = [];
      let n = 0;
      for (const line of page.lines.slice(0, -1)) lineBreaks.push((n += line.length));
      return { start: page.start, end: Math.min(page.end, duration), text: page.lines.map((l) => l.map((w) => w.text).join(' ')).join('\n'), words: page.lines.flat(), lineBreaks };
    });

    mkdirSync(dir, { recursive: true });
    const files: string[] = [];
    for (const t of targets) {
      // written beside the target and renamed: a reader never sees half a caption file
      opts.checkOutput?.(t.file);
      const part = join(dir, `.${base}.${t.format}.${process.pid}.part`);
      writeFileSync(part, exportSubtitles(t.format, events, opts.style, width, height), { flag: 'wx' });
      if (existsSync(t.file)) {
        rmSync(part, { force: true });
        throw new InvalidInputError(`${t.file} appeared while the captions were made; it was left as it is`);
      }
      renameSync(part, t.file);
      files.push(t.file);
    }
    return { files, cues: events.length, durationSeconds: Math.round(duration * 1000) / 1000 };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
