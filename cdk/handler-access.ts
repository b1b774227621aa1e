import { SIGNING_KEY_NAMES, type SigningKeyName } from "../lambdas/handlers/backend-ports.ts";
import type { HandlerName } from "./handler-bundling.ts";

/**
 * A call of one of the backend's AWS ports, as the operations write it
 * (`backend.<port>.<method>(…)`).
 */
export type PortCall =
  | "tasks.succeed"
  | "tasks.fail"
  | "tasks.heartbeat"
  | "executions.start"
  | "executions.stop"
  | "executions.describe"
  | "bus.publish"
  | "plugins.call"
  | "scheduler.schedule"
  | "scheduler.cancel"
  | "verdicts.deliver";

/** A port of the backend on an AWS service: the part of a {@link PortCall} before the dot. */
export type PortName = PortCall extends `${infer Port}.${string}` ? Port : never;

/**
 * The AWS ports a handler calls, each once, sorted: those its function's backend wires (each
 * handler entry's `wiring`) and whose variables it is given.
 *
 * @example
 * portsOf(HANDLER_ACCESS.reminders); // ["bus", "scheduler"]
 */
export function portsOf(access: HandlerAccess): PortName[] {
  const ports = access.ports.map((call) => call.slice(0, call.indexOf(".")) as PortName);
  return [...new Set(ports)].sort();
}

/** A DynamoDB data action on Baton's table. */
export type TableAction =
  | "dynamodb:GetItem"
  | "dynamodb:PutItem"
  | "dynamodb:UpdateItem"
  | "dynamodb:DeleteItem"
  | "dynamodb:Query";

/** What one store call does on the table: its actions, and the index a query reads. */
export interface TableAccess {
  readonly actions: readonly TableAction[];
  /** The global secondary index it queries. @default the table itself */
  readonly index?: "byTemplate" | "unsettled";
}

/**
 * What each store method does on the table, by the DynamoDB adapters
 * (`lambdas/adapters/dynamodb/`): a conditional write that loses reads the item back (GetItem
 * or Query) to tell a repeat from a conflict, but the inbox's conditional writes
 * (`putIfAbsent`, `markRead`) lose quietly and read nothing; the loop state (`loopStates.…`) is
 * the step function's own store.
 */
export const STORE_CALL_ACCESS = {
  "instances.get": { actions: ["dynamodb:GetItem"] },
  "instances.create": { actions: ["dynamodb:PutItem", "dynamodb:GetItem"] },
  "instances.update": { actions: ["dynamodb:PutItem", "dynamodb:GetItem"] },
  "instances.listByTemplate": { actions: ["dynamodb:Query"], index: "byTemplate" },
  "instances.listUnsettled": { actions: ["dynamodb:Query"], index: "unsettled" },
  "executionFacts.get": { actions: ["dynamodb:GetItem"] },
  "executionFacts.recordEnd": { actions: ["dynamodb:UpdateItem"] },
  "executionFacts.addWithdrawn": { actions: ["dynamodb:UpdateItem"] },
  "approvals.get": { actions: ["dynamodb:GetItem"] },
  "approvals.put": { actions: ["dynamodb:PutItem", "dynamodb:GetItem"] },
  "approvals.listForInstance": { actions: ["dynamodb:Query"] },
  "history.append": { actions: ["dynamodb:PutItem", "dynamodb:Query"] },
  "history.last": { actions: ["dynamodb:Query"] },
  "history.list": { actions: ["dynamodb:Query"] },
  "inbox.put": { actions: ["dynamodb:PutItem"] },
  "inbox.putIfAbsent": { actions: ["dynamodb:PutItem"] },
  "inbox.remove": { actions: ["dynamodb:DeleteItem"] },
  "inbox.markRead": { actions: ["dynamodb:UpdateItem"] },
  "inbox.list": { actions: ["dynamodb:Query"] },
  "links.create": { actions: ["dynamodb:PutItem", "dynamodb:GetItem"] },
  "links.get": { actions: ["dynamodb:GetItem"] },
  "callbacks.get": { actions: ["dynamodb:GetItem"] },
  "callbacks.put": { actions: ["dynamodb:PutItem", "dynamodb:GetItem"] },
  "idempotency.claim": { actions: ["dynamodb:PutItem", "dynamodb:GetItem"] },
  "idempotency.get": { actions: ["dynamodb:GetItem"] },
  "loopStates.get": { actions: ["dynamodb:GetItem"] },
  "loopStates.put": { actions: ["dynamodb:PutItem", "dynamodb:GetItem"] },
} as const satisfies Record<string, TableAccess>;

/** A call of a store method (`backend.stores.<store>.<method>(…)`, or the loop state's). */
export type StoreCall = keyof typeof STORE_CALL_ACCESS;

/** What one handler reaches outside itself: the ground of its IAM policy and environment. */
export interface HandlerAccess {
  /**
   * Whether it builds the backend (`backendFromEnv`): then it reads the variables every
   * backend reads, those of the ports it calls ({@link portsOf}; its entry wires exactly
   * these) and the templates file at its first invocation.
   */
  readonly backend: boolean;
  /** The AWS port calls its code can make. */
  readonly ports: readonly PortCall[];
  /** The store calls its code can make. */
  readonly stores: readonly StoreCall[];
  /**
   * The signing keys its code reads (`backend.secrets`): its function gets each key's secret
   * ARN and the read of that secret, and no other key. Its entry's wiring names the same keys,
   * and its backend reads only those.
   */
  readonly keys: readonly SigningKeyName[];
  /**
   * Whether it reads ended executions' histories (`states:GetExecutionHistory`): the
   * reconciler's `ExecutionUsageReader`, outside the backend's ports, publishing each ended
   * instance's transitions for the cost figures.
   *
   * @default false
   */
  readonly readsExecutionHistory?: boolean;
  /**
   * Whether it reads the table's change stream records (their images unmarshalled with
   * `@aws-sdk/util-dynamodb`): the execution-facts function. The stream's read is granted by
   * its event source mapping, not here.
   *
   * @default false
   */
  readonly readsTableStream?: boolean;
}

/**
 * What each handler reaches, read from its code: the port and store calls of every operation
 * its entry file can run (`test/cdk/handler-access.test.ts` finds them again in the bundled
 * code and fails when this table and the code part). The IAM policy of each function is
 * built from its row and nothing else.
 *
 * Only the API and the pages read signing keys: the link key to verify approval links, sign
 * the inbox's links and the pages' CSRF tokens (both), the callback key to verify plugins'
 * callback bodies (the API), the audit key to seal audit exports (both). The other functions
 * sign and verify nothing, so they are given no key and may read no key's secret.
 *
 * Only the API sends task results (its decision and callback routes; a callback's progress is
 * its heartbeat). The other functions whose operations deliver a decided approval's verdict —
 * `pages` records decisions taken on a page or an approval link, `approvals` resumes a loop
 * approval decided before it parked again, and `reconciler`, `sweeper` and `execution-facts`
 * resume a decision that broke off before it resumed its state (`resumeDecidedApproval`) —
 * call `verdicts.deliver` without `tasks.*`: they relay the verdict to the API function
 * ({@link relaysVerdicts}).
 */
export const HANDLER_ACCESS: Readonly<Record<HandlerName, HandlerAccess>> = {
  api: {
    backend: true,
    ports: [
      "tasks.succeed",
      "tasks.fail",
      "tasks.heartbeat",
      "executions.start",
      "executions.stop",
      "verdicts.deliver",
    ],
    stores: [
      "approvals.get",
      "approvals.listForInstance",
      "approvals.put",
      "callbacks.get",
      "callbacks.put",
      "executionFacts.get",
      "history.append",
      "history.last",
      "history.list",
      "idempotency.claim",
      "inbox.list",
      "inbox.markRead",
      "inbox.put",
      "inbox.remove",
      "instances.create",
      "instances.get",
      "instances.listByTemplate",
      "instances.update",
    ],
    keys: SIGNING_KEY_NAMES,
  },
  pages: {
    backend: true,
    ports: ["executions.start", "executions.stop", "verdicts.deliver"],
    stores: [
      "approvals.get",
      "approvals.listForInstance",
      "approvals.put",
      "callbacks.get",
      "callbacks.put",
      "executionFacts.get",
      "history.append",
      "history.last",
      "history.list",
      "idempotency.claim",
      "inbox.list",
      "inbox.markRead",
      "inbox.put",
      "inbox.remove",
      "instances.create",
      "instances.get",
      "instances.update",
      "links.create",
      "links.get",
    ],
    keys: ["link", "audit"],
  },
  approvals: {
    backend: true,
    ports: ["verdicts.deliver", "scheduler.schedule"],
    stores: [
      "approvals.get",
      "approvals.put",
      "history.append",
      "history.last",
      "history.list",
      "inbox.put",
      "inbox.remove",
      "instances.get",
    ],
    keys: [],
  },
  plugins: {
    backend: true,
    ports: ["plugins.call", "scheduler.schedule"],
    stores: [
      "approvals.get",
      "callbacks.get",
      "callbacks.put",
      "history.append",
      "history.last",
      "history.list",
      "instances.get",
    ],
    keys: [],
  },
  conditions: { backend: false, ports: [], stores: [], keys: [] },
  step: {
    backend: true,
    ports: [],
    stores: ["approvals.get", "instances.get", "loopStates.get", "loopStates.put"],
    keys: [],
  },
  reconciler: {
    backend: true,
    readsExecutionHistory: true,
    ports: ["verdicts.deliver", "executions.stop"],
    stores: [
      "approvals.get",
      "approvals.listForInstance",
      "approvals.put",
      "callbacks.get",
      "callbacks.put",
      "executionFacts.get",
      "history.append",
      "history.last",
      "history.list",
      "inbox.put",
      "inbox.remove",
      "instances.get",
      "instances.update",
    ],
    keys: [],
  },
  reminders: {
    backend: true,
    ports: ["scheduler.cancel"],
    stores: [
      "approvals.get",
      "approvals.put",
      "callbacks.get",
      "history.append",
      "history.last",
      "history.list",
      "instances.get",
    ],
    keys: [],
  },
  sweeper: {
    backend: true,
    ports: ["verdicts.deliver", "executions.stop", "executions.describe"],
    stores: [
      "approvals.get",
      "approvals.listForInstance",
      "approvals.put",
      "callbacks.get",
      "callbacks.put",
      "executionFacts.get",
      "history.append",
      "history.last",
      "history.list",
      "inbox.put",
      "inbox.remove",
      "instances.get",
      "instances.listUnsettled",
      "instances.update",
    ],
    keys: [],
  },
  "execution-facts": {
    backend: true,
    readsTableStream: true,
    ports: ["verdicts.deliver", "bus.publish"],
    stores: [
      "approvals.get",
      "approvals.listForInstance",
      "approvals.put",
      "callbacks.get",
      "callbacks.put",
      "history.append",
      "history.last",
      "history.list",
      "inbox.put",
      "inbox.putIfAbsent",
      "inbox.remove",
      "instances.get",
    ],
    keys: [],
  },
};

/**
 * Whether a handler relays decided approvals' verdicts to the API function rather than send
 * them: its code delivers verdicts (`verdicts.deliver`) but sends no task result itself
 * (`tasks.succeed`). Such a function gets `lambda:InvokeFunction` on the API function itself
 * (unqualified: its newest code, not the `live` alias — `verdictFunctionArn` says why) and its
 * ARN in `VERDICT_FUNCTION_ARN`, and no `states:SendTask*`.
 *
 * @example
 * relaysVerdicts(HANDLER_ACCESS.sweeper); // true
 * relaysVerdicts(HANDLER_ACCESS.api); // false: it sends them
 */
export function relaysVerdicts(access: HandlerAccess): boolean {
  return access.ports.includes("verdicts.deliver") && !access.ports.includes("tasks.succeed");
}

/**
 * The DynamoDB actions of a set of store calls, on the table and by index, each listed once
 * and sorted.
 *
 * @example
 * tableAccessOf(["instances.get", "instances.listUnsettled"]);
 * // { table: ["dynamodb:GetItem"], indexes: { unsettled: ["dynamodb:Query"] } }
 */
export function tableAccessOf(stores: readonly StoreCall[]): {
  table: TableAction[];
  indexes: Partial<Record<"byTemplate" | "unsettled", TableAction[]>>;
} {
  const table = new Set<TableAction>();
  const indexes: Partial<Record<"byTemplate" | "unsettled", Set<TableAction>>> = {};
  for (const call of stores) {
    const access: TableAccess = STORE_CALL_ACCESS[call];
    let into = table;
    if (access.index !== undefined) {
      into = indexes[access.index] ?? new Set();
      indexes[access.index] = into;
    }
    for (const action of access.actions) into.add(action);
  }
  return {
    table: [...table].sort(),
    indexes: Object.fromEntries(
      Object.entries(indexes).map(([index, actions]) => [index, [...actions].sort()]),
    ),
  };
}
