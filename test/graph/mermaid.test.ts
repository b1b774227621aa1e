import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type EdgeState,
  type InstanceState,
  NODE_STATUSES,
  type NodeState,
  type NodeStatus,
} from "../../lambdas/core/engine/instance-state.ts";
import { conditionText } from "../../lambdas/core/graph/condition-text.ts";
import { toMermaid } from "../../lambdas/core/graph/mermaid.ts";
import { mermaidId, mermaidText } from "../../lambdas/core/graph/mermaid-text.ts";
import type { Edge, FlowNodeDocument, Template } from "../../lambdas/core/model/template.ts";
import { withTemplateDefaults } from "../../lambdas/core/model/template-defaults.ts";
import { loadTemplate } from "../../lambdas/core/template/load-template.ts";
import { isTemplateFileName } from "../../lambdas/core/template/template-file-name.ts";

const DEFINITIONS = join(import.meta.dirname, "..", "..", "definitions");
const EXAMPLES_DOC = join(import.meta.dirname, "..", "..", "docs", "examples.md");

/** A template of the definitions folder, as loading makes it. */
function loaded(file: string): Template {
  const { template: flow, problems } = loadTemplate(
    readFileSync(join(DEFINITIONS, file), "utf8"),
    file,
  );
  if (!flow) throw new Error(`${file}: ${problems[0]?.message}`);
  return flow;
}

function template(nodes: FlowNodeDocument[], edges: Edge[]): Template {
  return withTemplateDefaults({ id: "pic", version: 1, nodes, edges });
}

/** A small flow with every node type, a failure edge, a condition and a default edge. */
const CACHE: Template = template(
  [
    { id: "start", type: "start" },
    { id: "lead", type: "approval", name: "Lead approval", approvers: { path: "input.owner" } },
    { id: "sre", type: "approval", name: "SRE", approvers: { users: ["sam"] }, mode: "all" },
    { id: "route", type: "gateway", name: "Ready", join: "any" },
    {
      id: "provision",
      type: "task",
      name: "Provision",
      plugin: "cache.create",
      mode: "callback",
      timeout: "PT1H",
      heartbeat: "PT5M",
    },
    { id: "end", type: "end" },
  ],
  [
    { from: "start", to: "lead" },
    { from: "lead", to: "sre", when: { "input.memoryGb": { $gt: 64 } } },
    { from: "lead", to: "route", default: true },
    { from: "sre", to: "route" },
    { from: "route", to: "provision" },
    { from: "provision", to: "end" },
    { from: "provision", to: "sre", on: "failed" },
  ],
);

/** The mermaid source lines, trimmed, without the header. */
function bodyLines(source: string): string[] {
  return source
    .split("\n")
    .slice(1)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/** The link statements, in order (mermaid numbers links by their order in the source). */
function linkLines(source: string): string[] {
  return bodyLines(source).filter((line) => / (-->|-\.->)/.test(line));
}

function linkStyles(source: string): Map<number, string> {
  const styles = new Map<number, string>();
  for (const line of bodyLines(source)) {
    const match = /^linkStyle ([\d,]+) (.+)$/.exec(line);
    if (!match?.[1] || !match[2]) continue;
    for (const index of match[1].split(",")) styles.set(Number(index), match[2]);
  }
  return styles;
}

function instanceState(
  flow: Template,
  nodes: Record<string, NodeStatus>,
  edges: EdgeState["status"][],
): InstanceState {
  const nodeStates: Record<string, NodeState> = {};
  for (const [id, status] of Object.entries(nodes)) {
    nodeStates[id] = { status, activated: status !== "waiting" && status !== "skipped" };
  }
  return {
    templateId: flow.id,
    version: flow.version,
    status: "running",
    context: { input: {}, nodes: {} },
    nodes: nodeStates,
    edges: edges.map((status) => ({ status })),
    approvals: {},
    events: [],
  };
}

describe("toMermaid shapes and labels", () => {
  it("starts with a top-down flowchart header", () => {
    // Prepare / Act
    const source = toMermaid(CACHE);

    // Assess
    expect(source.split("\n")[0]).toBe("flowchart TD");
  });

  it("draws start and end as circles", () => {
    // Prepare / Act
    const lines = bodyLines(toMermaid(CACHE));

    // Assess
    expect(lines).toContain('n_start(("start"))');
    expect(lines).toContain('n_end(("end"))');
  });

  it("draws an approval as a rounded box labelled with name, mode and approvers", () => {
    // Prepare / Act
    const lines = bodyLines(toMermaid(CACHE));

    // Assess
    expect(lines).toContain('n_lead("Lead approval<br/>any<br/>from input.owner")');
    expect(lines).toContain('n_sre("SRE<br/>all<br/>users: sam")');
  });

  it("shows a vote threshold and what a timeout decides", () => {
    // Prepare
    const flow = template(
      [
        { id: "start", type: "start" },
        {
          id: "board",
          type: "approval",
          approvers: { groups: [["a", "b"], ["c"]] },
          mode: "vote",
          threshold: 0.66,
          timeout: "PT4H",
          onTimeout: "approve",
        },
        { id: "end", type: "end" },
      ],
      [
        { from: "start", to: "board" },
        { from: "board", to: "end" },
      ],
    );

    // Act
    const lines = bodyLines(toMermaid(flow));

    // Assess
    expect(lines).toContain(
      'n_board("board<br/>vote ≥ 66%<br/>groups: #91;a, b#93; #91;c#93;<br/>timeout PT4H → approve")',
    );
  });

  it("draws a task as a subroutine with plugin, mode and limits", () => {
    // Prepare / Act
    const lines = bodyLines(toMermaid(CACHE));

    // Assess
    expect(lines).toContain(
      'n_provision[["Provision<br/>cache.create · callback<br/>timeout PT1H · heartbeat PT5M"]]',
    );
  });

  it("defaults a task's mode to sync and shows its retry attempts", () => {
    // Prepare
    const flow = template(
      [
        { id: "start", type: "start" },
        { id: "grant", type: "task", plugin: "acl.grant", retry: { attempts: 3 } },
        { id: "end", type: "end" },
      ],
      [
        { from: "start", to: "grant" },
        { from: "grant", to: "end" },
      ],
    );

    // Act
    const lines = bodyLines(toMermaid(flow));

    // Assess
    expect(lines).toContain('n_grant[["grant<br/>acl.grant · sync<br/>retry ×3"]]');
  });

  it("draws a gateway as a rhombus and makes join any visible", () => {
    // Prepare / Act
    const lines = bodyLines(toMermaid(CACHE));

    // Assess
    expect(lines).toContain('n_route{"Ready<br/>join any"}');
  });

  it("does not mention join all, the default", () => {
    // Prepare
    const flow = template(
      [
        { id: "start", type: "start" },
        { id: "gw", type: "gateway", join: "all" },
        { id: "end", type: "end" },
      ],
      [
        { from: "start", to: "gw" },
        { from: "gw", to: "end" },
      ],
    );

    // Act
    const source = toMermaid(flow);

    // Assess
    expect(bodyLines(source)).toContain('n_gw{"gw"}');
    expect(source).not.toContain("join");
  });
});

describe("toMermaid edges", () => {
  it("writes one link per template edge, in template order", () => {
    // Prepare / Act
    const links = linkLines(toMermaid(CACHE));

    // Assess
    expect(links).toHaveLength(CACHE.edges.length);
    expect(links[0]).toBe("n_start --> n_lead");
    expect(links[4]).toBe("n_route --> n_provision");
  });

  it("labels a conditional edge with its readable condition", () => {
    // Prepare / Act
    const links = linkLines(toMermaid(CACHE));

    // Assess
    expect(links[1]).toBe('n_lead -->|"input.memoryGb #gt; 64"| n_sre');
  });

  it("labels a default edge", () => {
    // Prepare / Act
    const links = linkLines(toMermaid(CACHE));

    // Assess
    expect(links[2]).toBe('n_lead -->|"default"| n_route');
  });

  it("labels and dots an edge that follows a failure outcome", () => {
    // Prepare / Act
    const links = linkLines(toMermaid(CACHE));

    // Assess
    expect(links[6]).toBe('n_provision -.->|"failed"| n_sre');
  });

  it("leaves an explicit success outcome unlabelled", () => {
    // Prepare
    const flow = template(
      [
        { id: "start", type: "start" },
        { id: "ok", type: "approval", approvers: { users: ["a"] } },
        { id: "end", type: "end" },
      ],
      [
        { from: "start", to: "ok", on: "succeeded" },
        { from: "ok", to: "end", on: "approved" },
      ],
    );

    // Act
    const links = linkLines(toMermaid(flow));

    // Assess
    expect(links).toEqual(["n_start --> n_ok", "n_ok --> n_end"]);
  });

  it("puts outcome, condition and default on separate label lines", () => {
    // Prepare
    const flow = template(
      [
        { id: "start", type: "start" },
        { id: "t", type: "task", plugin: "p" },
        { id: "a", type: "gateway" },
        { id: "end", type: "end" },
      ],
      [
        { from: "start", to: "t" },
        { from: "t", to: "end" },
        { from: "t", to: "a", on: "timedOut", when: { "input.retry": true }, default: true },
        { from: "a", to: "end" },
      ],
    );

    // Act
    const links = linkLines(toMermaid(flow));

    // Assess
    expect(links[2]).toBe('n_t -.->|"timedOut<br/>input.retry == true<br/>default"| n_a');
  });
});

describe("conditionText", () => {
  it.each([
    [{ "input.memoryGb": { $gt: 64 } }, "input.memoryGb > 64"],
    [{ "input.env": "prod" }, 'input.env == "prod"'],
    [{ "input.level": { $in: ["L3", "L4"] } }, 'input.level in ["L3", "L4"]'],
    [{ "input.level": { $nin: ["L1"] } }, 'input.level not in ["L1"]'],
    [{ "input.url": { $exists: true } }, "input.url exists"],
    [{ "input.url": { $exists: false } }, "input.url missing"],
    [{ "input.pii": { $size: 0 } }, "size(input.pii) == 0"],
    [{ "input.pii": { $not: { $size: 0 } } }, "not (size(input.pii) == 0)"],
    [{ "input.tags": { $all: ["a", "b"] } }, 'input.tags has all ["a", "b"]'],
    [
      { "input.items": { $all: ["a", { $elemMatch: { qty: { $gt: 1 } } }] } },
      '{"input.items":{"$all":["a",{"$elemMatch":{"qty":{"$gt":1}}}]}}',
    ],
    [{ "input.segs": { $elemMatch: { age: "minor" } } }, 'any(input.segs: age == "minor")'],
    [
      { "input.scores": { $elemMatch: { $gte: 80, $lt: 90 } } },
      "any(input.scores: _ >= 80 and _ < 90)",
    ],
    [{ "input.n": { $type: "number" } }, 'type(input.n) == "number"'],
    [{ "input.a": { $gte: 1, $lte: 5 } }, "input.a >= 1 and input.a <= 5"],
    [{ "nodes.lead.outcome": { $ne: "approved" } }, 'nodes.lead.outcome != "approved"'],
    [{ $nor: [{ "input.a": 1 }, { "input.b": 2 }] }, "not (input.a == 1 or input.b == 2)"],
  ])("renders %j as %s", (query, expected) => {
    // Prepare / Act
    const text = conditionText(query);

    // Assess
    expect(text).toBe(expected);
  });

  it("parenthesises an or inside an and", () => {
    // Prepare
    const query = { "input.a": 1, $or: [{ "input.b": 2 }, { "input.c": 3 }] };

    // Act
    const text = conditionText(query);

    // Assess
    expect(text).toBe("input.a == 1 and (input.b == 2 or input.c == 3)");
  });

  it("does not parenthesise an and inside an or", () => {
    // Prepare
    const query = { $or: [{ $and: [{ "input.a": 1 }, { "input.b": 2 }] }, { "input.c": 3 }] };

    // Act
    const text = conditionText(query);

    // Assess
    expect(text).toBe("input.a == 1 and input.b == 2 or input.c == 3");
  });

  it("falls back to compact JSON for an operator it has no words for", () => {
    // Prepare
    const query = { "input.name": { $regex: "^a" } };

    // Act
    const text = conditionText(query);

    // Assess
    expect(text).toBe('{"input.name":{"$regex":"^a"}}');
  });

  it("falls back to compact JSON when operators and fields are mixed in one value", () => {
    // Prepare
    const query = { "input.a": { $gt: 1, b: 2 } };

    // Act
    const text = conditionText(query);

    // Assess
    expect(text).toBe('{"input.a":{"$gt":1,"b":2}}');
  });
});

describe("escaping", () => {
  const HOSTILE = 'Evil"]) --> x[("pwn")]\n%% <script>alert(1)</script> #quot; | {x} `md` \\n';

  it("escapes every character that could end a label or start markup", () => {
    // Prepare / Act
    const text = mermaidText(HOSTILE);

    // Assess
    expect(text).not.toMatch(/["<>[\]{}()|`\\\n]/);
    expect(text).toContain("#quot;");
    expect(text).toContain("#lt;script#gt;");
    expect(text).toContain("#35;quot;");
  });

  it("keeps a hostile node name and condition inside their quoted labels", () => {
    // Prepare
    const flow = template(
      [
        { id: "start", type: "start" },
        { id: "a", type: "approval", name: HOSTILE, approvers: { users: ['x"y'] } },
        { id: "end", type: "end" },
      ],
      [
        { from: "start", to: "a", when: { 'input.x"]': { $in: ["<b>", "|"] } } },
        { from: "a", to: "end" },
      ],
    );

    // Act
    const lines = bodyLines(toMermaid(flow));

    // Assess
    expect(lines).toHaveLength(5);
    for (const line of lines) {
      expect([0, 2]).toContain(line.split('"').length - 1);
    }
    expect(lines[1]).toMatch(/^n_a\("[^"]*"\)$/);
    expect(lines[3]).toMatch(/^n_start -->\|"[^"|]*"\| n_a$/);
  });

  it("prefixes node ids so that mermaid keywords such as end stay plain ids", () => {
    // Prepare
    const flow = template(
      [
        { id: "graph", type: "start" },
        { id: "class", type: "gateway" },
        { id: "end", type: "end" },
      ],
      [
        { from: "graph", to: "class" },
        { from: "class", to: "end" },
      ],
    );

    // Act
    const links = linkLines(toMermaid(flow));

    // Assess
    expect(links).toEqual(["n_graph --> n_class", "n_class --> n_end"]);
  });

  it("gives different node ids different mermaid ids", () => {
    // Prepare
    const ids = ["a-b", "a_b", "a__b", "a_hb", "a-_b", "a_-b", "o", "x", "A"];

    // Act
    const mermaidIds = ids.map(mermaidId);

    // Assess
    expect(new Set(mermaidIds).size).toBe(ids.length);
    for (const id of mermaidIds) expect(id).toMatch(/^n_[A-Za-z0-9_]+$/);
  });
});

describe("toMermaid with an instance state", () => {
  const STATUSES = NODE_STATUSES;

  it("declares a class for every node status", () => {
    // Prepare
    const state = instanceState(CACHE, {}, []);

    // Act
    const lines = bodyLines(toMermaid(CACHE, state));

    // Assess
    for (const status of STATUSES) {
      expect(lines.some((line) => line.startsWith(`classDef ${status} fill:`))).toBe(true);
    }
  });

  it("gives each node the class of its status", () => {
    // Prepare
    const state = instanceState(
      CACHE,
      {
        start: "succeeded",
        lead: "approved",
        sre: "active",
        route: "waiting",
        provision: "waiting",
        end: "waiting",
      },
      ["fired", "fired", "dead", "pending", "pending", "pending", "pending"],
    );

    // Act
    const lines = bodyLines(toMermaid(CACHE, state));

    // Assess
    expect(lines).toContain("class n_lead approved");
    expect(lines).toContain("class n_sre active");
    expect(lines).toContain("class n_end waiting");
  });

  it("styles fired, dead and poisoned edges by their index and leaves pending ones alone", () => {
    // Prepare
    const state = instanceState(
      CACHE,
      { start: "succeeded", lead: "rejected", sre: "poisoned", route: "poisoned" },
      ["fired", "poisoned", "dead", "poisoned", "poisoned", "pending", "pending"],
    );

    // Act
    const styles = linkStyles(toMermaid(CACHE, state));

    // Assess
    expect(styles.get(0)).toContain("stroke:#1a7f37");
    expect(styles.get(0)).toContain("stroke-width:4px");
    expect(styles.get(2)).toContain("stroke-dasharray");
    expect(styles.get(1)).toContain("stroke:#cf222e");
    expect(styles.get(3)).toBe(styles.get(1));
    expect(styles.has(5)).toBe(false);
    expect(styles.has(6)).toBe(false);
  });

  it("never styles a link index beyond the template's edges", () => {
    // Prepare
    const state = instanceState(CACHE, {}, [
      ...CACHE.edges.map((): EdgeState["status"] => "fired"),
      "fired",
      "dead",
    ]);

    // Act
    const styles = linkStyles(toMermaid(CACHE, state));

    // Assess
    expect(Math.max(...styles.keys())).toBe(CACHE.edges.length - 1);
  });

  it("adds no class or link style without a state", () => {
    // Prepare / Act
    const source = toMermaid(CACHE);

    // Assess
    expect(source).not.toMatch(/^\s*(classDef|class|linkStyle) /m);
  });
});

describe("the example definitions", () => {
  const files = readdirSync(DEFINITIONS).filter(isTemplateFileName);

  it("exist", () => {
    // Assess
    expect(files.length).toBeGreaterThanOrEqual(4);
  });

  it.each(files)("%s is a valid template", (file) => {
    // Prepare
    const text = readFileSync(join(DEFINITIONS, file), "utf8");

    // Act
    const loaded = loadTemplate(text, file);

    // Assess
    expect(loaded.problems).toEqual([]);
    expect(loaded.template?.id).toBe(file.replace(/\.yaml$/, ""));
  });

  it.each(files)("%s renders every node and edge", (file) => {
    // Prepare
    const flow = loaded(file);

    // Act
    const source = toMermaid(flow);

    // Assess
    const lines = bodyLines(source);
    for (const node of flow.nodes) {
      expect(
        lines.filter(
          (line) =>
            line.startsWith(`${mermaidId(node.id)}(`) ||
            line.startsWith(`${mermaidId(node.id)}[`) ||
            line.startsWith(`${mermaidId(node.id)}{`),
        ),
      ).toHaveLength(1);
    }
    const links = linkLines(source);
    expect(links).toHaveLength(flow.edges.length);
    flow.edges.forEach((edge, index) => {
      expect(links[index]).toMatch(
        new RegExp(`^${mermaidId(edge.from)} -\\.?->(\\|"[^"]*"\\|)? ${mermaidId(edge.to)}$`),
      );
    });
  });

  it.each(files)("docs/examples.md shows the current picture of %s", (file) => {
    // Prepare
    const flow = loaded(file);
    const blocks = [...readFileSync(EXAMPLES_DOC, "utf8").matchAll(/```mermaid\n([^`]*)```/g)];

    // Act
    const source = toMermaid(flow);

    // Assess
    expect(blocks.map((block) => block[1])).toContain(source);
  });
});
