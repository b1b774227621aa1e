import { describe, expect, it } from "vitest";
import { loadTemplate } from "../../lambdas/core/template/load-template.ts";
import { parseSourceDocument } from "../../lambdas/core/template/source-document.ts";

const YAML_TEXT = `# a comment
id: lines
version: 1
nodes:
  - { id: start, type: start }
  - id: lead
    type: approval
    approvers: { users: [alice] }
    timeout: tomorrow
  - { id: end, type: end }
edges:
  - { from: start, to: lead }
  - { from: lead, to: end }
  - { from: lead, to: end, on: approved }
`;

const JSON_TEXT = `{
  "id": "lines",
  "version": 1,
  "nodes": [
    { "id": "start", "type": "start" },
    {
      "id": "lead",
      "type": "approval",
      "approvers": { "users": ["alice"] },
      "timeout": "tomorrow"
    },
    { "id": "end", "type": "end" }
  ],
  "edges": [
    { "from": "start", "to": "lead" },
    { "from": "lead", "to": "end" },
    { "from": "lead", "to": "end", "on": "approved" }
  ]
}`;

describe("problems carry the line of their cause", () => {
  it.each([
    ["YAML", YAML_TEXT, 9, 14],
    ["JSON", JSON_TEXT, 10, 17],
  ])("in %s", (_format, text, durationLine, edgeLine) => {
    // Prepare: the text above

    // Act
    const loaded = loadTemplate(text, "lines");

    // Assess
    const lineOf = (rule: string) => loaded.problems.find((p) => p.rule === rule)?.line;
    expect(lineOf("duration")).toBe(durationLine);
    expect(lineOf("duplicate-edge")).toBe(edgeLine);
  });

  it("gives the line of an unknown field, not of its node", () => {
    // Prepare
    const text = YAML_TEXT.replace(
      "    timeout: tomorrow\n",
      "    timeout: PT1H\n    escalate: true\n",
    );

    // Act
    const loaded = loadTemplate(text, "lines.yaml");

    // Assess
    const problem = loaded.problems.find((p) => p.rule === "schema");
    expect(problem?.message).toContain("`escalate`");
    expect(problem?.line).toBe(10);
  });
});

describe("parseSourceDocument", () => {
  it("locates the deepest node of the text that lies on a path", () => {
    // Prepare
    const source = parseSourceDocument(YAML_TEXT);

    // Act
    const lines = [
      source.lineOf([]),
      source.lineOf(["nodes", 1]),
      source.lineOf(["nodes", 1, "approvers", "users", 0]),
      source.lineOf(["nodes", 1, "missing", "deeper"]),
      source.lineOf(["edges", 9]),
    ];

    // Assess
    expect(lines).toEqual([2, 6, 8, 6, 11]);
  });

  it.each([
    ["YAML", "yaml", "id: x\nversion: 1\nnodes: [\n  a: b: c\n", 4],
    ["JSON", "json", '{\n  "id": "x",\n  "version": 1\n  "nodes": []\n}', 4],
    ["duplicate-key", "yaml", "id: x\nversion: 1\nid: y\n", 3],
    ["JSON duplicate-key", "json", '{\n  "id": "x",\n  "id": "y"\n}', 3],
  ] as const)(
    "reports a %s error as a syntax problem with its line",
    (_kind, format, text, line) => {
      // Prepare: the text above

      // Act
      const source = parseSourceDocument(text, format);

      // Assess
      expect(source.value).toBeUndefined();
      expect(source.problems[0]?.rule).toBe("syntax");
      expect(source.problems[0]?.line).toBe(line);
      expect(source.problems[0]?.message).not.toContain("\n");
    },
  );

  it("refuses an alias bomb instead of expanding it", () => {
    // Prepare
    const rows = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 8; i++)
      rows.push(
        `${"b".repeat(i)}: &${"a".repeat(i + 1)} [${Array(10)
          .fill(`*${"a".repeat(i)}`)
          .join(", ")}]`,
      );

    // Act
    const source = parseSourceDocument(rows.join("\n"));

    // Assess
    expect(source.value).toBeUndefined();
    expect(source.problems[0]?.rule).toBe("syntax");
  });

  it("reads YAML 1.2, where `on` is a string key and not true", () => {
    // Prepare
    const text = "edges:\n  - { from: a, to: b, on: rejected }\n";

    // Act
    const source = parseSourceDocument(text);

    // Assess
    expect(source.value).toEqual({ edges: [{ from: "a", to: "b", on: "rejected" }] });
  });
});
