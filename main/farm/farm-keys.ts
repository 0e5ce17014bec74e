/**
 * The farm's names in Redis, in one place. Only ids and hashes go in them: a coordinator's
 * address and a job's token under the job's key, never a path.
 */
/**
 * Routing by capability: one queue per video encoder. A worker takes work only from the queues of
 * the encoders it verified by encoding with them, so a chunk made with h264_nvenc goes to a
 * machine whose NVENC works, and a libx264 chunk to any.
 */
export const chunkQueue = (encoder: string) => `reelforge-chunks-${encoder}`;
/**
 * Upscale chunks: one queue per ONNX Runtime provider and encoder. `auto` and `cpu` chunks go on
 * the cpu queues, which every worker with ONNX Runtime takes (it runs them on its best provider
 * under `auto`); a chunk that names a GPU provider waits for a worker that has it.
 */
export const upscaleQueue = (provider: string, encoder: string) => `reelforge-upscale-${provider === 'auto' ? 'cpu' : provider}-${encoder}`;
/** hash: { url, token } of the coordinator serving a farm job */
export const farmJobKey = (farmJob: string) => `reelforge:farm:job:${farmJob}`;
/** pub/sub channel: a farm job's id, published when it is cancelled */
export const CANCEL_CHANNEL = 'reelforge:farm:cancel';
/** hash per worker, expiring unless its heartbeat renews it */
export const workerKey = (id: string) => `reelforge:farm:worker:${id}`;
export const WORKER_PREFIX = 'reelforge:farm:worker:';
/** BullMQ job ids: deterministic, so adding the same chunk twice is one job */
export const chunkJobId = (farmJob: string, chunk: string) => `${farmJob}.${chunk}`;

/** What a chunk job carries in Redis: ids only. */
export interface ChunkJobData {
  farmJob: string;
  chunk: string;
  index: number;
  count: number;
  /** the encoder the chunk must be made with (routing: a worker that has verified it) */
  encoder: string;
  /** the coordinator's queue job the chunk is part of, where it differs from farmJob (an upscale stage's): what the studio shows */
  owner?: string;
  /** an upscale chunk (absent: a render chunk) */
  kind?: 'upscale';
  /** for an upscale chunk: the ONNX Runtime provider it asks for */
  provider?: string;
}
