import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { InvalidInputError } from '../../../preload/contract/errors';
import type { Template } from '../../../preload/contract/template';
import { withHome } from '../../config/runtime-config';
import { openHomeDatabase } from '../../store/open-database';
import { TemplateLibrary, type TemplateEntry } from '../../templates/template-library';
import { packTemplate, readTemplatePackage } from '../../templates/template-package';
import { ffprobeOf } from '../../api/template-handlers';
import { exitCodes, UsageError, type Command, type CliIo } from '../command';
import { writeFileAtomic } from '../../files/partial-file';

const usage = `reelforge templates list [--json] [--home DIR]      (list is the default)
       reelforge templates show <id | file> [--home DIR]
       reelforge templates import <file.reelforge-template.json | file.zip> [--home DIR]
       reelforge templates export <id> [-o FILE | --out-dir DIR] [--home DIR]
       reelforge templates validate <file>`;

/** What a person reads after the id: the name, then the look in brief (`templates show` has the description). */
function describe(t: Template, source: string): string {
  const c = t.style.caption;
  const fonts = t.style.fonts.length ? `, fonts: ${t.style.fonts.map((f) => f.family).join(', ')}` : '';
  return `${t.name}  (${source}, ${t.preset}, captions in ${c.font}, music: ${t.music.file ? basename(t.music.file) : t.music.mood}${fonts})`;
}

function list(lib: TemplateLibrary, json: boolean, io: CliIo): number {
  const { entries, problems } = lib.listWithProblems();
  if (json) {
    io.out.write(JSON.stringify(entries.map((e) => ({ ...e.template, source: e.source })), null, 2) + '\n');
  } else {
    const width = Math.max(...entries.map((e) => e.template.id.length));
    // one template per line, starting with its id and a space, for scripts that read it
    for (const e of entries) io.out.write(`${e.template.id.padEnd(width)}  ${describe(e.template, e.source)}\n`);
  }
  for (const p of problems) io.err.write(`skipped ${p.id}: ${p.message}\n`);
  return exitCodes.ok;
}

/**
 * `templates`: the library the studio shows, from the command line. `list` and `show` read;
 * `import` adds a template file (or package with its fonts and music) as a user template;
 * `export` writes one to a file that carries everything it needs; `validate` checks a file
 * without keeping anything.
 */
export const templatesCommand: Command = {
  name: 'templates',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false }, home: { type: 'string' }, output: { type: 'string', short: 'o' }, 'out-dir': { type: 'string' } },
    });
    const [action = 'list', arg, ...rest] = positionals;
    if (rest.length) throw new UsageError(`unexpected ${rest.join(' ')}\nusage: ${usage}`);
    if (action === 'validate') {
      if (!arg) throw new UsageError(`give the template file to check\nusage: ${usage}`);
      const file = resolve(arg);
      const { template, files } = readTemplatePackage(readBytes(file), file, dirname(file));
      const missing = [...template.style.fonts.map((f) => f.file), ...(template.music.file ? [template.music.file] : [])].filter((f) => !files.has(f) && !existsSync(f));
      if (missing.length) throw new InvalidInputError(`${file} names files that are not there:`, missing.map((m) => ({ path: 'file', message: m })));
      io.out.write(`${file}: a valid template (version ${template.version}), "${template.name}" (${template.id})\n`);
      return exitCodes.ok;
    }
    const home = withHome(io.config, values.home).home;
    const db = openHomeDatabase(home);
    try {
      const lib = new TemplateLibrary({ db, home, ffprobe: ffprobeOf(io.config) });
      switch (action) {
        case 'list':
          return list(lib, values.json!, io);
        case 'show': {
          if (!arg) throw new UsageError(`give a template id or file\nusage: ${usage}`);
          const t = /\.(json|zip)$/.test(arg) ? readTemplatePackage(readBytes(resolve(arg)), arg, dirname(resolve(arg))).template : lib.get(arg);
          io.out.write(JSON.stringify(t, null, 2) + '\n');
          return exitCodes.ok;
        }
        case 'import': {
          if (!arg) throw new UsageError(`give the template file to import\nusage: ${usage}`);
          const file = resolve(arg);
          const e: TemplateEntry = lib.import(readBytes(file), file, dirname(file));
          io.out.write(`imported "${e.template.name}" as ${e.template.id}${e.template.style.fonts.length ? ` with ${e.template.style.fonts.length} font(s)` : ''}\n`);
          return exitCodes.ok;
        }
        case 'export': {
          if (!arg) throw new UsageError(`give the id of the template to export\nusage: ${usage}`);
          const pkg = packTemplate(lib.get(arg));
          const out = resolve(values.output ?? join(values['out-dir'] ?? '.', pkg.fileName));
          // never over a file the user has: they asked for a new one
          if (existsSync(out)) throw new InvalidInputError(`${out} already exists; choose another name with -o`);
          mkdirSync(dirname(out), { recursive: true });
          writeFileAtomic(out, pkg.bytes);
          io.out.write(`${out}\n`);
          return exitCodes.ok;
        }
        default:
          throw new UsageError(`unknown action "${action}"\nusage: ${usage}`);
      }
    } finally {
      db.close();
    }
  },
};

function readBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new InvalidInputError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message}`);
  }
}
