import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { openFlowDatabase } from "../../lambdas/adapters/sqlite/open-flow-database.ts";
import { SqliteTemplateCatalog } from "../../lambdas/adapters/sqlite/sqlite-template-catalog.ts";
import { StoredTemplateRefusedError } from "../../lambdas/adapters/sqlite/stored-template-refused-error.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import { canonicalTemplate } from "../../lambdas/core/template/canonical-template.ts";
import { TemplateVersionConflictError } from "../../lambdas/core/template/template-version-conflict-error.ts";
import { templateArbitrary } from "../support/arbitraries.ts";
import { approval, flow } from "../support/template-builder.ts";

const leave = (version: number, approver: string): Template =>
  flow([approval("lead", [approver])], ["start>lead", "lead>end"], { id: "leave", version });

/** The same value with every object's keys in the reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([key, inner]) => [key, reversedKeys(inner)]),
    );
  }
  return value;
}

/** What adding threw, or `undefined` when it did not throw. */
function thrownBy(add: () => unknown): unknown {
  try {
    add();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("the SQLite template catalog", () => {
  it("serves every version it stored after a restart on the same file, with its source", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "baton-catalog-")), "baton.db");
    const first = openFlowDatabase(file);
    const before = new SqliteTemplateCatalog(first);
    before.add(leave(1, "al"), { file: "definitions/leave.yaml", text: "id: leave # v1\n" });
    before.add(leave(2, "bo"), { file: "definitions/leave.yaml", text: "id: leave # v2\n" });
    first.close();

    const after = new SqliteTemplateCatalog(openFlowDatabase(file));

    expect(await after.get("leave", 1)).toEqual(leave(1, "al"));
    expect(await after.get("leave")).toEqual(leave(2, "bo"));
    expect(await after.versions("leave")).toEqual([1, 2]);
    expect(await after.list()).toEqual([leave(2, "bo")]);
    expect(after.source("leave", 1)).toMatchObject({
      file: "definitions/leave.yaml",
      text: "id: leave # v1\n",
      hash: canonicalTemplate(leave(1, "al")).hash,
    });
  });

  it("refuses a stored version with other content, naming the file, the id, the version and the next version; the stored one keeps serving", async () => {
    const catalog = new SqliteTemplateCatalog(new DatabaseSync(":memory:"));
    catalog.add(leave(1, "al"), { file: "definitions/leave.yaml", text: "v1" });
    catalog.add(leave(2, "al"), { file: "definitions/leave.yaml", text: "v2" });

    const error = thrownBy(() =>
      catalog.add(leave(1, "mallory"), { file: "definitions/other.yaml", text: "changed" }),
    );

    expect(error).toBeInstanceOf(TemplateVersionConflictError);
    expect((error as Error).name).toBe("TemplateVersionConflictError");
    expect((error as Error).message).toBe(
      "definitions/other.yaml: leave v1 is already loaded (from definitions/leave.yaml) with other content, and a loaded version never changes: bump `version` to 3 to load this as a new version; v1 as loaded keeps serving",
    );
    expect(await catalog.get("leave", 1)).toEqual(leave(1, "al"));
    expect(catalog.source("leave", 1)?.text).toBe("v1");
  });

  it("takes the same content again as a no-op, whatever its source text", () => {
    let now = Date.parse("2026-12-02T10:00:00.000Z");
    const catalog = new SqliteTemplateCatalog(new DatabaseSync(":memory:"), () => new Date(now));
    expect(catalog.add(leave(1, "al"), { file: "a.yaml", text: "first" })).toBe("added");
    now += 60_000;

    expect(catalog.add(leave(1, "al"), { file: "b.json", text: "second" })).toBe("unchanged");
    expect(catalog.source("leave", 1)).toMatchObject({
      file: "a.yaml",
      text: "first",
      loadedAt: "2026-12-02T10:00:00.000Z",
    });
  });

  it("calls the highest version number the latest, whatever order the versions came in", async () => {
    const catalog = new SqliteTemplateCatalog(new DatabaseSync(":memory:"));
    catalog.add(leave(3, "cy"));
    catalog.add(leave(1, "al"));

    expect(await catalog.get("leave")).toEqual(leave(3, "cy"));
    expect(await catalog.versions("leave")).toEqual([1, 3]);
    expect(await catalog.get("leave", 2)).toBeUndefined();
    expect(await catalog.get("nothing")).toBeUndefined();
    expect(await catalog.versions("nothing")).toEqual([]);
  });

  it("answers a version added after it answered the latest, also one another catalog on the file added", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "baton-catalog-")), "baton.db");
    const catalog = new SqliteTemplateCatalog(openFlowDatabase(file));
    const other = new SqliteTemplateCatalog(openFlowDatabase(file));
    catalog.add(leave(1, "al"));
    expect(await catalog.get("leave")).toEqual(leave(1, "al"));

    catalog.add(leave(2, "bo"));
    expect(await catalog.get("leave")).toEqual(leave(2, "bo"));
    other.add(leave(3, "cy"));
    expect(await catalog.get("leave")).toEqual(leave(3, "cy"));
    expect(await catalog.get("leave", 1)).toEqual(leave(1, "al"));
  });

  it("reads a version stored without its defaults, as an earlier Baton stored it, with them, reports the hash of a version stored with them, and takes that template loaded now as unchanged", async () => {
    // Prepare: the row a Baton that did not write the defaults in at load would have stored
    const database = new DatabaseSync(":memory:");
    const catalog = new SqliteTemplateCatalog(database);
    const stored = {
      id: "leave",
      version: 1,
      nodes: [
        { id: "start", type: "start" },
        { id: "lead", type: "approval", approvers: { users: ["al"] } },
        { id: "end", type: "end" },
      ],
      edges: [
        { from: "start", to: "lead" },
        { from: "lead", to: "end" },
      ],
    };
    const { json, hash } = canonicalTemplate(stored as unknown as Template);
    database
      .prepare(
        `INSERT INTO template_versions
           (template_id, version, content_hash, template, source, file, loaded_at)
         VALUES ('leave', 1, ?, ?, 'id: leave', 'definitions/leave.yaml', '2026-01-01T00:00:00.000Z')`,
      )
      .run(hash, json);

    const now = new SqliteTemplateCatalog(new DatabaseSync(":memory:"));
    now.add(leave(1, "al"));

    // Act
    const served = await catalog.get("leave", 1);
    const reported = catalog.source("leave", 1)?.hash;
    const outcome = catalog.add(leave(1, "al"), {
      file: "definitions/leave.yaml",
      text: "id: leave",
    });

    // Assess
    expect(served).toEqual(leave(1, "al"));
    expect(served?.nodes[1]).toMatchObject({ name: "lead", join: "all", mode: "any" });
    expect(reported).toBe(now.source("leave", 1)?.hash);
    expect(reported).toBe(canonicalTemplate(leave(1, "al")).hash);
    expect(outcome).toBe("unchanged");
    expect(thrownBy(() => catalog.add(leave(1, "bo")))).toBeInstanceOf(
      TemplateVersionConflictError,
    );
  });

  it.each([
    {
      forbidden: "a `constructor` path segment",
      when: { "input.constructor.name": "Object" },
      message:
        'leave v1 as stored is refused, a condition fails the query check: edge `start→lead`: when ["input.constructor.name"]: path segment constructor is not allowed',
    },
    {
      forbidden: "a `$where`",
      when: { $or: [{ "input.amount": 1 }, { $where: "this.input.amount > 1" }] },
      message:
        "leave v1 as stored is refused, a condition fails the query check: edge `start→lead`: when $or[1].$where: operator $where is not allowed (it runs code)",
    },
  ])(
    "refuses on read a version stored with $forbidden in a condition, naming the template, the version and the problem; the other versions keep serving",
    async ({ when, message }) => {
      // Prepare: a row written into the table directly, past validation
      const database = new DatabaseSync(":memory:");
      const catalog = new SqliteTemplateCatalog(database);
      const stored = leave(1, "al");
      const { json, hash } = canonicalTemplate({
        ...stored,
        edges: [{ from: "start", to: "lead", when }, ...stored.edges.slice(1)],
      });
      database
        .prepare(
          `INSERT INTO template_versions
           (template_id, version, content_hash, template, source, file, loaded_at)
         VALUES ('leave', 1, ?, ?, 'id: leave', 'definitions/leave.yaml', '2026-01-01T00:00:00.000Z')`,
        )
        .run(hash, json);
      catalog.add(leave(2, "bo"));

      // Act
      const refusal = await catalog.get("leave", 1).catch((error: unknown) => error);
      const again = thrownBy(() => catalog.add(leave(1, "al")));

      // Assess
      expect(refusal).toBeInstanceOf(StoredTemplateRefusedError);
      expect(refusal).toMatchObject({
        name: "StoredTemplateRefusedError",
        templateId: "leave",
        version: 1,
        message,
      });
      expect(again).toBeInstanceOf(TemplateVersionConflictError);
      expect(await catalog.get("leave")).toEqual(leave(2, "bo"));
      expect(await catalog.list()).toEqual([leave(2, "bo")]);
    },
  );

  it("for any template: reads back what it stored, takes it with its keys reordered as unchanged, refuses it changed", async () => {
    await fc.assert(
      fc.asyncProperty(templateArbitrary(), async (template) => {
        const catalog = new SqliteTemplateCatalog(new DatabaseSync(":memory:"));
        expect(catalog.add(template)).toBe("added");

        expect(await catalog.get(template.id, template.version)).toEqual(template);
        expect(catalog.add(reversedKeys(template) as Template)).toBe("unchanged");
        expect(
          thrownBy(() => catalog.add({ ...template, name: `${template.name ?? ""} changed` })),
        ).toBeInstanceOf(TemplateVersionConflictError);
        expect(await catalog.get(template.id)).toEqual(template);
      }),
      { numRuns: 100 },
    );
  });
});
