import type { FlowEventType } from "../records/bus-event.ts";

/** The file of a definitions folder that declares its plugins. */
export const PLUGINS_FILE = "plugins.yaml";

/** The kinds of plugin: four built into the engine, two written by users. */
export type PluginKind = "log" | "webhook" | "notifier" | "queue" | "node" | "python";

/** The kinds a user writes as an ordinary Lambda handler in the repository. */
export type UserPluginKind = "node" | "python";

/**
 * Which flow events a plugin receives: one EventBridge rule each. An event matches when its
 * type is one of `events` and, where given, its template is one of `templates` and its node
 * one of `nodes` (an event without a node never matches a `nodes` list).
 *
 * @example
 * const subscription: Subscription = { events: ["node.completed"], templates: ["expense"], nodes: ["lead"] };
 */
export interface Subscription {
  events: FlowEventType[];
  templates?: string[];
  nodes?: string[];
}

/** What every declaration has. */
interface DeclarationBase {
  /** Unique in the file; what a task node's `plugin:` names. */
  name: string;
  /** Possibly empty; `notifier` has its own default. */
  subscriptions: Subscription[];
}

/** Prints one JSON line per event it receives. */
export interface LogPluginDeclaration extends DeclarationBase {
  kind: "log";
}

/** POSTs each event's envelope, signed, to `url`. */
export interface WebhookPluginDeclaration extends DeclarationBase {
  kind: "webhook";
  url: string;
  /** The environment variable holding the signing key (`secret: env:NAME` in the file). */
  secretEnv: string;
}

/**
 * Tells approvers of `approval.requested` and `approval.reminded` their approval link: posts
 * `{ text, link }` to `url`, or prints it on the engine's console when there is no `url`.
 * Subscribed to both events when the file gives no subscriptions.
 */
export interface NotifierPluginDeclaration extends DeclarationBase {
  kind: "notifier";
  url?: string;
}

/**
 * Puts each event's envelope, as the message body, on an Amazon SQS standard queue the team
 * owns and reads with its own consumer (`queue: <queue ARN>` in the file).
 */
export interface QueuePluginDeclaration extends DeclarationBase {
  kind: "queue";
  /** The queue's ARN, `arn:aws:sqs:<region>:<account>:<name>` (a standard queue, not `.fifo`). */
  queueArn: string;
}

/**
 * A plugin written by a user as a Lambda handler: serves task nodes whose `plugin:` names it,
 * and receives the envelopes of its subscriptions.
 */
export interface UserPluginDeclaration extends DeclarationBase {
  kind: UserPluginKind;
  /** The handler file, relative to the folder the engine runs in (the repository). */
  handler: string;
}

/**
 * One plugin of `plugins.yaml`, as `parsePlugins` returns it.
 *
 * @example
 * const audit: PluginDeclaration = { name: "audit-log", kind: "log", subscriptions: [{ events: ["flow.ended"] }] };
 */
export type PluginDeclaration =
  | LogPluginDeclaration
  | WebhookPluginDeclaration
  | NotifierPluginDeclaration
  | QueuePluginDeclaration
  | UserPluginDeclaration;

/** The events a notifier is subscribed to when its declaration names none. */
export const NOTIFIER_EVENTS: readonly FlowEventType[] = [
  "approval.requested",
  "approval.reminded",
];
