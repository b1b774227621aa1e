/**
 * Reads a dotted path (`input.owner`, `nodes.lead.output.level`) from a plain JSON value,
 * following own properties only, so that a path can never reach into a prototype.
 *
 * @example
 * readPath({ input: { owner: "alice" } }, "input.owner"); // "alice"
 * readPath({ input: {} }, "input.owner.name");             // undefined
 */
export function readPath(value: unknown, path: string): unknown {
  let current = value;
  for (const segment of path.split(".")) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, segment)) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}
