import { approverPath } from "./rules/approver-path.ts";
import { conditionNodeReference } from "./rules/condition-node-reference.ts";
import { conditionQuery } from "./rules/condition-query.ts";
import { cycle } from "./rules/cycle.ts";
import { defaultEdgeCondition } from "./rules/default-edge-condition.ts";
import { duplicateDefault } from "./rules/duplicate-default.ts";
import { duplicateEdge } from "./rules/duplicate-edge.ts";
import { duplicateNodeId } from "./rules/duplicate-node-id.ts";
import { duration } from "./rules/duration.ts";
import { edgeMissingNode } from "./rules/edge-missing-node.ts";
import { edgeOutcomeFits } from "./rules/edge-outcome.ts";
import { embeddedSchema } from "./rules/embedded-schema.ts";
import { endUnreachable } from "./rules/end-unreachable.ts";
import { heartbeatWithinTimeout } from "./rules/heartbeat-within-timeout.ts";
import { htmlForm } from "./rules/html-form.ts";
import { missingSuccessEdge } from "./rules/missing-success-edge.ts";
import { oneStartOneEnd } from "./rules/one-start-one-end.ts";
import { schema } from "./rules/schema.ts";
import { startEndEdges } from "./rules/start-end-edges.ts";
import { unreachableNode } from "./rules/unreachable-node.ts";
import type { ValidationRule } from "./validation-rule.ts";

/** Every rule a template must pass, in the order their problems are listed (docs/validation.md). */
export const TEMPLATE_RULES: readonly ValidationRule[] = [
  schema,
  embeddedSchema,
  duplicateNodeId,
  oneStartOneEnd,
  edgeMissingNode,
  startEndEdges,
  edgeOutcomeFits,
  duplicateEdge,
  duplicateDefault,
  defaultEdgeCondition,
  missingSuccessEdge,
  cycle,
  unreachableNode,
  endUnreachable,
  conditionQuery,
  conditionNodeReference,
  duration,
  heartbeatWithinTimeout,
  approverPath,
  htmlForm,
];
