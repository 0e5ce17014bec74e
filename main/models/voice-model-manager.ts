import { existsSync, mkdirSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InvalidInputError } from '../../preload/contract/errors';
import { appResources } from '../../native/resources';
import { findKokoroModel } from '../../native/tts/kokoro/find-model';
import { KOKORO_PIN } from '../../native/tts/kokoro/kokoro-pin';
import type { VoiceModelState } from '../../preload/contract/voice-model';
import { importVoiceModel, pinnedVoiceModel, pullVoiceModel, ttsModelsDir, voiceModelDownloadPath, voiceModelStatus, type VoiceModelSource } from './voice-model';

/** Room kept free beyond the model itself: a disk filled to the last byte breaks everything else. */
const HEADROOM_BYTES = 64 * 1024 * 1024;
/** The speed is measured over this window: long enough to be steady, short enough to follow a change. */
const SPEED_WINDOW_MS = 4000;
/** Progress is pushed at most this often (every chunk would flood the page). */
const PUSH_EVERY_MS = 200;

const mb = (n: number) => `${Math.max(1, Math.round(n / 1e6))} MB`;

/** Free bytes on the disk that holds `dir` (or its nearest existing parent). */
export function freeBytes(dir: string): number {
  let d = dir;
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  const s = statfsSync(d);
  return s.bavail * s.bsize;
}

/** Words for a failed download: what happened and what to do, never a path or a command. */
function failureWords(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  if (/checksum mismatch/.test(msg)) return 'The downloaded file did not match its SHA-256 checksum, so it was deleted and nothing was installed. Try again; if it happens again, something on the way is changing the file.';
  const status = /answered (\d{3}[^;]*)/.exec(msg)?.[1];
  if (status) return `The download server answered “${status.trim()}”. Try again later, or import a model file you already have.`;
  if (/not a Kokoro|not a loadable ONNX/.test(msg)) return 'The downloaded file is not the natural voices’ model, so nothing was installed.';
  return `The download stopped (${msg.replace(/https?:\/\/\S+/g, 'the server')}). Resume continues where it stopped.`;
}

export interface VoiceModelManagerOptions {
  /** the models folder (<home>/models) */
  dir: string;
  /** the pinned file unless a mirror is configured */
  source?: VoiceModelSource;
  /** every change of state, for the page */
  onChange?: (state: VoiceModelState) => void;
  /** the studio is closing: a running download stops (its part is kept, as after a pause) */
  stopping?: AbortSignal;
  fetch?: typeof fetch;
  /** the model a release build carries; the app's resources when absent */
  carried?: string;
}

/**
 * The studio's side of the model manager for the natural voices: one download at a time, with
 * progress (bytes, speed, time left), pause (the part is kept; resume continues it with a Range
 * request), cancel (the part is deleted), a disk-space check before anything is fetched and the
 * SHA-256 check before anything is installed; or a model file imported from the user's disk.
 */
export class VoiceModelManager {
  private readonly source: VoiceModelSource;
  private running?: { controller: AbortController; done: Promise<void> };
  private current: VoiceModelState;
  private samples: Array<{ at: number; received: number }> = [];
  private pushedAt = 0;
  private trailing?: ReturnType<typeof setTimeout>;

  constructor(private readonly opts: VoiceModelManagerOptions) {
    this.source = opts.source ?? pinnedVoiceModel;
    this.current = this.resting();
    opts.stopping?.addEventListener('abort', () => this.running?.controller.abort('pause'), { once: true });
  }

  private get part(): string {
    return `${voiceModelDownloadPath({ dir: this.opts.dir }, this.source.sha256)}.part`;
  }

  /** What is on disk when nothing runs: installed, a part to resume, or nothing. */
  private resting(error?: string): VoiceModelState {
    const st = voiceModelStatus({ dir: this.opts.dir });
    if (st.installed) return { phase: 'installed', received: st.meta!.bytes, total: st.meta!.bytes, source: st.meta!.source.kind };
    // a release build carries the model: the natural voices speak before any download
    const found = findKokoroModel({ neuralModelDir: ttsModelsDir({ dir: this.opts.dir }), carried: this.opts.carried ?? appResources().kokoroModel, carriedBytes: KOKORO_PIN.bytes });
    if (found.source === 'carried') return { phase: 'installed', received: KOKORO_PIN.bytes, total: KOKORO_PIN.bytes, source: 'app' };
    const have = existsSync(this.part) ? statSync(this.part).size : 0;
    if (error) return { phase: 'failed', received: have, total: this.source.bytes, error };
    return { phase: have > 0 ? 'paused' : 'absent', received: have, total: this.source.bytes };
  }

  private set(state: VoiceModelState, force = true): void {
    this.current = state;
    const wait = this.pushedAt + PUSH_EVERY_MS - Date.now();
    if (!force && wait > 0) {
      // the latest progress still reaches the page, a moment later (a download that stalls shows where it stalled)
      this.trailing ??= setTimeout(() => {
        this.trailing = undefined;
        this.push();
      }, wait);
      return;
    }
    this.push();
  }

  private push(): void {
    clearTimeout(this.trailing);
    this.trailing = undefined;
    this.pushedAt = Date.now();
    this.opts.onChange?.(this.current);
  }

  state(): VoiceModelState {
    return this.running ? this.current : (this.current = { ...this.resting(this.current.phase === 'failed' ? this.current.error : undefined) });
  }

  /** Starts the download, or resumes a paused one; answers at once, the download runs on. */
  download(): VoiceModelState {
    if (this.running) return this.current;
    const now = this.resting();
    if (now.phase === 'installed') {
      this.set(now);
      return now;
    }
    const need = this.source.bytes - now.received + HEADROOM_BYTES;
    const free = freeBytes(ttsModelsDir({ dir: this.opts.dir }));
    if (free < need) {
      const failed = this.resting(`Not enough free disk space: the natural voices need ${mb(need)} and this disk has ${mb(free)} free. Free some space and try again.`);
      this.set(failed);
      return failed;
    }
    const controller = new AbortController();
    this.samples = [{ at: Date.now(), received: now.received }];
    this.set({ phase: 'downloading', received: now.received, total: this.source.bytes });
    const done = pullVoiceModel({
      dir: this.opts.dir,
      url: this.source.url,
      sha256: this.source.sha256,
      signal: controller.signal,
      fetch: this.opts.fetch,
      onProgress: (p) => this.progress(p.received, p.total),
    }).then(
      () => {
        this.running = undefined;
        this.set(this.resting());
      },
      (err: unknown) => {
        this.running = undefined;
        const why = controller.signal.aborted ? controller.signal.reason : undefined;
        if (why === 'cancel') rmSync(this.part, { force: true });
        this.set(why === 'pause' || why === 'cancel' ? this.resting() : this.resting(failureWords(err)));
      },
    );
    this.running = { controller, done };
    return this.current;
  }

  private progress(received: number, total = this.source.bytes): void {
    const at = Date.now();
    this.samples.push({ at, received });
    while (this.samples.length > 2 && at - this.samples[0]!.at > SPEED_WINDOW_MS) this.samples.shift();
    const first = this.samples[0]!;
    const seconds = (at - first.at) / 1000;
    const bytesPerSecond = seconds > 0.2 ? (received - first.received) / seconds : undefined;
    const secondsLeft = bytesPerSecond ? Math.max(0, total - received) / bytesPerSecond : undefined;
    // every byte is in: the SHA-256 and the model's own check run before it is installed
    const phase = received >= total ? 'checking' : 'downloading';
    this.set({ phase, received, total, bytesPerSecond, secondsLeft }, phase === 'checking');
  }

  /** Stops the download and keeps what came, for resume. */
  async pause(): Promise<VoiceModelState> {
    const r = this.running;
    if (!r) return this.state();
    r.controller.abort('pause');
    await r.done;
    return this.current;
  }

  /** Stops the download and deletes what came. */
  async cancel(): Promise<VoiceModelState> {
    const r = this.running;
    if (r) {
      r.controller.abort('cancel');
      await r.done;
    } else {
      rmSync(this.part, { force: true });
      this.set(this.resting());
    }
    return this.current;
  }

  /**
   * Installs a model file the user has (copied: it stays theirs). A file sent as bytes (the browser
   * studio) is written beside the models first and removed after. Messages name the file, not a path.
   */
  async import(file: { name: string; path?: string; bytes?: Buffer }): Promise<VoiceModelState> {
    if (this.running) throw new InvalidInputError('A download of the natural voices is under way: cancel it before importing a file.');
    const name = basename(file.name);
    if (!/\.onnx$/i.test(name)) throw new InvalidInputError(`“${name}” is not a model file: the natural voices’ model is an .onnx file (Kokoro-82M v1.0, about ${mb(this.source.bytes)}).`);
    let path = file.path;
    const staging = join(ttsModelsDir({ dir: this.opts.dir }), '.imports');
    if (!path) {
      mkdirSync(staging, { recursive: true });
      path = join(staging, `${process.pid}-${Date.now()}.onnx`);
      writeFileSync(path, file.bytes ?? Buffer.alloc(0));
    }
    try {
      await importVoiceModel(path, { dir: this.opts.dir });
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      const why = /not a Kokoro/.test(msg) ? 'it is a model, but not Kokoro’s: its inputs and outputs differ' : 'it does not open as an ONNX model';
      throw new InvalidInputError(`“${name}” is not the natural voices’ model: ${why}. Choose the Kokoro-82M v1.0 .onnx file.`);
    } finally {
      if (!file.path) rmSync(staging, { recursive: true, force: true });
    }
    rmSync(this.part, { force: true });
    this.set(this.resting());
    return this.current;
  }
}
