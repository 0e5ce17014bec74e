import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { InvalidInputError } from '../../../preload/contract/errors';
import { parseProject } from '../../project/load-project';
import { renderProject } from '../../render/render-project';
import { modelsDir } from '../../paths';
import { Tts } from '../../../native/tts/tts';
import { scriptParamsSchema } from '../../../preload/contract/template';
import type { Script } from '../../../preload/contract/script';
import { findTemplate } from '../../templates/load-templates';
import { splitScript } from '../../script/split-text';
import { scriptFromStructure } from '../../script/from-structure';
import { generateScript } from '../../script/llm/generate-script';
import { scanMedia } from '../../media/media-library';
import { buildProject } from '../../make/build-project';
import { writeSidecars } from '../../make/write-sidecars';
import type { SubtitleFormat } from '../../captions/export-subtitles';
import { exitCodes, UsageError, type Command } from '../command';
import { createProgressView } from '../progress-bar';

const usage = `reelforge make (--script script.txt | --llm-topic "…" --llm-url URL --llm-model NAME | --topic "…" --point "…" [--point …])
       [--template bold-shorts] [--voice espeak-ng:en-us] [--media ./folder …] [--captions burn|sidecar|both|none]
       [--audience …] [--tone …] [--length SECONDS] [--language en] [--size 360x640] [--work DIR] [--stream] -o out.mp4`;

export const makeCommand: Command = {
  name: 'make',
  usage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        script: { type: 'string' },
        template: { type: 'string', default: 'bold-shorts' },
        voice: { type: 'string' },
        media: { type: 'string', multiple: true, default: [] },
        output: { type: 'string', short: 'o' },
        captions: { type: 'string', default: 'burn' },
        'llm-topic': { type: 'string' },
        'llm-url': { type: 'string', default: process.env.REELFORGE_LLM_URL },
        'llm-model': { type: 'string', default: process.env.REELFORGE_LLM_MODEL },
        'llm-key': { type: 'string', default: process.env.REELFORGE_LLM_KEY },
        stream: { type: 'boolean', default: false },
        topic: { type: 'string' },
        point: { type: 'string', multiple: true, default: [] },
        audience: { type: 'string' },
        tone: { type: 'string' },
        length: { type: 'string' },
        language: { type: 'string' },
        size: { type: 'string' },
        work: { type: 'string' },
        encoder: { type: 'string' },
        quiet: { type: 'boolean', short: 'q', default: false },
      },
    });
    if (!values.output) throw new UsageError(`-o <out.mp4> is required\nusage: ${usage}`);
    const sources = [values.script, values['llm-topic'], values.topic].filter(Boolean).length;
    if (sources !== 1) throw new UsageError(`give exactly one of --script, --llm-topic or --topic\nusage: ${usage}`);
    const captions = values.captions!;
    if (!['burn', 'sidecar', 'both', 'none'].includes(captions)) throw new UsageError(`--captions is burn, sidecar, both or none, not "${captions}"`);
    let size: { width: number; height: number } | undefined;
    if (values.size) {
      const m = /^(\d+)x(\d+)$/.exec(values.size);
      if (!m || Number(m[1]) % 2 || Number(m[2]) % 2) throw new UsageError(`--size is WIDTHxHEIGHT with even numbers, e.g. 360x640 (got "${values.size}")`);
      size = { width: Number(m[1]), height: Number(m[2]) };
    }

    const template = findTemplate(values.template!);
    const params = scriptParamsSchema.parse({
      ...template.defaults,
      ...(values.audience ? { audience: values.audience } : {}),
      ...(values.tone ? { tone: values.tone } : {}),
      ...(values.length ? { lengthSeconds: Number(values.length) } : {}),
      ...(values.language ? { language: values.language } : {}),
      topic: values['llm-topic'] ?? values.topic ?? '',
    });
    const view = createProgressView(io.err, values.quiet);
    const say = (line: string) => !values.quiet && io.err.write(`${line}\n`);

    let script: Script;
    if (values.script) {
      let text: string;
      try {
        text = readFileSync(values.script, 'utf8');
      } catch (err) {
        throw new InvalidInputError(`cannot read the script ${values.script}: ${(err as Error).message}`);
      }
      script = splitScript(text, { targetSceneSeconds: template.pacing.targetSceneSeconds, wordsPerMinute: template.pacing.wordsPerMinute, language: params.language });
      if (script.scenes.length === 0) throw new InvalidInputError(`the script ${values.script} has no text`);
    } else if (values.topic) {
      script = scriptFromStructure(template, params, { points: values.point! });
    } else {
      if (!values['llm-url'] || !values['llm-model']) throw new UsageError('--llm-topic needs --llm-url (e.g. http://127.0.0.1:11434/v1) and --llm-model (or REELFORGE_LLM_URL / REELFORGE_LLM_MODEL)');
      say(`asking ${values['llm-model']} at ${values['llm-url']} for a script…`);
      script = await generateScript({ baseUrl: values['llm-url'], model: values['llm-model'], apiKey: values['llm-key'] }, template, params, {
        signal: io.signal,
        stream: values.stream,
        log: say,
      });
    }

    const ownWork = !values.work;
    const workDir = values.work ? resolve(values.work) : mkdtempSync(join(tmpdir(), 'reelforge-make-'));
    mkdirSync(workDir, { recursive: true });
    try {
      const tts = new Tts({ neuralModelDir: join(modelsDir(), 'tts') });
      const built = await buildProject({
        script,
        template,
        tts,
        voice: values.voice,
        media: scanMedia(values.media!),
        workDir,
        size,
        signal: io.signal,
        onScene: (i, n, r) => view.update(((i + 1) / n) * 0.2, `voice ${i + 1}/${n} (${r.voice.id}, ${r.timing})`),
      });
      const burn = captions === 'burn' || captions === 'both';
      const input = { ...built.project, style: { ...built.project.style, caption: { ...built.project.style?.caption, enabled: burn } } };
      writeFileSync(join(workDir, 'project.json'), JSON.stringify(input, null, 2));
      const { project } = parseProject(input, workDir, 'the generated project');
      const started = Date.now();
      const result = await renderProject({
        project,
        output: values.output,
        encoder: values.encoder,
        signal: io.signal,
        onProgress: (p) => view.update(0.2 + 0.8 * p.ratio, p.stage === 'render' ? 'rendering' : p.stage, p.eta),
      });
      const sidecars =
        captions === 'sidecar' || captions === 'both'
          ? writeSidecars(
              { ...project, style: { ...project.style, caption: { ...project.style.caption, enabled: true } } },
              project.scenes.map((_, i) => built.narration[built.sceneIndex.indexOf(i)]?.duration),
              result.output,
              ['srt', 'vtt', 'ass'] as SubtitleFormat[],
            )
          : [];
      view.done(
        `wrote ${result.output} (${result.durationSeconds.toFixed(2)} s, ${script.scenes.length} scenes, template ${template.id}) in ${((Date.now() - started) / 1000).toFixed(1)} s` +
          (sidecars.length ? `\ncaptions: ${sidecars.join(', ')}` : '') +
          (ownWork ? '' : `\nproject: ${join(workDir, 'project.json')}`),
      );
      return exitCodes.ok;
    } finally {
      if (ownWork) rmSync(workDir, { recursive: true, force: true });
    }
  },
};
