import type { Logger } from "@aws-lambda-powertools/logger";
import type { BusEvent } from "../core/records/bus-event.ts";

/**
 * Logs a flow event of the local bus: every event at debug level by its type, template,
 * instance and node (never its detail, which can hold a start input or form values), and an
 * instance that ended `failed` as a warning with its reason — an execution that died, or a
 * task whose plugin failed.
 *
 * @example
 * backend.bus.subscribe((event) => logFlowEvent(logger, event));
 */
export function logFlowEvent(logger: Logger, event: BusEvent): void {
  const { type, templateId, templateVersion, instanceId, nodeId } = event;
  const keys = { templateId, templateVersion, instanceId, ...(nodeId ? { nodeId } : {}) };
  if (type === "flow.ended" && event.detail.status === "failed") {
    logger.warn("instance failed", { ...keys, reason: String(event.detail.reason ?? "") });
  }
  logger.debug(type, keys);
}
