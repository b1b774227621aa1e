import fc from "fast-check";
import { APPROVAL_MODES } from "../../lambdas/core/approval/approval-modes.ts";
import type { FlowAction } from "../../lambdas/core/engine/flow-action.ts";
import type { InstanceState } from "../../lambdas/core/engine/instance-state.ts";
import { ReferenceEngine } from "../../lambdas/core/engine/reference-engine.ts";
import { OUTCOMES_BY_NODE_TYPE, successOutcome } from "../../lambdas/core/model/outcomes.ts";
import type {
  Edge,
  FlowNodeDocument,
  JoinMode,
  Outcome,
  Query,
  Template,
} from "../../lambdas/core/model/template.ts";
import { withTemplateDefaults } from "../../lambdas/core/model/template-defaults.ts";

/** The approvers random templates draw from, and a stranger who is never one. */
export const USERS = ["u1", "u2", "u3", "u4"] as const;
const ACTORS = [...USERS, "stranger"] as const;

/** The input schema of every random template: one field per type conditions are tested on. */
export const INPUT_SCHEMA = {
  type: "object",
  required: ["amount", "tier", "urgent", "tags"],
  properties: {
    amount: { type: "number" },
    tier: { type: "string", enum: ["gold", "silver", "bronze"] },
    urgent: { type: "boolean" },
    tags: { type: "array", items: { type: "string", enum: ["a", "b", "c"] } },
    note: { type: "string" },
  },
} as const;

/** A start input that fits {@link INPUT_SCHEMA}; `note` is sometimes missing. */
export const inputArbitrary = fc.record(
  {
    amount: fc.integer({ min: 0, max: 100 }),
    tier: fc.constantFrom("gold", "silver", "bronze"),
    urgent: fc.boolean(),
    tags: fc.uniqueArray(fc.constantFrom("a", "b", "c"), { maxLength: 3 }),
    note: fc.constantFrom("", "hello"),
  },
  { requiredKeys: ["amount", "tier", "urgent", "tags"] },
);

const leafQuery: fc.Arbitrary<Query> = fc.oneof(
  fc.record({ "input.amount": fc.record({ $gt: fc.integer({ min: 0, max: 100 }) }) }),
  fc.record({ "input.amount": fc.record({ $lte: fc.integer({ min: 0, max: 100 }) }) }),
  fc.record({ "input.tier": fc.constantFrom("gold", "silver", "bronze") }),
  fc.record({
    "input.tier": fc.record({ $in: fc.subarray(["gold", "silver", "bronze"], { minLength: 1 }) }),
  }),
  fc.record({ "input.urgent": fc.boolean() }),
  fc.record({ "input.tags": fc.record({ $size: fc.integer({ min: 0, max: 3 }) }) }),
  fc.record({ "input.tags": fc.record({ $all: fc.subarray(["a", "b", "c"], { minLength: 1 }) }) }),
  fc.record({ "input.note": fc.record({ $exists: fc.boolean() }) }),
  fc.record({ "input.note": fc.record({ $ne: fc.constant("hello") }) }),
);

/** A random allowlisted query over {@link INPUT_SCHEMA} fields, sometimes combined. */
export const queryArbitrary: fc.Arbitrary<Query> = fc.oneof(
  { weight: 4, arbitrary: leafQuery },
  { weight: 1, arbitrary: fc.record({ $or: fc.array(leafQuery, { minLength: 1, maxLength: 3 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({ $and: fc.array(leafQuery, { minLength: 1, maxLength: 2 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ $nor: fc.array(leafQuery, { minLength: 1, maxLength: 2 }) }),
  },
);

const approverArbitrary = fc.oneof(
  fc.record({ users: fc.subarray([...USERS], { minLength: 1, maxLength: 3 }) }),
  fc.record({
    groups: fc.array(fc.subarray([...USERS], { minLength: 1, maxLength: 2 }), {
      minLength: 1,
      maxLength: 3,
    }),
  }),
);

/**
 * The `form` schemas random approvals draw from (or none): `risk` low or high, optional or
 * required, so that decisions with {@link DECISION_VALUES} sometimes fit and sometimes do not.
 */
const RISK_FORMS = [
  { type: "object", properties: { risk: { type: "string", enum: ["low", "high"] } } },
  {
    type: "object",
    required: ["risk"],
    properties: { risk: { type: "string", enum: ["low", "high"] } },
  },
] as const;

/** What an aimed approve or reject gives on a node with a form: nothing, a comment, fitting or unfitting values. */
const DECISION_VALUES = [
  undefined,
  { comment: "ok" },
  { risk: "low" },
  { risk: "high" },
  { risk: "medium" },
  { risk: 3, comment: "ok" },
] as const;

/**
 * The `output` of an aimed approve or reject (SEMANTICS §5, §8): on a node with a form, one of
 * {@link DECISION_VALUES}; on a node without one — where any value makes the decision change
 * nothing — values on one decision in eight, so that most still count.
 */
function decisionValues(
  node: FlowNodeDocument,
  draw: number,
): { output: Record<string, unknown> } | Record<string, never> {
  const values =
    node.type === "approval" && node.form
      ? DECISION_VALUES[draw % DECISION_VALUES.length]
      : draw % 8 === 0
        ? { risk: "low" }
        : undefined;
  return values ? { output: { ...values } } : {};
}

function nodeArbitrary(id: string): fc.Arbitrary<FlowNodeDocument> {
  const join = fc.constantFrom("all", "any" as const);
  const timeout = fc.option(fc.constant("PT1H"), { nil: undefined });
  const approval = fc
    .record({
      approvers: approverArbitrary,
      mode: fc.constantFrom("any", "all", "sequence", "vote" as const),
      threshold: fc.constantFrom(0.34, 0.5, 0.67, 1),
      timeout,
      onTimeout: fc.option(fc.constantFrom("approve", "reject" as const), { nil: undefined }),
      form: fc.option(fc.constantFrom(...RISK_FORMS), { freq: 2, nil: undefined }),
      join,
    })
    .map(
      ({ mode, threshold, timeout: limit, onTimeout, form, ...rest }): FlowNodeDocument => ({
        id,
        type: "approval",
        ...rest,
        mode,
        ...(mode === "vote" ? { threshold } : {}),
        ...(limit ? { timeout: limit, ...(onTimeout ? { onTimeout } : {}) } : {}),
        ...(form ? { form: structuredClone(form) as Record<string, unknown> } : {}),
      }),
    );
  const task = fc
    .record({
      mode: fc.constantFrom("sync", "callback", "fire" as const),
      timeout,
      heartbeat: fc.option(fc.constant("PT5M"), { nil: undefined }),
      join,
    })
    .map(
      ({ timeout: limit, heartbeat, ...rest }): FlowNodeDocument => ({
        id,
        type: "task",
        plugin: `demo.${id}`,
        ...rest,
        ...(limit ? { timeout: limit } : {}),
        ...(heartbeat && rest.mode === "callback" ? { heartbeat } : {}),
      }),
    );
  const gateway = join.map((j): FlowNodeDocument => ({ id, type: "gateway", join: j }));
  return fc.oneof({ weight: 3, arbitrary: approval }, { weight: 2, arbitrary: task }, gateway);
}

/**
 * A condition on a field of the output of an edge's own `from` approval (SEMANTICS §5): how many
 * decided (`decidedBy`), whether it timed out (`timedOut`), or the form value `risk` it took. It
 * exposes an engine whose approval output differs from the reference engine's, on a timeout
 * after some decisions too, or after a decision whose values were refused.
 */
type OwnOutputCondition =
  | ["decidedBy", { $size: number }]
  | ["timedOut", { $exists: boolean }]
  | ["risk", "low" | "high"];

const ownOutputArbitrary: fc.Arbitrary<OwnOutputCondition> = fc.oneof(
  fc
    .record({ $size: fc.integer({ min: 0, max: 2 }) })
    .map((c): OwnOutputCondition => ["decidedBy", c]),
  fc.record({ $exists: fc.boolean() }).map((c): OwnOutputCondition => ["timedOut", c]),
  fc.constantFrom("low", "high" as const).map((c): OwnOutputCondition => ["risk", c]),
);

/** An edge's `when`: the drawn query, and the condition on its `from` approval's output if drawn. */
function edgeWhen(
  from: FlowNodeDocument,
  query: Query | undefined,
  own: OwnOutputCondition | undefined,
): Query | undefined {
  if (!own || from.type !== "approval") return query;
  const [field, condition] = own;
  const reads: Query = { [`nodes.${from.id}.output.${field}`]: condition };
  return query ? { $and: [query, reads] } : reads;
}

interface EdgeDraw {
  from: number;
  to: number;
  outcome: number;
  when?: Query;
  own?: OwnOutputCondition;
  isDefault: boolean;
}

const edgeDrawArbitrary = fc.record(
  {
    from: fc.nat(),
    to: fc.nat(),
    outcome: fc.nat(),
    when: queryArbitrary,
    own: ownOutputArbitrary,
    isDefault: fc.boolean(),
  },
  { requiredKeys: ["from", "to", "outcome", "isDefault"] },
);

/** Builds edges: a success spine into and out of every node, plus random extra edges. */
function buildEdges(
  nodes: FlowNodeDocument[],
  spineIn: number[],
  spineWhen: (Query | undefined)[],
  spineOwn: (OwnOutputCondition | undefined)[],
  extras: EdgeDraw[],
): Edge[] {
  const edges: Edge[] = [];
  const keys = new Set<string>();
  const add = (
    from: FlowNodeDocument,
    to: FlowNodeDocument,
    on: Outcome,
    when?: Query,
    isDefault = false,
  ) => {
    const key = `${from.id}>${to.id}>${on}`;
    if (keys.has(key)) return;
    keys.add(key);
    edges.push({
      from: from.id,
      to: to.id,
      ...(on === successOutcome(from.type) ? {} : { on }),
      ...(when ? { when } : {}),
      ...(isDefault ? { default: true } : {}),
    });
  };
  const last = nodes.length - 1;
  nodes.forEach((node, i) => {
    if (i === 0) return;
    const from = nodes[(spineIn[i] ?? 0) % i];
    if (from) add(from, node, successOutcome(from.type), edgeWhen(from, spineWhen[i], spineOwn[i]));
  });
  const defaults = new Set<string>();
  for (const draw of extras) {
    const fromIndex = draw.from % last;
    const toIndex = fromIndex + 1 + (draw.to % (last - fromIndex));
    const from = nodes[fromIndex];
    const to = nodes[toIndex];
    if (!from || !to) continue;
    const outcomes = OUTCOMES_BY_NODE_TYPE[from.type];
    const on = outcomes[draw.outcome % outcomes.length] ?? successOutcome(from.type);
    const defaultKey = `${from.id}>${on}`;
    const when = edgeWhen(from, draw.when, draw.own);
    const isDefault = draw.isDefault && when === undefined && !defaults.has(defaultKey);
    if (isDefault) defaults.add(defaultKey);
    add(from, to, on, when, isDefault);
  }
  nodes.forEach((node, i) => {
    const success = successOutcome(node.type);
    const leaves = edges.some((edge) => edge.from === node.id && (edge.on ?? success) === success);
    const next = nodes[i + 1];
    if (i < last && !leaves && next) add(node, next, success);
  });
  return edges;
}

/**
 * A random valid template: `start`, 1–`maxNodes` approval/task/gateway nodes in topological
 * order, and `end`; every node reachable from start and reaching end, every non-end node with a
 * success edge; random joins, modes, timeouts, conditions, `on` outcomes and defaults. The
 * graphs are often not series-parallel.
 */
export function templateArbitrary(maxNodes = 7): fc.Arbitrary<Template> {
  return fc.integer({ min: 1, max: maxNodes }).chain((count) => {
    const ids = Array.from({ length: count }, (_, i) => `n${i + 1}`);
    return fc
      .record({
        inner: fc.tuple(...ids.map(nodeArbitrary)),
        endJoin: fc.constantFrom("all", "any" as const),
        spineIn: fc.array(fc.nat(), { minLength: count + 2, maxLength: count + 2 }),
        spineWhen: fc.array(fc.option(queryArbitrary, { freq: 4, nil: undefined }), {
          minLength: count + 2,
          maxLength: count + 2,
        }),
        spineOwn: fc.array(fc.option(ownOutputArbitrary, { freq: 3, nil: undefined }), {
          minLength: count + 2,
          maxLength: count + 2,
        }),
        extras: fc.array(edgeDrawArbitrary, { maxLength: count * 2 }),
      })
      .map(({ inner, endJoin, spineIn, spineWhen, spineOwn, extras }) => {
        const nodes: FlowNodeDocument[] = [
          { id: "start", type: "start" },
          ...inner,
          { id: "end", type: "end", join: endJoin },
        ];
        return withTemplateDefaults({
          id: "random-flow",
          version: 1,
          input: structuredClone(INPUT_SCHEMA) as unknown as Record<string, unknown>,
          nodes,
          edges: buildEdges(nodes, spineIn, spineWhen, spineOwn, extras),
        });
      });
  });
}

/**
 * A random script for a template: steps on its approval and task nodes (and sometimes on a
 * node that does not exist), by approvers and by a stranger, with every act.
 */
export function scriptArbitrary(template: Template, maxSteps = 14): fc.Arbitrary<FlowAction[]> {
  return fc.array(stepArbitrary(template), { maxLength: maxSteps });
}

function stepArbitrary(template: Template): fc.Arbitrary<FlowAction> {
  const targets = template.nodes
    .filter((node) => node.type === "approval" || node.type === "task")
    .map((node) => node.id);
  const node = fc.constantFrom(...targets, "ghost");
  const user = fc.constantFrom(...ACTORS);
  return fc.oneof(
    { weight: 5, arbitrary: fc.record({ node, act: fc.constant("approve" as const), by: user }) },
    { weight: 2, arbitrary: fc.record({ node, act: fc.constant("reject" as const), by: user }) },
    {
      weight: 1,
      arbitrary: fc.record({ node, act: fc.constant("transfer" as const), by: user, to: user }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        node,
        act: fc.constant("addSign" as const),
        by: user,
        user,
        position: fc.constantFrom("before", "after" as const),
      }),
    },
    { weight: 3, arbitrary: fc.record({ node, act: fc.constant("succeed" as const) }) },
    { weight: 1, arbitrary: fc.record({ node, act: fc.constant("fail" as const) }) },
    { weight: 1, arbitrary: fc.record({ node, act: fc.constant("timeout" as const) }) },
  );
}

/** A step aimed at whatever is pending when it is applied, or a blind random step. */
interface StepIntent {
  aimed: boolean;
  pick: number;
  who: number;
  act: number;
  /** Which form values an approve or reject gives ({@link decisionValues}). */
  values: number;
  blind: FlowAction;
}

const APPROVAL_ACTS = ["approve", "approve", "approve", "reject", "transfer", "addSign", "timeout"];
const TASK_ACTS = ["succeed", "succeed", "succeed", "fail", "timeout"];

/** Turns an intent into a concrete step against the state the step will meet. */
function aim(template: Template, state: InstanceState, intent: StepIntent): FlowAction {
  const active = template.nodes.filter((node) => state.nodes[node.id]?.status === "active");
  const node = active[intent.pick % Math.max(active.length, 1)];
  if (!intent.aimed || !node) return intent.blind;
  if (node.type === "task") {
    const act = TASK_ACTS[intent.act % TASK_ACTS.length] as "succeed" | "fail" | "timeout";
    return { node: node.id, act };
  }
  const approval = state.approvals[node.id];
  const policy = APPROVAL_MODES[node.type === "approval" ? node.mode : "any"];
  const holders = approval
    ? policy.openSeats(approval.seats).flatMap((i) => approval.seats[i]?.holders ?? [])
    : [];
  const by = holders[intent.who % Math.max(holders.length, 1)] ?? "stranger";
  const other = ACTORS[(intent.who + 1) % ACTORS.length] ?? "stranger";
  switch (APPROVAL_ACTS[intent.act % APPROVAL_ACTS.length]) {
    case "reject":
      return { node: node.id, act: "reject", by, ...decisionValues(node, intent.values) };
    case "transfer":
      return { node: node.id, act: "transfer", by, to: other };
    case "addSign":
      return {
        node: node.id,
        act: "addSign",
        by,
        user: other,
        position: intent.who % 2 ? "before" : "after",
      };
    case "timeout":
      return { node: node.id, act: "timeout" };
    default:
      return { node: node.id, act: "approve", by, ...decisionValues(node, intent.values) };
  }
}

/** A template with an input and a script. */
export interface Scenario {
  template: Template;
  input: unknown;
  script: FlowAction[];
}

/**
 * A random template, a fitting input, and a script most of whose steps are aimed at nodes that
 * will be pending when the step comes (found by running the reference engine while the script
 * is drawn), by people who may act there; the rest are blind random steps that exercise
 * ignored and refused steps.
 */
export function scenarioArbitrary(maxNodes = 7, maxSteps = 14): fc.Arbitrary<Scenario> {
  return templateArbitrary(maxNodes).chain((template) =>
    inputArbitrary.chain((input) =>
      aimedScriptArbitrary(template, input, maxSteps).map((script) => ({
        template,
        input,
        script,
      })),
    ),
  );
}

/**
 * A script for a template and input, most of whose steps are aimed at the nodes that will be
 * pending when the step comes (found by running the reference engine while it is drawn).
 */
export function aimedScriptArbitrary(
  template: Template,
  input: unknown,
  maxSteps = 14,
): fc.Arbitrary<FlowAction[]> {
  const intent = fc.record({
    aimed: fc.nat(4).map((n) => n > 0),
    pick: fc.nat(),
    who: fc.nat(),
    act: fc.nat(),
    values: fc.nat(),
    blind: stepArbitrary(template),
  });
  return fc.array(intent, { maxLength: maxSteps }).map((intents) => {
    const engine = new ReferenceEngine(template);
    let state = engine.start(input);
    return intents.map((each) => {
      const step = aim(template, state, each);
      state = engine.apply(state, step).state;
      return step;
    });
  });
}

/** The shape of a series-parallel region: one node, or a conditional fan-out joined again. */
type RegionShape =
  | { kind: "node" }
  | { kind: "fan"; branches: RegionShape[][]; fallback: boolean; join: JoinMode };

/** A node of a laid-out region: a node of the chain, a fan-out, or the gateway joining one. */
type LaidOutNode =
  | { id: string; role: "node" | "fan" }
  | { id: string; role: "join"; join: JoinMode };

const regionShapes = fc.letrec<{ region: RegionShape }>((tie) => ({
  region: fc.oneof(
    { depthSize: "small", maxDepth: 2 },
    fc.constant<RegionShape>({ kind: "node" }),
    fc.record({
      kind: fc.constant("fan" as const),
      branches: fc.array(fc.array(tie("region"), { minLength: 1, maxLength: 2 }), {
        minLength: 2,
        maxLength: 3,
      }),
      fallback: fc.boolean(),
      join: fc.constantFrom("all", "any" as const),
    }),
  ),
}));

/** Lays a chain of regions out between `from` and `to`: node ids in order, and edges. */
function layOut(
  chain: RegionShape[],
  from: string,
  to: string,
  ids: { next(prefix: string): string },
  nodes: LaidOutNode[],
  edges: { from: string; to: string; conditional?: boolean; default?: boolean }[],
  firstEdge: { conditional?: boolean } = {},
): void {
  let previous = from;
  let edge = firstEdge;
  for (const region of chain) {
    if (region.kind === "node") {
      const id = ids.next("n");
      nodes.push({ id, role: "node" });
      edges.push({ from: previous, to: id, ...edge });
      previous = id;
    } else {
      const source = ids.next("f");
      nodes.push({ id: source, role: "fan" });
      edges.push({ from: previous, to: source, ...edge });
      const join = ids.next("j");
      for (const branch of region.branches) {
        layOut(branch, source, join, ids, nodes, edges, { conditional: true });
      }
      if (region.fallback) edges.push({ from: source, to: join, default: true });
      nodes.push({ id: join, role: "join", join: region.join });
      previous = join;
    }
    edge = {};
  }
  edges.push({ from: previous, to, ...edge });
}

/**
 * A random series-parallel template made of conditional fan-outs: a node whose success edges
 * all carry `when` (one branch each, a chain of nodes or of nested fan-outs) and sometimes a
 * `default` edge straight to the gateway that joins them (`all` or `any`). This is the shape of
 * table-permission and of most approval routing, which {@link templateArbitrary} rarely draws.
 */
export function fanOutTemplateArbitrary(): fc.Arbitrary<Template> {
  return fc
    .array(regionShapes.region, { minLength: 1, maxLength: 2 })
    .map((chain) => {
      let count = 0;
      const ids = {
        next: (prefix: string) => {
          count += 1;
          return `${prefix}${count}`;
        },
      };
      const nodes: LaidOutNode[] = [];
      const edges: { from: string; to: string; conditional?: boolean; default?: boolean }[] = [];
      layOut(chain, "start", "end", ids, nodes, edges);
      return { nodes, edges };
    })
    .filter(({ nodes }) => nodes.length <= 12)
    .chain(({ nodes, edges }) =>
      fc
        .record({
          inner: fc.tuple(
            ...nodes.map((node) =>
              node.role === "join"
                ? fc.constant<FlowNodeDocument>({ id: node.id, type: "gateway", join: node.join })
                : nodeArbitrary(node.id),
            ),
          ),
          queries: fc.array(queryArbitrary, { minLength: edges.length, maxLength: edges.length }),
          endJoin: fc.constantFrom("all", "any" as const),
        })
        .map(({ inner, queries, endJoin }): Template => {
          return withTemplateDefaults({
            id: "random-fan-out",
            version: 1,
            input: structuredClone(INPUT_SCHEMA) as unknown as Record<string, unknown>,
            nodes: [
              { id: "start", type: "start" },
              ...inner,
              { id: "end", type: "end", join: endJoin },
            ],
            edges: edges.map(
              (edge, i): Edge => ({
                from: edge.from,
                to: edge.to,
                ...(edge.conditional ? { when: queries[i] as Query } : {}),
                ...(edge.default ? { default: true } : {}),
              }),
            ),
          });
        }),
    );
}

/** A random conditional fan-out template ({@link fanOutTemplateArbitrary}), input and script. */
export function fanOutScenarioArbitrary(maxSteps = 14): fc.Arbitrary<Scenario> {
  return fanOutTemplateArbitrary().chain((template) =>
    inputArbitrary.chain((input) =>
      aimedScriptArbitrary(template, input, maxSteps).map((script) => ({
        template,
        input,
        script,
      })),
    ),
  );
}
