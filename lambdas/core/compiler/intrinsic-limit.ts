import type { JsonValue, StateMachine } from "./asl.ts";
import { IntrinsicLimitError } from "./intrinsic-limit-error.ts";

/** How many intrinsic function calls Step Functions allows in one field. */
export const MAX_INTRINSIC_CALLS = 10;

/** An intrinsic function's name followed by its opening parenthesis. */
const CALL = /^States\.[A-Za-z]+\(/;

/**
 * How many intrinsic function calls (`States.Format(`, `States.JsonMerge(` …) a field's value
 * makes, nested ones included; text inside string literals (`'…'`, `\` escapes) does not count.
 *
 * @example
 * intrinsicCalls("States.Format('{}#I#{}', $.instance.tenant, $.instance.id)"); // 1
 * intrinsicCalls("States.ArrayContains(States.Array($.a, $.b), true)"); // 2
 */
export function intrinsicCalls(value: string): number {
  let calls = 0;
  let quoted = false;
  for (let at = 0; at < value.length; at += 1) {
    const char = value[at];
    if (quoted) {
      if (char === "\\") at += 1;
      else if (char === "'") quoted = false;
    } else if (char === "'") {
      quoted = true;
    } else if (char === "S" && CALL.test(value.slice(at, at + 40))) {
      calls += 1;
    }
  }
  return calls;
}

/** Every field of a value that intrinsic functions may be called in, with its calls. */
function* intrinsicFields(value: JsonValue, where: string): Generator<[string, number]> {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* intrinsicFields(item, `${where}[${index}]`);
    return;
  }
  if (value === null || typeof value !== "object") return;
  for (const [key, inner] of Object.entries(value)) {
    const field = `${where} › ${key}`;
    if (key.endsWith(".$") && typeof inner === "string") yield [field, intrinsicCalls(inner)];
    else yield* intrinsicFields(inner, field);
  }
}

/**
 * The most intrinsic function calls any field of a definition makes (Parallel branches and
 * Map items included); 0 when none calls any.
 *
 * @example
 * mostIntrinsicCalls(compileTemplate(template)); // at most MAX_INTRINSIC_CALLS
 */
export function mostIntrinsicCalls(definition: StateMachine): number {
  let most = 0;
  for (const [, calls] of intrinsicFields(definition as unknown as JsonValue, "definition")) {
    most = Math.max(most, calls);
  }
  return most;
}

/**
 * Throws {@link IntrinsicLimitError} for the first field of a definition (Parallel branches and
 * Map items included) that makes more than {@link MAX_INTRINSIC_CALLS} intrinsic function calls.
 *
 * @example
 * assertIntrinsicLimit(definition); // returns, or names the field that AWS would refuse
 */
export function assertIntrinsicLimit(definition: StateMachine): void {
  for (const [field, calls] of intrinsicFields(definition as unknown as JsonValue, "definition")) {
    if (calls > MAX_INTRINSIC_CALLS) throw new IntrinsicLimitError(field, calls);
  }
}
