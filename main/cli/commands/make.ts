import { ffprobeOf } from '../../api/template-handlers';
import { probeMedia } from '../../../native/ffmpeg/probe';
import { withHome } from '../../config/runtime-config';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { InvalidInputError } from '../../../preload/contract/errors';
import { captionModes, videoFormats, type MakeRequestInput } from '../../../preload/contract/make';
import { decodeUtf8 } from '../../project/load-project';
import { enqueueMake } from '../../make/enqueue-make';
import { deleteProject, getProject } from '../../store/projects';
import { TemplateLibrary } from '../../templates/template-library';
import { exitCodes, UsageError, type Command } from '../command';
import { homeOption, openQueue } from '../open-queue';
import { createProgressView } from '../progress-bar';
import { followJobs, jobOutcome } from '../run-make-job';
import { join } from 'node:path';

const usage = `reelforge make (--script script.txt | --llm-topic "…" --llm-url URL --llm-model NAME | --topic "…" --point "…" [--point …])
       [--template bold-shorts|my-template-id|template.json|package.zip] [--voice espeak-ng:en-us] [--voice NAME=engine:id …] [--speed 0.75…1.5] [--pronounce WORD=SAY …] [--media ./folder …] [--captions burn|sidecar|both|none]
       [--format shorts|reels|youtube|square] [--size 360x640] [--upscale 2|4] [--encoder NAME]
       [--audience …] [--tone …] [--length SECONDS] [--language en]
       [--clip "2:a lighthouse at dawn" …] [--avatar AVATAR_ID [--avatar-scenes 1,3] [--avatar-voice ID]]
       [--project-out project.json] [--discard-project] [--home DIR] [--quiet] [--verbose] -o out.mp4
       [--farm redis://[:password@]host:port [--chunk-seconds 20] [--advertise <host>]]   (the render and upscale on the farm's workers; script, voice and media stay here)`;

/** `--voice engine:id` is the narrator's voice; `--voice NAME=engine:id` a speaker's (repeatable). */
function voicesFromFlags(flags: string[]): { voice?: string; speakers?: Record<string, string> } {
  let voice: string | undefined;
  const speakers: Record<string, string> = {};
  for (const f of flags) {
    const m = /^([^=:]+)=(.+)$/s.exec(f);
    if (m) speakers[m[1]!.trim()] = m[2]!.trim();
    else if (voice) throw new UsageError(`--voice names the narrator once (got "${voice}" and "${f}"); a speaker's voice is --voice NAME=engine:id`);
    else voice = f;
  }
  return { voice, ...(Object.keys(speakers).length ? { speakers } : {}) };
}

/** Reads a script file as text, refusing what is not (a BOM-less UTF-16 file, say) with its name. */
function readScript(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new InvalidInputError(`cannot read the script ${file}: ${(err as Error).message}`);
  }
  // A script is UTF-8 (as every other door sends it); a UTF-16 file is named as such rather than guessed at.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new InvalidInputError(`the script ${file} is UTF-16 text; a script is UTF-8 — save it as UTF-8 (in most editors: Save as… → Encoding: UTF-8) and try again`);
  }
  return decodeUtf8(bytes, file);
}

/**
 * `make` is a door to the one make pipeline: it queues a make job in the home's queue (so the
 * project lands in the studio's library and the job shows in its queue), works the queue until
 * the job is done, and reports what it made.
 */
export const makeCommand: Command = {
  name: 'make',
  usage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...homeOption,
        script: { type: 'string' },
        template: { type: 'string', default: 'bold-shorts' },
        voice: { type: 'string', multiple: true, default: [] },
        speed: { type: 'string' },
        pronounce: { type: 'string', multiple: true, default: [] },
        media: { type: 'string', multiple: true, default: [] },
        output: { type: 'string', short: 'o' },
        captions: { type: 'string', default: 'burn' },
        'llm-topic': { type: 'string' },
        'llm-url': { type: 'string', default: io.config.llm.baseUrl },
        'llm-model': { type: 'string', default: io.config.llm.model },
        topic: { type: 'string' },
        point: { type: 'string', multiple: true, default: [] },
        audience: { type: 'string' },
        tone: { type: 'string' },
        length: { type: 'string' },
        language: { type: 'string' },
        format: { type: 'string' },
        size: { type: 'string' },
        upscale: { type: 'string' },
        encoder: { type: 'string' },
        'project-out': { type: 'string' },
        'discard-project': { type: 'boolean', default: false },
        quiet: { type: 'boolean', short: 'q', default: false },
        verbose: { type: 'boolean', short: 'v', default: false },
        clip: { type: 'string', multiple: true, default: [] },
        avatar: { type: 'string' },
        'avatar-scenes': { type: 'string' },
        'avatar-voice': { type: 'string' },
        farm: { type: 'string' },
        'chunk-seconds': { type: 'string' },
        advertise: { type: 'string' },
      },
    });
    // Generated clips and an avatar (paid online providers): --clip SCENE:PROMPT, --avatar ID.
    const clips = values.clip!.map((c) => {
      const m = /^(\d+):(.+)$/s.exec(c);
      if (!m) throw new UsageError(`--clip is SCENE:PROMPT, e.g. --clip "2:a lighthouse at dawn" (got "${c}")`);
      return { scene: Number(m[1]), prompt: m[2]! };
    });
    const avatarScenes = values['avatar-scenes']?.split(',').map((n) => {
      if (!/^\d+$/.test(n.trim())) throw new UsageError(`--avatar-scenes is a list of scene numbers, e.g. 1,3 (got "${values['avatar-scenes']}")`);
      return Number(n);
    });
    if ((avatarScenes || values['avatar-voice']) && !values.avatar) throw new UsageError('--avatar-scenes and --avatar-voice go with --avatar AVATAR_ID');
    const { voice, speakers } = voicesFromFlags(values.voice!);
    const speed = values.speed === undefined ? undefined : Number(values.speed);
    if (speed !== undefined && !(speed >= 0.75 && speed <= 1.5)) throw new UsageError(`--speed is 0.75 to 1.5 (1 = the voice's own pace), not "${values.speed}"`);
    const pronunciations = values.pronounce!.map((p) => {
      const m = /^([^=]+)=(.+)$/s.exec(p);
      if (!m) throw new UsageError(`--pronounce is WORD=HOW TO SAY IT, e.g. --pronounce "Nguyen=win" (got "${p}")`);
      return { word: m[1]!.trim(), say: m[2]!.trim() };
    });
    if (!values.output) throw new UsageError(`-o <out.mp4> is required\nusage: ${usage}`);
    const sources = [values.script, values['llm-topic'], values.topic].filter(Boolean).length;
    if (sources !== 1) throw new UsageError(`give exactly one of --script, --llm-topic or --topic\nusage: ${usage}`);
    const captions = values.captions!;
    if (!(captionModes as readonly string[]).includes(captions)) throw new UsageError(`--captions is burn, sidecar, both or none, not "${captions}"`);
    if (values.format && !(values.format in videoFormats)) throw new UsageError(`--format is ${Object.keys(videoFormats).join(', ')}, not "${values.format}"`);
    if (values.upscale && !['2', '4'].includes(values.upscale)) throw new UsageError(`--upscale is 2 or 4, not "${values.upscale}"`);
    let size: { width: number; height: number } | undefined;
    if (values.size) {
      const m = /^(\d+)x(\d+)$/.exec(values.size);
      if (!m || Number(m[1]) % 2 || Number(m[2]) % 2) throw new UsageError(`--size is WIDTHxHEIGHT with even numbers, e.g. 360x640 (got "${values.size}")`);
      size = { width: Number(m[1]), height: Number(m[2]) };
    }
    if (values['llm-topic'] && (!values['llm-url'] || !values['llm-model'])) {
      throw new UsageError('--llm-topic needs --llm-url (e.g. http://127.0.0.1:11434/v1) and --llm-model (or REELFORGE_LLM_URL / REELFORGE_LLM_MODEL)');
    }
    const chunkSeconds = values['chunk-seconds'] === undefined ? undefined : Number(values['chunk-seconds']);
    if (chunkSeconds !== undefined && !(chunkSeconds > 0)) throw new UsageError('--chunk-seconds: a number of seconds above 0');
    if ((values['chunk-seconds'] || values.advertise) && !values.farm) throw new UsageError('--chunk-seconds and --advertise go with --farm redis://…');
    if (values.farm) (await import('../../farm/farm-url')).parseFarmUrl(values.farm);
    const script = values.script ? readScript(values.script) : undefined;
    if (script !== undefined && !script.trim()) throw new InvalidInputError(`the script ${values.script} has no text`);

    const config = withHome(io.config, values.home);
    // with --farm this process coordinates: the provider stages run here, the render's chunks on the workers
    const queue = openQueue(values.farm ? { ...config, farm: { url: values.farm, advertiseHost: values.advertise } } : config);
    // an id (built-in, a file in <home>/templates, or a user template), or a template file or package
    const template = new TemplateLibrary({ db: queue.db, home: queue.home, ffprobe: ffprobeOf(io.config) }).resolve(values.template!);
    const preset = values.format ? videoFormats[values.format as keyof typeof videoFormats] : template.preset;
    const request: MakeRequestInput = {
      ...(script !== undefined ? { script } : { topic: values['llm-topic'] ?? values.topic }),
      points: values.point,
      ...(values['llm-topic'] ? { llm: { baseUrl: values['llm-url']!, model: values['llm-model']! } } : {}),
      ...(values.audience ? { audience: values.audience } : {}),
      ...(values.tone ? { tone: values.tone } : {}),
      ...(values.length ? { lengthSeconds: Number(values.length) } : {}),
      ...(values.language ? { language: values.language } : {}),
      templateId: template.id,
      ...(voice ? { voice } : {}),
      ...(speakers ? { speakers } : {}),
      ...(speed !== undefined ? { speed } : {}),
      ...(pronunciations.length ? { pronunciations } : {}),
      ...(values.format ? { format: values.format as keyof typeof videoFormats } : {}),
      ...(size ? { settings: { preset, ...size } } : {}),
      mediaFolders: values.media!.map((m) => resolve(m)),
      captions: captions as (typeof captionModes)[number],
      ...(values.upscale ? { upscale: Number(values.upscale) as 2 | 4 } : {}),
      ...(values.encoder ? { encoder: values.encoder } : {}),
      render: true,
      ...(clips.length ? { clips } : {}),
      ...(values.avatar ? { avatar: { avatarId: values.avatar, ...(avatarScenes ? { scenes: avatarScenes } : {}), ...(values['avatar-voice'] ? { voiceId: values['avatar-voice'] } : {}) } } : {}),
      output: resolve(values.output),
    };
    const view = createProgressView(io.err, values.quiet);
    try {
      for (const m of request.mediaFolders ?? []) if (!existsSync(m)) throw new InvalidInputError(`the media folder ${m} does not exist`);
      const started = Date.now();
      const inputs = [
        ...(values.script ? [{ file: values.script, what: 'the script' }] : []),
        ...(/\.(json|zip)$/i.test(values.template!) ? [{ file: values.template!, what: 'the template file' }] : []),
      ];
      const job = await enqueueMake(queue, request, { rendersDir: join(queue.home, 'renders'), template, inputs, ...(values.farm ? { farm: { chunkSeconds } } : {}) });
      const [done] = await followJobs(queue, [job.id], view, io.signal);
      jobOutcome(done!);
      const projectId = (queue.input(job.id) as { projectId: string }).projectId;
      const stored = getProject(queue.db, projectId);
      // a short summary: the file, its length, the voice and the template; why each provider was
      // chosen (a paragraph per stage) only when asked for with --verbose
      const ffprobe = ffprobeOf(io.config);
      const seconds = ffprobe ? await probeMedia(ffprobe, done!.output!).then((m) => m.duration, () => undefined) : undefined;
      const voiceUsed = stored?.document.audio.voice ?? voice ?? 'the system voice';
      const facts = [
        seconds !== undefined ? `${seconds.toFixed(1)} s` : null,
        `voice ${voiceUsed}`,
        `template ${template.name}`,
        `${stored?.document.scenes.length ?? '?'} scenes`,
        `made in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      ].filter(Boolean);
      const lines = [`Done: ${done!.output}`, `  ${facts.join(' · ')}`];
      if (values.verbose) for (const e of queue.events({ jobId: job.id }).filter((x) => x.type === 'job.provider')) lines.push(`  ${String(e.data.reason)}`);
      if (stored) {
        // which file went to which scene, and why: the media stage wrote it in the job's log
        const log = join(done!.sessionDir, 'logs', 'job.log');
        const chosen = existsSync(log) ? readFileSync(log, 'utf8').split('\n').map((l) => /media: (scene \d+ ← .*)$/.exec(l)?.[1]).filter(Boolean) : [];
        if (values.media!.length) for (const c of new Set(chosen)) lines.push(`  ${c}`);
        if (values['project-out']) writeFileSync(resolve(values['project-out']), JSON.stringify(stored.document, null, 2));
      }
      const companions = ['srt', 'vtt', 'ass'].map((e) => done!.output!.replace(/\.[^./\\]+$/, `.${e}`)).filter((f) => captions === 'sidecar' || captions === 'both' ? existsSync(f) : false);
      if (companions.length) lines.push(`captions: ${companions.join(', ')}`);
      if (values['discard-project']) deleteProject(queue.db, projectId);
      else lines.push(`project: ${projectId} (in the library of ${queue.home}; open it in the studio)`);
      view.done(lines.join('\n'));
      return exitCodes.ok;
    } finally {
      queue.close();
    }
  },
};
