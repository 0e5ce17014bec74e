/**
 * bench:look — caption legibility of every built-in template on the example scripts
 * (assets/examples/scripts/*.txt), as a creator would make them: `reelforge make --script …
 * --template … --captions both`, no media, then ../shared/tools/caption-legibility (OCR of a frame
 * at each caption's midpoint, the share of the caption's words read) on each video. Prints the
 * table, each template's and script's mean and the overall average; the goal is every cell ≥ 0.9
 * and the average ≥ 0.95. A 12-frame contact sheet of each video is written beside it to look at.
 *
 *   npm run bench:look [-- --templates a,b] [-- --scripts how-to,news] [-- --size 540x960]
 *   [-- --out DIR] [-- --tool PATH]
 *
 * `--size` renders smaller frames (quicker, and harder to read for the OCR); by default each
 * template renders at its own format.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { listTemplates } from '../../main/templates/load-templates';

const root = resolve(import.meta.dirname, '../..');
const { values } = parseArgs({
  options: {
    templates: { type: 'string' },
    scripts: { type: 'string' },
    size: { type: 'string' },
    out: { type: 'string', default: join(root, 'out', 'legibility') },
    tool: { type: 'string', default: resolve(root, '../shared/tools/caption-legibility') },
  },
});
const tool = existsSync(values.tool!) ? values.tool! : '/work/shared/tools/caption-legibility';
if (!existsSync(tool)) throw new Error(`caption-legibility not found at ${values.tool} (give --tool PATH)`);

const scriptsDir = join(root, 'assets', 'examples', 'scripts');
const pick = (all: string[], filter?: string) => (filter ? all.filter((x) => filter.split(',').some((f) => x.includes(f.trim()))) : all);
const scripts = pick(readdirSync(scriptsDir).filter((f) => f.endsWith('.txt')).sort(), values.scripts);
const templates = pick(listTemplates().map((t) => t.id), values.templates);
const out = resolve(values.out!);
mkdirSync(out, { recursive: true });

const scores = new Map<string, number>();
for (const template of templates) {
  for (const script of scripts) {
    const name = `${template}--${basename(script, '.txt')}`;
    const video = join(out, `${name}.mp4`);
    const t0 = performance.now();
    if (!existsSync(video)) {
      execFileSync(process.execPath, [join(root, 'bin', 'reelforge.js'), 'make', '--script', join(scriptsDir, script), '--template', template, '--captions', 'both', '--home', join(out, 'home'), '--quiet',
        ...(values.size ? ['--size', values.size] : []), '-o', video], { stdio: ['ignore', 'ignore', 'inherit'] });
    }
    const made = (performance.now() - t0) / 1000;
    const report = execFileSync(tool, [video, join(out, `${name}.srt`), join(out, `ocr-${name}`)], { encoding: 'utf8' });
    const mean = Number(/mean_recall=([\d.]+)/.exec(report)?.[1] ?? 'NaN');
    scores.set(`${template}|${script}`, mean);
    // the contact sheet: 12 frames spread over the video
    const duration = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', video], { encoding: 'utf8' }));
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', video, '-vf', `fps=12/${duration.toFixed(3)},scale=-2:480,tile=6x2`, '-frames:v', '1', join(out, `${name}-sheet.png`)]);
    const worst = report.split('\n').filter((l) => /recall=0\.[0-7]/.test(l)).slice(0, 3);
    console.log(`${name}: ${mean.toFixed(3)}${made > 1 ? ` (made in ${made.toFixed(0)} s)` : ''}${worst.length ? `\n    ${worst.join('\n    ')}` : ''}`);
  }
}

const short = (s: string) => basename(s, '.txt').split('-').slice(0, 2).join('-');
const pad = (s: string, n: number) => s.padEnd(n);
console.log(`\n${pad('template', 16)}${scripts.map((s) => pad(short(s), 14)).join('')}mean`);
const all: number[] = [];
for (const t of templates) {
  const row = scripts.map((s) => scores.get(`${t}|${s}`)!);
  all.push(...row);
  const mean = row.reduce((a, b) => a + b, 0) / row.length;
  console.log(`${pad(t, 16)}${row.map((v) => pad(v.toFixed(3) + (v < 0.9 ? ' !' : ''), 14)).join('')}${mean.toFixed(3)}`);
}
const average = all.reduce((a, b) => a + b, 0) / all.length;
console.log(`\naverage ${average.toFixed(3)} over ${all.length} videos; lowest ${Math.min(...all).toFixed(3)} (goal: every video ≥ 0.9, average ≥ 0.95)`);
console.log(`videos, captions and contact sheets in ${out}`);
