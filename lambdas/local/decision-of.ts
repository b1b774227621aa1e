import { decisionForm } from "../core/approval/decision-form.ts";
import type { FlowAction } from "../core/engine/flow-action.ts";
import type { DecisionRequest } from "../core/operations/decision-request.ts";

/**
 * The decision a `baton simulate` script step asks of an approval, as the API would take it:
 * its `output`'s `comment` (a string) as the comment and the rest as form values.
 *
 * @example
 * decisionOf({ node: "lead", act: "approve", by: "al", output: { comment: "ok", level: 2 } });
 * // { action: "approve", comment: "ok", form: { level: 2 } }
 */
export function decisionOf(action: FlowAction): DecisionRequest {
  switch (action.act) {
    case "approve":
    case "reject": {
      const comment = action.output?.comment;
      const form = decisionForm(action.output);
      return {
        action: action.act,
        ...(typeof comment === "string" ? { comment } : {}),
        ...(form === undefined ? {} : { form }),
      };
    }
    case "transfer":
      return { action: "transfer", to: action.to };
    case "addSign":
      return { action: "addSign", user: action.user, position: action.position };
    default:
      throw new TypeError(`${action.act} is not a decision on an approval`);
  }
}
