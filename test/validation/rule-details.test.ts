import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDuration } from "../../lambdas/core/model/duration.ts";
import type { Problem } from "../../lambdas/core/validation/problem.ts";
import { TemplateRefusedError } from "../../lambdas/core/validation/template-refused-error.ts";
import { validateTemplate } from "../../lambdas/core/validation/validate-template.ts";
import templateSchema from "../../schema/baton-template.schema.json" with { type: "json" };
import { baseTemplate } from "./base-template.ts";

function problemsOf(document: unknown, rule: string): Problem[] {
  const result = validateTemplate(document);
  return result.ok ? [] : result.problems.filter((p) => p.rule === rule);
}

/** The base template with an approval `check` between lead and end, reading approvers from `path`. */
function withApproverPath(path: string) {
  const template = baseTemplate();
  template.nodes.splice(3, 0, { id: "check", type: "approval", approvers: { path } });
  template.edges[1] = { from: "lead", to: "check" };
  template.edges.push({ from: "check", to: "end" });
  return template;
}

describe("rule approver-path", () => {
  it.each([
    ["input.owner", 0],
    ["input.team.leads", 0],
    ["nodes.lead.output.nextApprover", 0],
    ["owner", "must start with `input.` or `nodes.`"],
    ["input", "must start with `input.` or `nodes.`"],
    ["context.owner", "must start with `input.` or `nodes.`"],
    ["input.__proto__.owner", "forbidden segment `__proto__`"],
    ["input..owner", "empty segment"],
    ["nodes.ghost.output.user", "`ghost`, which is not a node"],
    ["nodes.review.output.user", "node `review`, which is not on every path from start to `check`"],
    ["nodes.check.output.user", "node `check`, which is not on every path from start to `check`"],
    ["nodes.lead.outcome", "must read the node's output"],
  ])("judges %s", (path, expected) => {
    // Prepare
    const template = withApproverPath(path);

    // Act
    const problems = problemsOf(template, "approver-path");

    // Assess
    if (expected === 0) {
      expect(problems).toEqual([]);
    } else {
      expect(problems).toHaveLength(1);
      expect(problems[0]?.node).toBe("check");
      expect(problems[0]?.message).toContain(expected);
    }
  });
});

describe("rule duration", () => {
  it.each([
    ["timeout", "PT0S", "must be longer than zero"],
    ["timeout", "P0D", "must be longer than zero"],
    ["timeout", "PT", "is not an ISO-8601 duration"],
    ["timeout", 3600, "is not an ISO-8601 duration"],
    ["heartbeat", "5 minutes", "is not an ISO-8601 duration"],
  ])("refuses task %s %j", (fieldName, value, expected) => {
    // Prepare
    const template = baseTemplate();
    Object.assign(template.nodes[2] as object, { mode: "callback", [fieldName]: value });

    // Act
    const problems = problemsOf(template, "duration");

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain(`node \`review\` (task): ${fieldName}`);
    expect(problems[0]?.message).toContain(expected);
    expect(problems[0]?.path).toEqual(["nodes", 2, fieldName]);
  });

  it.each([
    ["timeout", "PT1.5S"],
    ["heartbeat", "PT0.5S"],
  ])(
    "refuses task %s %j: not whole seconds, by the rule alone (no schema problem too)",
    (fieldName, value) => {
      // Prepare
      const template = baseTemplate();
      Object.assign(template.nodes[2] as object, { mode: "callback", [fieldName]: value });

      // Act
      const problems = problemsOf(template, "duration");
      const schema = problemsOf(template, "schema");

      // Assess
      expect(problems).toHaveLength(1);
      expect(problems[0]?.node).toBe("review");
      expect(problems[0]?.message).toBe(
        `node \`review\` (task): ${fieldName} "${value}" must be whole seconds (Step Functions times tasks in whole seconds)`,
      );
      expect(schema).toEqual([]);
    },
  );

  it("agrees with the schema's duration pattern on every duration (fast-check)", () => {
    // Prepare
    const pattern = new RegExp(templateSchema.$defs.duration.pattern);
    const part = (unit: string) =>
      fc.option(
        fc
          .tuple(fc.nat(99), fc.option(fc.nat(9), { nil: undefined }))
          .map(([whole, tenth]) =>
            tenth === undefined ? `${whole}${unit}` : `${whole}.${tenth}${unit}`,
          ),
        { nil: "" },
      );
    const durations = fc
      .tuple(part("D"), part("H"), part("M"), part("S"))
      .map(([days, hours, minutes, seconds]) => {
        const time = `${hours}${minutes}${seconds}`;
        return `P${days}${time ? `T${time}` : ""}`;
      });

    // Act and assess
    fc.assert(
      fc.property(durations, (timeout) => {
        const template = baseTemplate();
        Object.assign(template.nodes[2] as object, { timeout });
        const longerThanZero = (parseDuration(timeout) ?? 0) > 0;
        expect(problemsOf(template, "duration")).toHaveLength(
          pattern.test(timeout) && longerThanZero ? 0 : 1,
        );
      }),
    );
  });

  it("accepts whole seconds however they are written", () => {
    // Prepare
    const template = baseTemplate();
    Object.assign(template.nodes[2] as object, {
      timeout: "PT90S",
      retry: { attempts: 2, interval: "PT1M30S" },
    });

    // Act and assess
    expect(validateTemplate(template).ok).toBe(true);
  });

  it("checks retry.interval too", () => {
    // Prepare
    const template = baseTemplate();
    Object.assign(template.nodes[2] as object, { retry: { attempts: 3, interval: "10s" } });

    // Act
    const problems = problemsOf(template, "duration");

    // Assess
    expect(problems.map((p) => p.path)).toEqual([["nodes", 2, "retry", "interval"]]);
  });
});

describe("rule heartbeat-within-timeout", () => {
  it.each([
    ["PT1H", "PT1H", 1],
    ["PT61M", "PT1H", 1],
    ["PT59M", "PT1H", 0],
  ])("heartbeat %s with timeout %s gives %i problem(s)", (heartbeat, timeout, count) => {
    // Prepare
    const template = baseTemplate();
    Object.assign(template.nodes[2] as object, { mode: "callback", heartbeat, timeout });

    // Act
    const problems = problemsOf(template, "heartbeat-within-timeout");

    // Assess
    expect(problems).toHaveLength(count);
  });
});

describe("graph rules", () => {
  it("names a node with an edge to itself as a cycle", () => {
    // Prepare
    const template = baseTemplate();
    template.edges.push({ from: "review", to: "review", on: "failed" });

    // Act
    const problems = problemsOf(template, "cycle");

    // Assess
    expect(problems.map((p) => p.message)).toEqual([
      "node `review` (task) has an edge to itself: review → review",
    ]);
  });

  it("reports two separate cycles separately", () => {
    // Prepare
    const template = baseTemplate();
    template.edges.push({ from: "review", to: "lead", on: "failed" });
    template.nodes.push({ id: "g1", type: "gateway" }, { id: "g2", type: "gateway" });
    template.edges.push(
      { from: "start", to: "g1" },
      { from: "g1", to: "g2" },
      { from: "g2", to: "g1" },
      { from: "g2", to: "end" },
    );

    // Act
    const problems = problemsOf(template, "cycle");

    // Assess
    expect(problems.map((p) => p.node)).toEqual(["lead", "g1"]);
  });

  it("refuses a template without start and end", () => {
    // Prepare
    const template = baseTemplate();
    template.nodes = template.nodes.filter((node) => node.type !== "start" && node.type !== "end");

    // Act
    const messages = problemsOf(template, "one-start-one-end").map((p) => p.message);

    // Assess
    expect(messages).toEqual([
      "the template has no start node; it needs exactly one",
      "the template has no end node; it needs exactly one",
    ]);
  });

  it("refuses an outcome the start node cannot have", () => {
    // Prepare
    const template = baseTemplate();
    template.edges.push({ from: "start", to: "end", on: "failed" });

    // Act
    const problems = problemsOf(template, "edge-outcome");

    // Assess
    expect(problems[0]?.message).toBe(
      "edge `start→end`: on `failed` does not fit start node `start`; it can only be succeeded",
    );
  });

  it("counts an edge without `on` as the success outcome for duplicate defaults", () => {
    // Prepare
    const template = baseTemplate();
    template.edges.push(
      { from: "review", to: "lead", default: true, on: "failed" },
      { from: "lead", to: "end", default: true, on: "approved" },
    );
    template.edges[1] = { from: "lead", to: "review", default: true };

    // Act
    const problems = problemsOf(template, "duplicate-default");

    // Assess
    expect(problems.map((p) => p.edge)).toEqual(["lead→end"]);
  });
});

describe("rule embedded-schema", () => {
  it("refuses an approval form whose $ref cannot be resolved", () => {
    // Prepare
    const template = baseTemplate();
    Object.assign(template.nodes[1] as object, { form: { $ref: "#/$defs/missing" } });

    // Act
    const problems = problemsOf(template, "embedded-schema");

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]?.node).toBe("lead");
    expect(problems[0]?.message).toContain(
      "node `lead` (approval): form is not a valid JSON Schema",
    );
  });

  it("accepts an input schema using formats", () => {
    // Prepare
    const template = {
      ...baseTemplate(),
      input: { type: "object", properties: { owner: { type: "string", format: "email" } } },
    };

    // Act
    const problems = problemsOf(template, "embedded-schema");

    // Assess
    expect(problems).toEqual([]);
  });
});

describe("TemplateRefusedError", () => {
  it("carries every problem under a stable name", () => {
    // Prepare
    const result = validateTemplate({ ...baseTemplate(), version: 0, edges: [] });
    const problems = result.ok ? [] : result.problems;

    // Act
    const error = new TemplateRefusedError(problems);

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("TemplateRefusedError");
    expect(error.problems).toBe(problems);
    expect(error.message).toMatch(/^template refused: \[schema\] template: version must be >= 1/);
    expect(error.message).toContain(`(and ${problems.length - 1} more)`);
  });
});

describe("rule condition-node-reference", () => {
  /** start → lead → { a, b } → done (any) → end, with `when` on the edge a → done. */
  function withCondition(path: string) {
    return {
      id: "peek",
      version: 1,
      nodes: [
        { id: "start", type: "start" },
        { id: "lead", type: "approval", approvers: { users: ["lee"] } },
        { id: "a", type: "approval", approvers: { users: ["ann"] } },
        { id: "b", type: "approval", approvers: { users: ["bob"] } },
        { id: "done", type: "gateway", join: "any" },
        { id: "end", type: "end" },
      ],
      edges: [
        { from: "start", to: "lead" },
        { from: "lead", to: "a" },
        { from: "lead", to: "b" },
        { from: "a", to: "done", when: { $or: [{ [path]: { $exists: true } }] } },
        { from: "a", to: "end", default: true },
        { from: "b", to: "done" },
        { from: "done", to: "end" },
      ],
    };
  }

  it.each([
    ["nodes.a.output.level", 0],
    ["nodes.lead.output.level", 0],
    ["input.level", 0],
    ["nodes.b.output.level", "`b` is not sure to have completed when `a` does"],
  ])("judges %s", (path, expected) => {
    // Act
    const problems = problemsOf(withCondition(path), "condition-node-reference");
    // Assess
    if (expected === 0) expect(problems).toEqual([]);
    else expect(problems.map((problem) => problem.message).join("\n")).toContain(expected);
  });
});
