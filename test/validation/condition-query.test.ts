import { describe, expect, it } from "vitest";
import { parseSourceDocument } from "../../lambdas/core/template/source-document.ts";
import { validateTemplate } from "../../lambdas/core/validation/validate-template.ts";
import { baseTemplate } from "./base-template.ts";

/** The base template with a condition on its edge lead→end. */
function withWhen(when: unknown) {
  const template = baseTemplate();
  template.edges[1] = { from: "lead", to: "end", when };
  template.edges.push({ from: "lead", to: "review", default: true });
  return template;
}

const REFUSED: {
  name: string;
  when: Record<string, unknown>;
  operator?: string;
  segment?: string;
}[] = [
  {
    name: "$where hidden inside $or",
    when: { $or: [{ "input.size": 1 }, { $where: "this.input.size > 1" }] },
    operator: "$where",
  },
  {
    name: "$where hidden inside $elemMatch",
    when: { "input.items": { $elemMatch: { $where: "true" } } },
    operator: "$where",
  },
  {
    name: "$where hidden inside $not",
    when: { "input.size": { $not: { $where: "true" } } },
    operator: "$where",
  },
  { name: "$regex", when: { "input.name": { $regex: "^adm" } }, operator: "$regex" },
  {
    name: "$function",
    when: { $function: { body: "function () { return true }", args: [], lang: "js" } },
    operator: "$function",
  },
  { name: "$expr", when: { $expr: { $gt: ["$input.a", "$input.b"] } }, operator: "$expr" },
  {
    name: "an operator outside the allowlist",
    when: { "input.tags": { $mod: [2, 0] } },
    operator: "$mod",
  },
  {
    name: "a __proto__ path segment",
    when: { "input.__proto__.isAdmin": true },
    segment: "__proto__",
  },
  {
    name: "a constructor path segment",
    when: { "input.constructor.name": "Object" },
    segment: "constructor",
  },
];

describe("rule condition-query", () => {
  for (const { name, when, operator, segment } of REFUSED) {
    it(`refuses ${name}, naming it and the edge`, () => {
      // Prepare
      const template = withWhen(when);

      // Act
      const result = validateTemplate(template);

      // Assess
      expect(result.ok).toBe(false);
      const problems = result.ok ? [] : result.problems.filter((p) => p.rule === "condition-query");
      expect(problems.length).toBeGreaterThan(0);
      const problem = problems[0];
      expect(problem?.edge).toBe("lead→end");
      expect(problem?.message).toContain("edge `lead→end`");
      expect(problem?.message).toContain(operator ?? segment);
      expect(problem?.path.slice(0, 3)).toEqual(["edges", 1, "when"]);
    });
  }

  it("refuses a __proto__ key written in YAML, where it becomes an own key", () => {
    // Prepare
    const text = [
      "id: proto",
      "version: 1",
      "nodes:",
      "  - { id: start, type: start }",
      "  - { id: end, type: end }",
      "edges:",
      "  - from: start",
      "    to: end",
      "    when:",
      "      __proto__: { isAdmin: true }",
    ].join("\n");
    const source = parseSourceDocument(text);

    // Act
    const result = validateTemplate(source.value, source.lineOf);

    // Assess
    const problem = result.ok
      ? undefined
      : result.problems.find((p) => p.rule === "condition-query");
    expect(problem?.message).toContain("__proto__");
    expect(problem?.edge).toBe("start→end");
    expect(problem?.line).toBe(10);
  });

  it("accepts a query made of allowlisted operators", () => {
    // Prepare
    const template = withWhen({
      $and: [
        { "input.size": { $gte: 1, $lt: 10 } },
        { "input.env": { $in: ["dev", "test"] } },
        { "nodes.lead.output.comment": { $exists: true } },
        { $nor: [{ "input.tags": { $size: 0 } }] },
      ],
    });

    // Act
    const result = validateTemplate(template);

    // Assess
    expect(result.ok ? [] : result.problems).toEqual([]);
  });
});
