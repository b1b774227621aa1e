import type { FlowTable } from "../adapters/dynamodb/flow-table.ts";
import type { Backend } from "../core/backend/backend.ts";
import type { Template } from "../core/model/template.ts";
import type { Clock } from "../core/ports/clock.ts";
import type { FlowStores } from "../core/ports/flow-stores.ts";
import type { Ids } from "../core/ports/ids.ts";
import type { SchemaValidators } from "../core/ports/schema-validators.ts";
import type { ClientSource } from "./aws-client-source.ts";
import type { HandlerEnvironment } from "./environment-variables.ts";
import { PortNotWiredError } from "./port-not-wired-error.ts";

/**
 * The backend's ports on AWS services, each wired by a handler that calls it.
 *
 * @example
 * AWS_PORT_NAMES.filter((port) => wiring.ports[port] === undefined); // the ports it leaves out
 */
export const AWS_PORT_NAMES = [
  "tasks",
  "executions",
  "bus",
  "plugins",
  "scheduler",
  "verdicts",
] as const;

/** One of {@link AWS_PORT_NAMES}. */
export type AwsPortName = (typeof AWS_PORT_NAMES)[number];

/**
 * The keys a backend signs with (`Backend.secrets`: `callbackKey`, `linkKey`, `auditKey`), each
 * given only to a handler whose code reads it.
 *
 * @example
 * SIGNING_KEY_NAMES.map((name) => `${name}Key`); // ["callbackKey", "linkKey", "auditKey"]
 */
export const SIGNING_KEY_NAMES = ["callback", "link", "audit"] as const;

/** One of {@link SIGNING_KEY_NAMES}. */
export type SigningKeyName = (typeof SIGNING_KEY_NAMES)[number];

/**
 * The environment variable of each signing key; a deployment sets instead the variable that
 * names its secret, {@link signingKeySecretVariable}.
 */
export const SIGNING_KEY_VARIABLES: Readonly<Record<SigningKeyName, string>> = {
  callback: "BATON_CALLBACK_KEY",
  link: "BATON_LINK_KEY",
  audit: "BATON_AUDIT_KEY",
};

/**
 * The variable naming the secret that holds a signing key: its plain variable's name with
 * `_SECRET_ARN`.
 *
 * @example
 * signingKeySecretVariable("link"); // "BATON_LINK_KEY_SECRET_ARN"
 */
export function signingKeySecretVariable(name: SigningKeyName): string {
  return `${SIGNING_KEY_VARIABLES[name]}_SECRET_ARN`;
}

/** What a {@link PortFactory} makes its port from. */
export interface PortContext {
  /** The function's environment, with the signing keys read from secrets laid over it. */
  readonly env: HandlerEnvironment;
  /** The backend's AWS clients, each made once. */
  readonly clients: ClientSource;
  /** Every deployed template version (`TEMPLATES_FILE`). */
  readonly templates: readonly Template[];
}

/**
 * Makes one port of a handler's backend from the environment, checking each variable it reads
 * (a refusal names it), on a client of the {@link PortContext}; nothing is sent while making it.
 *
 * @example
 * const bus: PortFactory<EventBus> = ({ env, clients }) =>
 *   new EventBridgeBus(clients(eventBridgeClient), requiredVariable(env, "BUS_NAME"));
 */
export type PortFactory<P> = (context: PortContext) => P;

/** The factory of each AWS port a handler wires; a port left out is not wired. */
export type BackendPorts = { readonly [K in AwsPortName]?: PortFactory<Backend[K]> };

/**
 * The stores of a backend ({@link FlowStores}), each wired by a handler whose code calls it.
 *
 * @example
 * STORE_NAMES.filter((store) => wiring.stores[store] === undefined); // the stores it leaves out
 */
export const STORE_NAMES = Object.keys({
  instances: true,
  executionFacts: true,
  approvals: true,
  history: true,
  inbox: true,
  links: true,
  callbacks: true,
  idempotency: true,
} satisfies Record<keyof FlowStores, true>) as readonly (keyof FlowStores)[];

/**
 * Makes one store of a handler's backend on Baton's table (the DynamoDB adapters,
 * `dynamoDbInstanceStore`, … take the table, and the clock where they read the time).
 *
 * @example
 * const approvals: StoreFactory<ApprovalRecordStore> = dynamoDbApprovalStore;
 */
export type StoreFactory<S> = (table: FlowTable, clock: Clock) => S;

/** The factory of each store a handler wires; a store left out is not wired. */
export type BackendStores = { readonly [K in keyof FlowStores]?: StoreFactory<FlowStores[K]> };

/**
 * How one handler's backend is built: the handler, the signing keys its code reads and the AWS
 * ports and stores it calls — those of its `HANDLER_ACCESS` row
 * (`test/handlers/handler-wiring.test.ts` holds them to it). Its bundle holds those factories
 * only, so esbuild leaves the other adapters and their SDK packages out; its function is given
 * those keys only. (The loop state, `loopStates`, is every backend's: the step function reads it.)
 *
 * @example
 * export const wiring: HandlerWiring = {
 *   handler: "reminders",
 *   keys: [],
 *   ports: { bus: eventBridgeBusFromEnv, scheduler: eventBridgeSchedulerFromEnv },
 *   stores: { instances: dynamoDbInstanceStore, approvals: dynamoDbApprovalStore, … },
 * };
 */
export interface HandlerWiring {
  /** The handler's name, as `HANDLER_NAMES` has it: named by an unwired port's or key's refusal. */
  readonly handler: string;
  /**
   * The signing keys its code reads: only these are read from the environment (and required
   * there); reading another of `backend.secrets` throws `SigningKeyNotWiredError`.
   */
  readonly keys: readonly SigningKeyName[];
  /** The AWS ports it wires. */
  readonly ports: BackendPorts;
  /** The stores it wires. */
  readonly stores: BackendStores;
  /**
   * Makes the backend's ids, for a handler whose code makes one (starting an instance, calling
   * a plugin).
   *
   * @default none: a stand-in that refuses ({@link unwiredIds})
   * @example randomIds
   */
  readonly ids?: () => Ids;
  /**
   * Makes the backend's schema validators, for a handler whose code checks a request, a start
   * input or a decision's form (`backend.schemas.validator(…)`).
   *
   * @default none: a stand-in that refuses ({@link unwiredSchemas})
   * @example () => bundledSchemaValidators()
   */
  readonly schemas?: () => SchemaValidators;
}

/**
 * A stand-in for a port or store a handler does not wire: every method answers with a rejected
 * {@link PortNotWiredError} naming the port (a store as `stores.<name>`) and the handler.
 *
 * @example
 * const scheduler = unwiredPort<Backend["scheduler"]>("scheduler", "api");
 * await scheduler.cancel("01J.lead.1"); // rejects: PortNotWiredError
 */
export function unwiredPort<P extends object>(port: string, handler: string): P {
  return new Proxy({} as P, {
    get: (_target, method) =>
      typeof method === "string" && method !== "then"
        ? async () => {
            throw new PortNotWiredError(port, handler);
          }
        : undefined,
  });
}

/**
 * The ids of a handler whose code makes none: every method throws {@link PortNotWiredError}
 * naming `ids` and the handler.
 *
 * @example
 * unwiredIds("sweeper").instanceId(); // throws PortNotWiredError
 */
export function unwiredIds(handler: string): Ids {
  const refuse = (): never => {
    throw new PortNotWiredError("ids", handler);
  };
  return { instanceId: refuse, callbackId: refuse, linkId: refuse };
}

/**
 * The schema validators of a handler whose code checks no schema: asking for one throws
 * {@link PortNotWiredError} naming `schemas` and the handler.
 *
 * @example
 * unwiredSchemas("sweeper").validator({ type: "object" }); // throws PortNotWiredError
 */
export function unwiredSchemas(handler: string): SchemaValidators {
  return {
    validator: () => {
      throw new PortNotWiredError("schemas", handler);
    },
  };
}
