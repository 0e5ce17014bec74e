import { extname, basename } from 'node:path';
import { writeFileSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { convertNcnn, type Precision } from '../../../native/onnx/ncnn/convert';
import { modelsDir } from '../../paths';
import { importNcnn, importOnnx, listModels, verifyModel } from '../../upscale/model-store';
import { exitCodes, UsageError, type Command } from '../command';

const usage = [
  'reelforge models list [--home DIR]',
  '       reelforge models import <model.onnx | model.param model.bin> [--name NAME] [--fp16] [--home DIR]',
  '       reelforge models convert <model.param> <model.bin> -o <model.onnx> [--fp16]',
  '       reelforge models verify <name> [--home DIR]',
].join('\n');

export const modelsCommand: Command = {
  name: 'models',
  usage,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { home: { type: 'string' }, name: { type: 'string' }, fp16: { type: 'boolean', default: false }, output: { type: 'string', short: 'o' } },
    });
    const dir = modelsDir(values.home);
    const precision: Precision = values.fp16 ? 'fp16' : 'fp32';
    const say = (s: string) => io.out.write(`${s}\n`);
    switch (sub) {
      case 'list': {
        const models = listModels({ dir });
        if (!models.length) say(`no models in ${dir} (realesrgan-x4fast and -x4plus are converted on first use where their ncnn weights are present)`);
        for (const { meta } of models) {
          const macs = meta.macsPerPixel ? `${(meta.macsPerPixel / 1e6).toFixed(2)} M MACs/px` : 'MACs unknown';
          say(`${meta.name.padEnd(22)} ×${meta.scale}  ${meta.architecture.padEnd(6)} ${macs.padEnd(18)} pad ${meta.tilePad}  ${meta.precision}  ${(meta.bytes / 1e6).toFixed(1)} MB  sha256 ${meta.sha256.slice(0, 12)}…`);
        }
        return exitCodes.ok;
      }
      case 'import': {
        const [first, second] = positionals;
        if (!first) throw new UsageError(`usage: ${usage}`);
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
        const r = await verifyModel(name, { dir });
        say(r.ok ? `${name}: ok` : `${name}: ${r.problems.join('; ')}`);
        return r.ok ? exitCodes.ok : exitCodes.failed;
      }
      default:
        throw new UsageError(`usage: ${usage}`);
    }
  },
};
