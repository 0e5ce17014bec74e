// Runs one video upscale and prints this process's peak RSS, so each length is measured in a fresh process.
import { buildRuntimeConfig } from '../../main/config/runtime-config';
import { upscaleVideo } from '../../main/upscale/upscale-video';

const [input, output, modelsDir, chunkFrames] = process.argv.slice(2);
const r = await upscaleVideo({ config: buildRuntimeConfig({ env: process.env }), input: input!, output: output!, modelsDir: modelsDir!, provider: 'cpu', encoder: 'libx264', chunkFrames: Number(chunkFrames) });
process.stdout.write(JSON.stringify({ frames: r.frames, seconds: r.seconds, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
