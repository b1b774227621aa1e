/**
 * The flow-template model: what a template in `definitions/` may say (SEMANTICS §1, §5, §6).
 *
 * These types describe a template that has passed validation; `validateTemplate` is the only
 * way from untrusted YAML/JSON to a {@link Template}. A template file may leave out the fields
 * marked `@default` below ({@link TemplateDocument}); loading writes the default in
 * (`withTemplateDefaults`), so a {@link Template} always has them.
 */

/** A JSON Schema (2020-12) document, kept opaque to the model. */
export type JsonSchema = Record<string, unknown>;

/** A MongoDB-style query over the flow context, restricted to the operator allowlist. */
export type Query = Record<string, unknown>;

/** The kinds of node a template can hold. */
export type NodeType = "start" | "end" | "approval" | "task" | "gateway";

/** How a node with several incoming edges decides (SEMANTICS §4.3). @default "all" */
export type JoinMode = "all" | "any";

/** How the seats of an approval node combine (SEMANTICS §5). @default "any" */
export type ApprovalMode = "any" | "all" | "sequence" | "vote";

/** How a task node calls its plugin (SEMANTICS §6). @default "sync" */
export type TaskMode = "sync" | "callback" | "fire";

/** An outcome that does not let the flow go on unless an edge names it. */
export type FailureOutcome = "rejected" | "failed" | "timedOut";

/** The outcome a node completes with; edges choose between outcomes with `on`. */
export type Outcome = "approved" | "succeeded" | FailureOutcome;

/**
 * Who decides an approval node. Exactly one of the fields is given.
 *
 * @example
 * { users: ["alice", "bob"] }          // one seat per user
 * { path: "input.owner" }              // a user id or a list of them, read from the context
 * { groups: [["ann", "ali"], ["bo"]] } // countersign: each group is one seat
 * { role: "dba" }                      // resolved through the configured directory
 */
export interface Approvers {
  users?: string[];
  path?: string;
  groups?: string[][];
  role?: string;
}

/**
 * When to remind the people or system a pending node waits on (Comet's 延时/定时通知): first
 * `after` the node activates, then every `every` until it is settled.
 *
 * @example
 * { after: "P1D", every: "PT12H" }
 */
export interface ReminderPolicy {
  /** ISO-8601 duration from activation to the first reminder. */
  after: string;
  /** ISO-8601 duration between later reminders. @default no repeat */
  every?: string;
}

/** Retry policy of a task's plugin call. */
export interface RetryPolicy {
  /** How many attempts in all, the first included. */
  attempts: number;
  /** ISO-8601 duration before the first retry. @default "PT1S" */
  interval: string;
  /** Factor applied to the interval after each retry. @default 2 */
  backoff: number;
}

interface NodeBase {
  /** Unique within the template; `[a-zA-Z][a-zA-Z0-9_-]*`. */
  id: string;
  /** Human-readable label for pictures and pages. @default the id */
  name: string;
  /** How the node decides with several incoming edges. @default "all" */
  join: JoinMode;
}

export interface StartNode extends NodeBase {
  type: "start";
}

export interface EndNode extends NodeBase {
  type: "end";
}

/** Comet's auto node: no work, routes and converges. */
export interface GatewayNode extends NodeBase {
  type: "gateway";
}

export interface ApprovalNode extends NodeBase {
  type: "approval";
  approvers: Approvers;
  /** @default "any" */
  mode: ApprovalMode;
  /** For `mode: vote`: approved once approvals/seats ≥ threshold, a number in (0, 1]. */
  threshold?: number;
  /** ISO-8601 duration after which the node times out. */
  timeout?: string;
  /** What a timeout decides; without it the outcome is `timedOut`. */
  onTimeout?: "approve" | "reject";
  /** JSON Schema of the form values a decision carries. */
  form?: JsonSchema;
  /**
   * An HTML form file of the definitions folder (`forms/<name>.html`) the approval page shows
   * in a sandboxed frame instead of the form generated from {@link form}, which is required
   * with it and still checks the values on the server. @default the generated form
   */
  htmlForm?: string;
  /** Reminders to the approvers while it is pending. @default none */
  remind?: ReminderPolicy;
  /** Who gets a read-only copy (抄送) when the node completes. @default nobody */
  cc?: Approvers;
}

export interface TaskNode extends NodeBase {
  type: "task";
  /** The name of a registered plugin, e.g. `cache.create`. */
  plugin: string;
  /** @default "sync" */
  mode: TaskMode;
  /** ISO-8601 duration after which the task times out. */
  timeout?: string;
  /** ISO-8601 duration within which a callback task must report a heartbeat. */
  heartbeat?: string;
  retry?: RetryPolicy;
  /** Reminders (`task.reminded` events, for the plugin's system) while it waits. @default none */
  remind?: ReminderPolicy;
  /** Who gets a read-only copy (抄送) when the node completes. @default nobody */
  cc?: Approvers;
}

export type FlowNode = StartNode | EndNode | GatewayNode | ApprovalNode | TaskNode;

/** A directed edge between two nodes. */
export interface Edge {
  from: string;
  to: string;
  /** Fires only when this query matches the flow context. */
  when?: Query;
  /** The outcome of `from` this edge follows. @default "approved" for approvals, else "succeeded" */
  on?: Outcome;
  /** Fires when no other edge of the same `from` and `on` fires. @default false */
  default?: boolean;
}

/**
 * A validated flow template.
 *
 * @example
 * const t: Template = {
 *   id: "leave", version: 1,
 *   nodes: [
 *     { id: "start", type: "start", name: "start", join: "all" },
 *     { id: "boss", type: "approval", name: "Boss", join: "all", mode: "any",
 *       approvers: { users: ["bo"] } },
 *     { id: "end", type: "end", name: "end", join: "all" },
 *   ],
 *   edges: [{ from: "start", to: "boss" }, { from: "boss", to: "end" }],
 * };
 */
export interface Template {
  /** `[a-z][a-z0-9-]{1,62}` */
  id: string;
  /** Positive integer; every instance pins the version it started on. */
  version: number;
  name?: string;
  description?: string;
  /** JSON Schema (2020-12) the start input must satisfy. */
  input?: JsonSchema;
  nodes: FlowNode[];
  edges: Edge[];
  /** Who gets a read-only copy (抄送) when an instance ends. @default nobody */
  cc?: Approvers;
  /**
   * The text of every HTML form file the nodes name (`htmlForm`), by path, as loaded with this
   * version: filled by the definitions folder's loader, never written in a template file.
   * @default none
   */
  htmlForms?: Record<string, string>;
}

/** `T` with the fields `K` optional. */
type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

/** A retry policy as a template file may write it: without the fields that have a default. */
export type RetryPolicyDocument = Optional<RetryPolicy, "interval" | "backoff">;

/** A node as a template file may write it: without the fields that have a default. */
export type FlowNodeDocument =
  | Optional<StartNode, "name" | "join">
  | Optional<EndNode, "name" | "join">
  | Optional<GatewayNode, "name" | "join">
  | Optional<ApprovalNode, "name" | "join" | "mode">
  | (Optional<Omit<TaskNode, "retry">, "name" | "join" | "mode"> & { retry?: RetryPolicyDocument });

/**
 * A template as a file (or code building one) may write it: every field with a `@default` may
 * be left out. `withTemplateDefaults` makes it a {@link Template}; `validateTemplate` does so
 * for a document it accepts.
 *
 * @example
 * const document: TemplateDocument = {
 *   id: "leave", version: 1,
 *   nodes: [{ id: "start", type: "start" }, { id: "end", type: "end" }],
 *   edges: [{ from: "start", to: "end" }],
 * };
 */
export interface TemplateDocument extends Omit<Template, "nodes"> {
  nodes: FlowNodeDocument[];
}
