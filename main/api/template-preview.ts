import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { outputFormat, projectSchema, type PresetName } from '../../preload/contract/project';
import type { Template } from '../../preload/contract/template';
import { capabilitiesOf, locateTools, type RuntimeConfig } from '../config/runtime-config';
import { runFfmpeg } from '../../native/ffmpeg/run';
import { templateCard } from '../make/build-project';
import { renderProject } from '../render/render-project';

/** Bump when the sample scene changes, so cached frames are drawn again. */
const PREVIEW_VERSION = 2;
const HEIGHT = 360;
const SAMPLE = ['Every', 'word', 'counts', 'in', 'your', 'story'];
/** seconds each sample word is "spoken"; the frame is taken half-way through the third word */
const WORD = 0.3;
const FRAME_AT = 2 * WORD + WORD / 2;

const even = (n: number) => Math.max(16, Math.round(n / 2) * 2);

/** The frame's file: named by the template's content, so an edited template is drawn again. */
export function templatePreviewPath(dir: string, template: Template, preset: PresetName = template.preset): string {
  const hash = createHash('sha256').update(JSON.stringify([PREVIEW_VERSION, template, preset])).digest('hex').slice(0, 16);
  return join(dir, `${template.id}-${preset}-${hash}.png`);
}

/**
 * One frame of a template as a video made with it would show it: its card, its caption style
 * with the active word highlighted mid-word, at the template's aspect (or the chosen format's), drawn by the real render
 * pipeline (the same graph, fonts and libass captions an export uses), then cut out as a PNG.
 */
export async function renderTemplatePreview(template: Template, opts: { preset?: PresetName; dir: string; config: RuntimeConfig; signal?: AbortSignal }): Promise<string> {
  const preset = opts.preset ?? template.preset;
  const out = templatePreviewPath(opts.dir, template, preset);
  if (existsSync(out)) return out;
  mkdirSync(opts.dir, { recursive: true });
  const f = outputFormat({ preset, quality: 23, speed: 'fast', encoder: 'auto' });
  const work = mkdtempSync(join(opts.dir, '.work-'));
  try {
    const project = projectSchema.parse({
      version: 1,
      title: template.name,
      template: template.id,
      settings: { preset, width: even((HEIGHT * f.width) / f.height), height: HEIGHT, fps: 10, quality: 20, speed: 'fast', encoder: 'libx264' },
      style: { ...template.style, kenBurns: false },
      scenes: [
        {
          narration: SAMPLE.join(' '),
          words: SAMPLE.map((text, i) => ({ text, start: i * WORD, end: (i + 1) * WORD })),
          visual: templateCard(template, template.name),
          duration: SAMPLE.length * WORD,
        },
      ],
    });
    const tools = locateTools(opts.config);
    const capabilities = await capabilitiesOf(opts.config, tools, { signal: opts.signal });
    const video = join(work, 'sample.mp4');
    await renderProject({ project, output: video, workDir: join(work, 'render'), config: opts.config, tools, capabilities, signal: opts.signal, tag: `template-preview:${template.id}` });
    const png = join(work, 'frame.png');
    await runFfmpeg(tools.ffmpeg.path, ['-v', 'error', '-ss', String(FRAME_AT), '-i', video, '-frames:v', '1', '-y', png], { signal: opts.signal });
    renameSync(png, out);
    return out;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
