// Metric definitions for the About page, read from docs/metrics.md (one source
// for the docs and the screen): the rows of its metric tables,
// "| `metric_id`[, `another`] | kind | definition |".
import metricsDoc from '../../docs/metrics.md?raw';

export interface Definition {
  kind: string;
  /** The definition's text; `code` spans are kept as backticks for the page to set. */
  text: string;
}

export function parseDefinitions(markdown: string): Map<string, Definition> {
  const definitions = new Map<string, Definition>();
  for (const line of markdown.split('\n')) {
    const m = /^\|\s*((?:`[a-z0-9_]+`\s*,?\s*)+)\|\s*(count|total|ratio|share|mean)\s*\|\s*(.+?)\s*\|\s*$/.exec(line);
    if (!m) continue;
    const ids = [...m[1]!.matchAll(/`([a-z0-9_]+)`/g)].map((x) => x[1]!);
    for (const id of ids) definitions.set(id, { kind: m[2]!, text: m[3]! });
  }
  return definitions;
}

let cached: Map<string, Definition> | undefined;

export function metricDefinitions(): Map<string, Definition> {
  cached ??= parseDefinitions(metricsDoc);
  return cached;
}
