import { fnv1a32 } from "./fnv1a32.ts";

/** The longest name Step Functions gives a state machine. */
export const STATE_MACHINE_NAME_LIMIT = 80;

/** The alias every deployed state machine runs its executions through. */
export const LIVE_ALIAS = "live";

/**
 * The name of the Standard state machine that runs one template version in an environment whose
 * names start with `namePrefix`: `<namePrefix>-<id>-v<version>`. Where that passes Step
 * Functions' 80 characters, the id is cut and followed by 8 hex digits of its FNV-1a hash, so two
 * long ids still get two names. The deployment names each machine with it and the handlers
 * find the machine they start with it, so neither needs a list of the other's.
 *
 * @param namePrefix - the environment's prefix, e.g. `baton-prod` (`FlowResourceNames.prefix`)
 * @example
 * templateStateMachineName("baton-prod", { id: "expense", version: 3 }); // "baton-prod-expense-v3"
 */
export function templateStateMachineName(
  namePrefix: string,
  template: { readonly id: string; readonly version: number },
): string {
  const whole = `${namePrefix}-${template.id}-v${template.version}`;
  if (whole.length <= STATE_MACHINE_NAME_LIMIT) return whole;
  const hash = fnv1a32(template.id).toString(16).padStart(8, "0");
  const tail = `-${hash}-v${template.version}`;
  const room = STATE_MACHINE_NAME_LIMIT - namePrefix.length - 1 - tail.length;
  return `${namePrefix}-${template.id.slice(0, room)}${tail}`;
}
