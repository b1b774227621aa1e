import { EventBridgeBus } from "../adapters/aws/eventbridge-bus.ts";
import { eventBridgeClient } from "../adapters/aws/eventbridge-client.ts";
import type { EventBus } from "../core/ports/event-bus.ts";
import type { PortFactory } from "./backend-ports.ts";
import { requiredVariable } from "./environment-variables.ts";

/**
 * The flow events' bus on EventBridge (`EventBridgeBus`), the one `BUS_NAME` names.
 *
 * @example
 * const ports = { bus: eventBridgeBusFromEnv };
 */
export const eventBridgeBusFromEnv: PortFactory<EventBus> = ({ env, clients }) =>
  new EventBridgeBus(clients(eventBridgeClient), requiredVariable(env, "BUS_NAME"));
