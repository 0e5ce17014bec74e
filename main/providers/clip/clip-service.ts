import type { CallOptions } from '../http/provider-http';
import { runLongJob, type LongJobOptions, type LongJobResult, type PollState } from '../long-running';

/** Text (and optionally a first frame) → a short video. */
export interface ClipRequest {
  prompt: string;
  negativePrompt?: string;
  aspectRatio: '16:9' | '9:16';
  durationSeconds?: number;
  /** a still to start from (image-to-video) */
  image?: { bytes: Buffer; mimeType: string };
}

/**
 * A clip-generation service as a long-running operation. Veo implements it; another service
 * (any submit → poll → download API) implements the same three calls and gets resume, polling
 * with backoff, cancel and the download for free through generateClip().
 */
export interface ClipService {
  id: string;
  name: string;
  submit(req: ClipRequest, opts?: CallOptions): Promise<string>;
  poll(operation: string, opts?: CallOptions): Promise<PollState>;
  download(url: string, outPath: string, opts?: CallOptions): Promise<void>;
}

export function generateClip(service: ClipService, req: ClipRequest, opts: LongJobOptions): Promise<LongJobResult> {
  return runLongJob(service.name, {
    submit: () => service.submit(req, opts),
    poll: (op) => service.poll(op, opts),
    download: (url) => service.download(url, opts.outPath, opts),
  }, opts);
}
