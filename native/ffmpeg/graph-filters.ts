/**
 * The names of the filters a filtergraph uses, read the way FFmpeg reads the graph: chains are
 * separated by `;`, filters by `,`, a filter is `[in]…name=args[out]…`, and a `,` or `;` inside
 * single quotes or after a backslash belongs to an argument. Used to check that an FFmpeg build
 * has every filter a render plan really asks for.
 */
export function filtersInGraph(graph: string): string[] {
  const names = new Set<string>();
  let segment = '';
  let quoted = false;
  const take = () => {
    const name = /^\s*(?:\[[^\]]*\]\s*)*([A-Za-z0-9_]+)/.exec(segment)?.[1];
    if (name) names.add(name);
    segment = '';
  };
  for (let i = 0; i < graph.length; i++) {
    const c = graph[i]!;
    if (c === '\\' && !quoted) {
      segment += c + (graph[i + 1] ?? '');
      i++;
    } else if (c === "'") {
      quoted = !quoted;
      segment += c;
    } else if ((c === ',' || c === ';') && !quoted) take();
    else segment += c;
  }
  take();
  return [...names];
}
