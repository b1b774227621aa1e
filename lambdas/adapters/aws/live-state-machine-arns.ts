import { LIVE_ALIAS, templateStateMachineName } from "../../core/contract/state-machine-name.ts";
import type { Template } from "../../core/model/template.ts";
import type { StateMachineArnOf } from "./sfn-executions.ts";

/**
 * An environment's state machine ARN prefix: the ARN a state machine of the environment would
 * have if its name were the environment's name prefix alone.
 */
export interface StateMachineArnPrefix {
  /** Up to the machine's name: `arn:<partition>:states:<region>:<account>:stateMachine:`. */
  readonly arnBase: string;
  /** The name prefix of the environment's machines, e.g. `baton-prod`. */
  readonly namePrefix: string;
}

/**
 * `arn:<partition>:states:<region>:<account>:stateMachine:` and a name prefix of letters,
 * digits, hyphens and underscores (what Step Functions' names and Baton's prefixes share).
 */
const ARN_PREFIX = /^(arn:[a-z-]+:states:[a-z0-9-]+:\d{12}:stateMachine:)([A-Za-z0-9_-]+)$/;

/**
 * Splits a state machine ARN prefix, e.g.
 * `arn:aws:states:eu-west-1:123456789012:stateMachine:baton-prod`, into the ARN up to the name
 * and the name prefix; `undefined` when the text has another shape.
 *
 * @example
 * stateMachineArnPrefix("arn:aws:states:eu-west-1:123456789012:stateMachine:baton-prod");
 * // { arnBase: "arn:aws:states:eu-west-1:123456789012:stateMachine:", namePrefix: "baton-prod" }
 */
export function stateMachineArnPrefix(text: string): StateMachineArnPrefix | undefined {
  const match = ARN_PREFIX.exec(text);
  if (!match?.[1] || !match[2]) return undefined;
  return { arnBase: match[1], namePrefix: match[2] };
}

/**
 * The `live` alias ARN of each deployed template version's machine, derived from the
 * environment's ARN prefix and the machine name rule (`templateStateMachineName`), the rule the
 * deployment names the machines with: `<arnBase><name>:live`. A template version not in
 * `deployed` is refused: the environment has no machine for it.
 *
 * @param deployed - every template version the deployment holds (its `templates.json`)
 * @example
 * const arnOf = liveStateMachineArnOf(prefix, templates);
 * arnOf("expense", 3); // "arn:aws:states:eu-west-1:123456789012:stateMachine:baton-prod-expense-v3:live"
 */
export function liveStateMachineArnOf(
  prefix: StateMachineArnPrefix,
  deployed: readonly Pick<Template, "id" | "version">[],
): StateMachineArnOf {
  const versions = new Map<string, Set<number>>();
  for (const { id, version } of deployed) {
    versions.set(id, (versions.get(id) ?? new Set()).add(version));
  }
  return (id, version) => {
    if (versions.get(id)?.has(version) !== true) {
      throw new TypeError(`no state machine runs ${id} v${version}`);
    }
    return `${prefix.arnBase}${templateStateMachineName(prefix.namePrefix, { id, version })}:${LIVE_ALIAS}`;
  };
}
