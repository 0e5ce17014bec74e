import { extname, basename } from 'node:path';
import { writeFileSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { convertNcnn, type Precision } from '../../../native/onnx/ncnn/convert';
import { modelsDir } from '../../paths';
import { withHome } from '../../config/runtime-config';
import { importNcnn, importOnnx, modelProblems, verifyModel } from '../../upscale/model-store';
import { upscalerModels } from '../../upscale/model-catalog';
import { KOKORO, importVoiceModel, looksLikeKokoro, pullVoiceModel, ttsModelsDir, verifyVoiceModel, voiceModelStatus } from '../../models/voice-model';
import { appResources } from '../../../native/resources';
import { findKokoroModel } from '../../../native/tts/kokoro/find-model';
import { exitCodes, UsageError, type Command } from '../command';

const usage = [
  'reelforge models list [--home DIR]',
  '       reelforge models pull kokoro [--url URL --sha256 HEX] [--home DIR]   (the neural voice, resumable)',
  '       reelforge models import <model.onnx | model.param model.bin> [--name NAME] [--fp16] [--home DIR]',
  '       reelforge models convert <model.param> <model.bin> -o <model.onnx> [--fp16]',
  '       reelforge models verify <name> [--home DIR]',
].join('\n');

/** One line, rewritten in place on a terminal, a line per 10 % otherwise. */
function progressPrinter(err: NodeJS.WritableStream & { isTTY?: boolean }) {
  let lastTenth = -1;
  return (p: { received: number; total?: number; resumed: boolean }) => {
    const mb = (p.received / 1e6).toFixed(1);
    const pct = p.total ? Math.floor((p.received / p.total) * 100) : undefined;
    const line = `downloading ${KOKORO.name}: ${mb} MB${p.total ? ` of ${(p.total / 1e6).toFixed(1)} MB (${pct}%)` : ''}${p.resumed ? ', resumed' : ''}`;
    if (err.isTTY) err.write(`\r${line}`);
    else if (pct === undefined || Math.floor(pct / 10) !== lastTenth) {
      lastTenth = pct === undefined ? lastTenth : Math.floor(pct / 10);
      err.write(`${line}\n`);
    }
  };
}

export const modelsCommand: Command = {
  name: 'models',
  usage,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        home: { type: 'string' },
        name: { type: 'string' },
        fp16: { type: 'boolean', default: false },
        output: { type: 'string', short: 'o' },
        url: { type: 'string' },
        sha256: { type: 'string' },
      },
    });
    const dir = modelsDir(withHome(io.config, values.home).home);
    const precision: Precision = values.fp16 ? 'fp16' : 'fp32';
    const say = (s: string) => io.out.write(`${s}\n`);
    switch (sub) {
      case 'pull': {
        if (positionals[0] !== KOKORO.name) throw new UsageError(`models pull knows: ${KOKORO.name} (${KOKORO.title})\nusage: ${usage}`);
        const progress = progressPrinter(io.err);
        const st = await pullVoiceModel({ dir, url: values.url, sha256: values.sha256, onProgress: progress, signal: io.signal });
        io.err.write('\n');
        say(`installed ${KOKORO.name} (${(st.meta!.bytes / 1e6).toFixed(1)} MB, sha256 ${st.meta!.sha256.slice(0, 12)}…, ${st.meta!.durations ? 'word timing from the model' : 'word timing aligned'}) at ${st.path}`);
        return exitCodes.ok;
      }
      case 'list': {
        const voice = voiceModelStatus({ dir });
        const carried = findKokoroModel({ neuralModelDir: ttsModelsDir({ dir }), carried: appResources().kokoroModel, carriedBytes: KOKORO.bytes });
        say(voice.installed
          ? `${'kokoro'.padEnd(22)} voice  ${(voice.meta!.bytes / 1e6).toFixed(1)} MB  ${voice.meta!.durations ? 'durations' : 'no durations'}  sha256 ${voice.meta!.sha256.slice(0, 12)}…`
          : carried.source === 'carried'
            ? `${'kokoro'.padEnd(22)} voice  carried by the app (${carried.path}); \`models pull kokoro\` installs your own copy`
            : `kokoro (neural voice) not installed: ${voice.help}`);
        const models = upscalerModels({ dir });
        if (!models.length) say(`no upscaling models in ${dir}: import one with \`reelforge models import\``);
        for (const { name, installed } of models) {
          if (!installed) {
            say(`${name.padEnd(22)} ×4  built in: converted from the app's weights on first use`);
            continue;
          }
          const { meta } = installed;
          const macs = meta.macsPerPixel ? `${(meta.macsPerPixel / 1e6).toFixed(2)} M MACs/px` : 'MACs unknown';
          say(`${meta.name.padEnd(22)} ×${meta.scale}  ${meta.architecture.padEnd(6)} ${macs.padEnd(18)} pad ${meta.tilePad}  ${meta.precision}  ${(meta.bytes / 1e6).toFixed(1)} MB  sha256 ${meta.sha256.slice(0, 12)}…`);
        }
        for (const problem of modelProblems({ dir })) io.err.write(`warning: ${problem}\n`);
        return exitCodes.ok;
      }
      case 'import': {
        const [first, second] = positionals;
        if (!first) throw new UsageError(`usage: ${usage}`);
        if (extname(first).toLowerCase() === '.onnx' && (await looksLikeKokoro(first))) {
          const st = await importVoiceModel(first, { dir });
          say(`imported the Kokoro voice model (${st.meta!.durations ? 'with' : 'without'} per-token durations) to ${st.path}`);
          return exitCodes.ok;
        }
        const installed = extname(first).toLowerCase() === '.onnx'
          ? await importOnnx(first, { dir, name: values.name })
          : importNcnn(first, second ?? first.replace(/\.param$/i, '.bin'), { dir, name: values.name, precision });
        say(`imported ${installed.meta.name} (×${installed.meta.scale}, ${installed.meta.architecture}) to ${installed.path}`);
        return exitCodes.ok;
      }
      case 'convert': {
        const [param, bin] = positionals;
        if (!param || !bin || !values.output) throw new UsageError(`usage: ${usage}`);
        const r = convertNcnn(readFileSync(param, 'utf8'), readFileSync(bin), { precision, name: basename(param, '.param') });
        writeFileSync(values.output, r.onnx);
        say(`${values.output}: ×${r.scale}, ${r.architecture}, ${r.macsPerPixel} MACs per input pixel, ${precision} (${(r.onnx.length / 1e6).toFixed(1)} MB)`);
        return exitCodes.ok;
      }
      case 'verify': {
        const name = positionals[0];
        if (!name) throw new UsageError(`usage: ${usage}`);
        const r = name === KOKORO.name ? await verifyVoiceModel({ dir }) : await verifyModel(name, { dir });
        say(r.ok ? `${name}: ok` : `${name}: ${r.problems.join('; ')}`);
        return r.ok ? exitCodes.ok : exitCodes.failed;
      }
      default:
        throw new UsageError(`usage: ${usage}`);
    }
  },
};
