import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { openFlowDatabase } from "../../lambdas/adapters/sqlite/open-flow-database.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import { DirectoryTemplateCatalog } from "../../lambdas/embedded/directory-template-catalog.ts";
import { approval, flow } from "../support/template-builder.ts";

const leave = (version: number, approver: string): Template =>
  flow([approval("lead", [approver])], ["start>lead", "lead>end"], { id: "leave", version });

/** A definitions folder and a data folder, both fresh. */
async function folders(): Promise<{ definitions: string; database: string }> {
  const root = await mkdtemp(join(tmpdir(), "baton-definitions-"));
  await mkdir(join(root, "definitions"));
  return { definitions: join(root, "definitions"), database: join(root, "data", "baton.db") };
}

describe("a definitions folder's catalog on a SQLite file", () => {
  it("still serves a version after a restart when its file has changed to a new version since", async () => {
    const { definitions, database } = await folders();
    await writeFile(join(definitions, "leave.yaml"), stringify(leave(1, "al")));
    const first = openFlowDatabase(database);
    expect(await new DirectoryTemplateCatalog(definitions, first).load()).toEqual([]);
    first.close();
    await writeFile(join(definitions, "leave.yaml"), stringify(leave(2, "bo")));

    const restarted = new DirectoryTemplateCatalog(definitions, openFlowDatabase(database));
    const refused = await restarted.load();

    expect(refused).toEqual([]);
    expect(await restarted.get("leave", 1)).toEqual(leave(1, "al"));
    expect(await restarted.get("leave")).toEqual(leave(2, "bo"));
    expect(await restarted.versions("leave")).toEqual([1, 2]);
  });

  it("refuses a changed file that keeps its version, at the line of `version`, and the stored one keeps serving after a restart", async () => {
    const { definitions, database } = await folders();
    const file = join(definitions, "leave.yaml");
    await writeFile(file, stringify(leave(1, "al")));
    const first = openFlowDatabase(database);
    await new DirectoryTemplateCatalog(definitions, first).load();
    first.close();
    await writeFile(file, stringify(leave(1, "mallory")));

    const restarted = new DirectoryTemplateCatalog(definitions, openFlowDatabase(database));
    const refused = await restarted.load();

    const versionLine = stringify(leave(1, "mallory")).split("\n").indexOf("version: 1") + 1;
    expect(refused).toEqual([
      {
        file,
        problems: [
          {
            rule: "version-conflict",
            message: `leave v1 is already loaded (from ${file}) with other content, and a loaded version never changes: bump \`version\` to 2 to load this as a new version; v1 as loaded keeps serving`,
            path: ["version"],
            line: versionLine,
          },
        ],
      },
    ]);
    expect(await restarted.get("leave")).toEqual(leave(1, "al"));
    expect(await restarted.versions("leave")).toEqual([1]);
  });

  it("takes a formatting-only edit (comments, key order, quoting) as the same version", async () => {
    const { definitions } = await folders();
    const catalog = new DirectoryTemplateCatalog(definitions);
    await writeFile(join(definitions, "leave.yaml"), stringify(leave(1, "al")));
    await catalog.load();
    const reordered = [
      "# Leave: the lead approves.",
      "edges: [{ from: start, to: lead }, { to: end, from: lead }]",
      "version: 1   # unchanged",
      "nodes:",
      "  - { type: start, id: start }",
      '  - { id: lead, approvers: { users: ["al"] }, type: approval }',
      "  - { id: end, type: end }",
      'id: "leave"',
      "",
    ].join("\n");
    await writeFile(join(definitions, "leave.yaml"), reordered);

    expect(await catalog.loadFile("leave.yaml")).toMatchObject({
      outcome: "unchanged",
      template: leave(1, "al"),
    });
  });

  it("reports an invalid file, a removed file as gone, and neither changes what is served", async () => {
    const { definitions } = await folders();
    const catalog = new DirectoryTemplateCatalog(definitions);
    await writeFile(join(definitions, "leave.yaml"), stringify(leave(1, "al")));
    await catalog.load();
    await writeFile(
      join(definitions, "leave.yaml"),
      stringify({ ...leave(2, "al"), edges: [{ from: "start", to: "end" }] }),
    );

    const invalid = await catalog.loadFile("leave.yaml");
    const gone = await catalog.loadFile("nothing.yaml");

    expect(
      invalid.outcome === "refused" && invalid.problems.map((problem) => problem.rule),
    ).toEqual(["missing-success-edge", "unreachable-node", "end-unreachable"]);
    expect(gone).toEqual({ outcome: "gone", file: join(definitions, "nothing.yaml") });
    expect(await catalog.versions("leave")).toEqual([1]);
  });
});
