import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { filterArg } from '../render/escape';

/** Options whose value is a file or folder the graph reads (movie, subtitles, drawtext, …). */
const PATH_OPTIONS = /(?<![\w])(filename|fontfile|fontsdir|textfile)=/g;

export interface GraphRef {
  /** the placeholder standing for the path in the portable graph */
  ref: string;
  path: string;
  kind: 'file' | 'dir';
}

/** Undoes one level of FFmpeg's backslash escaping, up to the first unescaped stop character. */
function readEscaped(text: string, from: number, stops: string): { value: string; end: number } {
  let value = '';
  let j = from;
  while (j < text.length && !stops.includes(text[j]!)) {
    if (text[j] === '\\' && j + 1 < text.length) j++;
    value += text[j];
    j++;
  }
  return { value, end: j };
}

/**
 * A filter graph with every file and folder it reads replaced by a placeholder, so that another
 * machine can run it against its own copies (fetched by content hash): the graph names the files
 * the real plan put in it, whatever feature added them, as long as it names them by one of the
 * path options above with the render's own escaping (filterArg).
 */
export function portableGraph(graph: string): { graph: string; refs: GraphRef[] } {
  const byPath = new Map<string, GraphRef>();
  const edits: Array<{ at: number; length: number; ref: string }> = [];
  for (const m of graph.matchAll(PATH_OPTIONS)) {
    const at = m.index! + m[0].length;
    // the graph level ends a value at , ; [ ] or a line break; the option level at :
    const graphLevel = readEscaped(graph, at, ',;[]\n');
    const path = readEscaped(graphLevel.value, 0, ':').value;
    const escaped = filterArg(path);
    if (!isAbsolute(path) || !graph.startsWith(escaped, at)) continue;
    let kind: 'file' | 'dir';
    try {
      const st = statSync(path);
      if (st.isFile()) kind = 'file';
      else if (st.isDirectory()) kind = 'dir';
      else continue;
    } catch {
      continue;
    }
    let ref = byPath.get(path);
    if (!ref) {
      ref = { ref: `@@FARMREF${byPath.size}@@`, path, kind };
      byPath.set(path, ref);
    }
    edits.push({ at, length: escaped.length, ref: ref.ref });
  }
  let out = '';
  let pos = 0;
  for (const e of edits) {
    out += graph.slice(pos, e.at) + e.ref;
    pos = e.at + e.length;
  }
  out += graph.slice(pos);
  return { graph: out, refs: [...byPath.values()] };
}

/** The graph with each placeholder replaced by this machine's copy of that file or folder. */
export function localGraph(portable: string, local: Map<string, string>): string {
  return portable.replace(/@@FARMREF\d+@@/g, (ref) => {
    const path = local.get(ref);
    if (!path) throw new Error(`the chunk's graph names ${ref}, which its description does not list`);
    return filterArg(path);
  });
}
