import { statePath } from "../contract/state-paths.ts";
import type { JsonValue } from "./asl.ts";
import { MAX_INTRINSIC_CALLS } from "./intrinsic-limit.ts";

/** How many maps one field merges: a balanced tree of `States.JsonMerge` makes one call fewer. */
const MAPS_PER_FIELD = MAX_INTRINSIC_CALLS + 1;

/** `States.JsonMerge` over several node maps, nested as a balanced tree. */
function mergeTree(paths: readonly string[]): string {
  if (paths.length === 1) return paths[0] ?? statePath("nodes");
  const middle = Math.ceil(paths.length / 2);
  const left = mergeTree(paths.slice(0, middle));
  const right = mergeTree(paths.slice(middle));
  return `States.JsonMerge(${left}, ${right}, false)`;
}

/**
 * The fields that merge the branches' node maps of a Parallel into `nodes`, in levels of at
 * most {@link MAPS_PER_FIELD} maps per field (Step Functions allows 10 intrinsic calls in a
 * field). The first level goes into the Parallel's `ResultSelector`; each further level is a
 * Pass. Up to 11 branches, one level: `nodes` itself. Beyond, each level merges groups of
 * maps into `nodes.p0`, `nodes.p1`, … for the next one.
 *
 * @example
 * mergeLevels(["$[0].nodes", "$[1].nodes"]);
 * // [{ "nodes.$": "States.JsonMerge($[0].nodes, $[1].nodes, false)" }]
 */
export function mergeLevels(paths: readonly string[]): Record<string, JsonValue>[] {
  const levels: Record<string, JsonValue>[] = [];
  let maps = paths;
  while (maps.length > MAPS_PER_FIELD) {
    const groups = Math.ceil(maps.length / MAPS_PER_FIELD);
    const size = Math.ceil(maps.length / groups);
    const parts = Array.from({ length: groups }, (_, group) =>
      maps.slice(group * size, (group + 1) * size),
    );
    levels.push({
      nodes: Object.fromEntries(parts.map((part, group) => [`p${group}.$`, mergeTree(part)])),
    });
    maps = parts.map((_, group) => statePath("nodes", `p${group}`));
  }
  levels.push({ "nodes.$": mergeTree(maps) });
  return levels;
}
