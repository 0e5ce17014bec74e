// Runs one video upscale and prints this process's peak RSS, so each length is measured in a fresh process.
import { upscaleVideo } from '../../main/upscale/upscale-video';

const [input, output, modelsDir, chunkFrames] = process.argv.slice(2);
const r = await upscaleVideo({ input: input!, output: output!, modelsDir, provider: 'cpu', encoder: 'libx264', chunkFrames: Number(chunkFrames) });
process.stdout.write(JSON.stringify({ frames: r.frames, seconds: r.seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
