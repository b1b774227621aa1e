import scriptSchema from "../../../schema/baton-script.schema.json" with { type: "json" };
import type { FlowAction } from "../engine/flow-action.ts";
import { createAjv } from "../schema/create-ajv.ts";
import { ScriptRefusedError } from "./script-refused-error.ts";

const validateScript = createAjv().compile<FlowAction[]>(scriptSchema);

function describe(instancePath: string, message: string | undefined): string {
  const [, step, field] = instancePath.split("/");
  const where = step === undefined ? "script" : `step ${step}`;
  return `${where}${field ? ` (${field})` : ""}: ${message ?? "is malformed"}`;
}

/**
 * Checks a simulation script against `schema/baton-script.schema.json` (SEMANTICS §8) and
 * returns its steps, or throws {@link ScriptRefusedError} naming each malformed step (0-based).
 *
 * @example
 * parseScript([{ node: "lead", act: "approve", by: "alice" }]);
 */
export function parseScript(value: unknown): FlowAction[] {
  if (validateScript(value)) return value;
  const problems = (validateScript.errors ?? [])
    .filter((error) => error.keyword !== "if")
    .map((error) => describe(error.instancePath, error.message));
  throw new ScriptRefusedError([...new Set(problems)]);
}
