import { OperationRefusedError } from "../core/contract/operation-refused-error.ts";

/** How deeply a JSON body may nest; deeper bodies are refused before anything walks them. */
const MAX_JSON_DEPTH = 64;

/** Whether the JSON text nests arrays and objects deeper than `limit` (strings skipped). */
function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === "\\") index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "{" || char === "[") {
      depth += 1;
      if (depth > limit) return true;
    } else if (char === "}" || char === "]") depth -= 1;
  }
  return false;
}

/**
 * Parses a JSON request body: an empty body is `undefined`; malformed JSON, or JSON nesting
 * deeper than {@link MAX_JSON_DEPTH}, is refused `invalid` (400) without echoing the body.
 *
 * @example
 * parseJsonBody('{"input":{}}'); // { input: {} }
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
    throw new OperationRefusedError(
      "invalid",
      `the body nests deeper than ${MAX_JSON_DEPTH} levels`,
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new OperationRefusedError("invalid", "the body is not valid JSON");
  }
}
