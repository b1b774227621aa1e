import { fnv1a32 } from "./fnv1a32.ts";

/**
 * The item layout of Baton's one DynamoDB table (single-table design, docs/data-model.md):
 * the key attribute names, the index names, and how each kind of item builds its key. Every
 * partition key starts with the tenant. The DynamoDB adapter, the compiled state machines'
 * direct integrations and the CDK construct read it from here.
 *
 * Ids that go into keys never contain `#` (tenants, users and instance ids are checked where
 * they enter; node and template ids cannot by their patterns).
 */
export const TABLE_KEYS = {
  partition: "pk",
  sort: "sk",
  /** Time-to-live attribute (epoch seconds): links, callbacks and idempotency keys expire. */
  expiresAt: "ttl",
} as const;

/** The global secondary indexes and their key attributes. */
export const TABLE_INDEXES = {
  /** Instances by template, sharded: `{tenant}#T#{templateId}#{shard}` → `{createdAt}#{id}`. */
  byTemplate: { name: "byTemplate", partition: "gsi1pk", sort: "gsi1sk" },
  /**
   * Unsettled instances of every tenant, for the sweep: sparse (only an unsettled instance's
   * item carries the keys) and sharded, `unsettled#{shard}` → `{updatedAt}#{tenant}#{id}`.
   */
  unsettled: { name: "unsettled", partition: "gsi2pk", sort: "gsi2sk" },
} as const;

/** How many shards a template's instance listing is spread over (no hot partition). */
export const TEMPLATE_SHARDS = 8;

/**
 * The shard of an instance in its template's listing: the 32-bit FNV-1a hash of its id
 * ({@link fnv1a32}) mod {@link TEMPLATE_SHARDS}. Stable across runtimes, so an instance never
 * moves.
 *
 * @example
 * templateShard("01JF3Q"); // a number from 0 to TEMPLATE_SHARDS - 1
 */
export function templateShard(instanceId: string): number {
  return fnv1a32(instanceId) % TEMPLATE_SHARDS;
}

/**
 * The `byTemplate` index keys an instance item carries: one partition per template shard,
 * sorted by creation time then id.
 *
 * @example
 * TEMPLATE_INDEX_KEYS.partition("default", "expense", 3); // "default#T#expense#3"
 * TEMPLATE_INDEX_KEYS.sort("2026-12-02T10:00:00.000Z", "01J"); // "2026-12-02T10:00:00.000Z#01J"
 */
export const TEMPLATE_INDEX_KEYS = {
  partition: (tenant: string, templateId: string, shard: number): string =>
    `${tenant}#T#${templateId}#${shard}`,
  sort: (createdAt: string, instanceId: string): string => `${createdAt}#${instanceId}`,
} as const;

/**
 * How many shards the unsettled instances of all tenants are spread over: every write of an
 * unsettled instance moves its index entry, so the index takes the write rate of the whole
 * installation, and each shard partition takes a sixteenth of it.
 */
export const UNSETTLED_SHARDS = 16;

/**
 * The shard of an instance in the unsettled index: the 32-bit FNV-1a hash of its id
 * ({@link fnv1a32}) mod {@link UNSETTLED_SHARDS}, stable like {@link templateShard}.
 *
 * @example
 * unsettledShard("01JF3Q"); // a number from 0 to UNSETTLED_SHARDS - 1
 */
export function unsettledShard(instanceId: string): number {
  return fnv1a32(instanceId) % UNSETTLED_SHARDS;
}

/**
 * The `unsettled` index keys an unsettled instance's item carries: one partition per shard,
 * across tenants (the sweep knows no tenant list), sorted by last update, then tenant and id,
 * so every entry names its tenant and the oldest updates come first.
 *
 * @example
 * UNSETTLED_INDEX_KEYS.partition(3); // "unsettled#3"
 * UNSETTLED_INDEX_KEYS.sort("2026-12-02T10:00:00.000Z", "default", "01J"); // "2026-12-02T10:00:00.000Z#default#01J"
 */
export const UNSETTLED_INDEX_KEYS = {
  partition: (shard: number): string => `unsettled#${shard}`,
  sort: (updatedAt: string, tenant: string, instanceId: string): string =>
    `${updatedAt}#${tenant}#${instanceId}`,
} as const;

/**
 * How long items without an end of their own are kept (seconds after creation) before TTL
 * deletes them: a callback id (the longest a plugin may take to report), a start's
 * idempotency key (the longest a client may retry a start). Links expire with the link.
 */
export const RETENTION_SECONDS = {
  callback: 30 * 24 * 60 * 60,
  idempotency: 30 * 24 * 60 * 60,
} as const;

/** The inbox views of a user (FlowLong's 待办, 已办, 抄送, 我发起的). */
export const INBOX_VIEWS = ["todo", "done", "cc", "started"] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];

/** A table key. */
export interface TableKey {
  pk: string;
  sk: string;
}

/**
 * The partitions that hold more than one item, for queries: an instance's (its record,
 * execution facts, loop state, approvals and history) and a user's inbox view.
 *
 * @example
 * PARTITION_KEYS.inbox("default", "al", "todo"); // "default#U#al#todo"
 */
export const PARTITION_KEYS = {
  instance: (tenant: string, id: string): string => `${tenant}#I#${id}`,
  inbox: (tenant: string, user: string, view: InboxView): string => `${tenant}#U#${user}#${view}`,
} as const;

/**
 * The instance a partition key of an instance's items names, or `undefined` for any other key.
 *
 * @example
 * instanceOfPartition("default#I#01J"); // { tenant: "default", id: "01J" }
 */
export function instanceOfPartition(pk: string): { tenant: string; id: string } | undefined {
  const match = /^([^#]+)#I#([^#]+)$/.exec(pk);
  return match?.[1] && match[2] ? { tenant: match[1], id: match[2] } : undefined;
}

/**
 * The sort key of an instance's execution item ({@link ITEM_KEYS}.execution), which the
 * compiled state machines write and the table's change stream is filtered on.
 *
 * @example
 * record.dynamodb?.Keys?.sk?.S === EXECUTION_SORT_KEY; // a change of an execution item
 */
export const EXECUTION_SORT_KEY = "E";

/**
 * The keys of every kind of item.
 *
 * @example
 * ITEM_KEYS.instance("default", "01J…"); // { pk: "default#I#01J…", sk: "I" }
 */
export const ITEM_KEYS = {
  /** The instance record the operations write (status, input, nodes, times). */
  instance: (tenant: string, id: string): TableKey => ({
    pk: PARTITION_KEYS.instance(tenant, id),
    sk: "I",
  }),
  /**
   * What the compiled state machine itself records with direct DynamoDB writes: how the
   * instance ended (`instanceStatus`) and the nodes whose branch it stopped (`withdrawn`).
   * A separate item, so the machine's writes never race the operations' versioned writes.
   */
  execution: (tenant: string, id: string): TableKey => ({
    pk: PARTITION_KEYS.instance(tenant, id),
    sk: EXECUTION_SORT_KEY,
  }),
  /** The scheduler loop's engine state of an instance. */
  loopState: (tenant: string, id: string): TableKey => ({
    pk: PARTITION_KEYS.instance(tenant, id),
    sk: "L",
  }),
  /** One approval of one node visit (a node may run more than once later: 退回修改). */
  approval: (tenant: string, id: string, node: string, visit: number): TableKey => ({
    pk: PARTITION_KEYS.instance(tenant, id),
    sk: `A#${node}#${String(visit).padStart(4, "0")}`,
  }),
  /** One history entry; `seq` orders the hash chain. */
  history: (tenant: string, id: string, seq: number): TableKey => ({
    pk: PARTITION_KEYS.instance(tenant, id),
    sk: `H#${String(seq).padStart(8, "0")}`,
  }),
  /** A callback id and the task token it stands for. */
  callback: (tenant: string, callbackId: string): TableKey => ({
    pk: `${tenant}#C#${callbackId}`,
    sk: "C",
  }),
  /** An approval link, by the SHA-256 of its id (the id itself is never stored). */
  link: (tenant: string, linkHash: string): TableKey => ({
    pk: `${tenant}#L#${linkHash}`,
    sk: "L",
  }),
  /** A start's idempotency key and the instance it created. */
  idempotency: (tenant: string, key: string): TableKey => ({
    pk: `${tenant}#K#${key}`,
    sk: "K",
  }),
  /** One row of a user's inbox view, newest first by `createdAt`. */
  inbox: (tenant: string, user: string, view: InboxView, createdAt: string, ref: string) => ({
    pk: PARTITION_KEYS.inbox(tenant, user, view),
    sk: `${createdAt}#${ref}`,
  }),
} as const;

/** Prefixes of the sort keys that share an instance's partition, for queries. */
export const INSTANCE_SORT_PREFIXES = { approval: "A#", history: "H#" } as const;

/**
 * The key of an instance's execution item as the compiled state machine's DynamoDB
 * integrations write it, with an intrinsic function over the state's `instance` (every state
 * of a compiled machine carries the execution input's `instance`).
 */
export const EXECUTION_KEY_IN_ASL = {
  pk: { "S.$": "States.Format('{}#I#{}', $.instance.tenant, $.instance.id)" },
  sk: { S: EXECUTION_SORT_KEY },
} as const;
