import type { CallOptions } from '../http/provider-http';
import { runLongJob, type LongJobOptions, type LongJobResult, type PollState } from '../long-running';

/** A talking-head video: an avatar speaking a script (with the service's voice) or given audio. */
export interface AvatarRequest {
  /** HeyGen: an avatar id; D-ID: the URL of a portrait image */
  avatar: string;
  /** the service's voice id, for a script */
  voice?: string;
  script?: string;
  /** a narration WAV/MP3 already made (the project's own voice); uploaded to the service */
  audioPath?: string;
  width: number;
  height: number;
}

/** HeyGen and D-ID behind one interface: create → status → download. */
export interface AvatarService {
  id: string;
  name: string;
  create(req: AvatarRequest, opts?: CallOptions): Promise<string>;
  status(id: string, opts?: CallOptions): Promise<PollState>;
  download(url: string, outPath: string, opts?: CallOptions): Promise<void>;
}

/** Renders an avatar video into opts.outPath; resumes an earlier job id instead of paying again. */
export function renderAvatar(service: AvatarService, req: AvatarRequest, opts: LongJobOptions): Promise<LongJobResult> {
  if (!req.script && !req.audioPath) throw new TypeError('an avatar needs a script or an audio file');
  return runLongJob(service.name, {
    submit: () => service.create(req, opts),
    poll: (id) => service.status(id, opts),
    download: (url) => service.download(url, opts.outPath, opts),
  }, opts);
}
