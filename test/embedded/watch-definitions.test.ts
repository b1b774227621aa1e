import { writeFileSync } from "node:fs";
import { mkdir, mkdtemp, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { createApiApp } from "../../lambdas/api/create-api-app.ts";
import { devIdentity } from "../../lambdas/api/dev-identity.ts";
import type { Template } from "../../lambdas/core/model/template.ts";
import {
  createEmbeddedBackend,
  type EmbeddedBackend,
} from "../../lambdas/embedded/create-embedded-backend.ts";
import {
  DirectoryTemplateCatalog,
  type FileLoad,
} from "../../lambdas/embedded/directory-template-catalog.ts";
import {
  type DefinitionsWatcher,
  watchDefinitions,
} from "../../lambdas/embedded/watch-definitions.ts";
import { type Answer, call } from "../api/support/api-client.ts";
import { eventually } from "../support/eventually.ts";
import { approval, flow } from "../support/template-builder.ts";

const leave = (version: number, approver: string): Template =>
  flow([approval("lead", [approver])], ["start>lead", "lead>end"], { id: "leave", version });

const pending = (answer: Answer) => (answer.json as { items: { approvalId: string }[] }).items;

describe("watching a definitions folder while the embedded engine serves it", () => {
  let folder: string;
  let catalog: DirectoryTemplateCatalog;
  let backend: EmbeddedBackend;
  let watcher: DefinitionsWatcher;
  let loads: FileLoad[];
  let errors: unknown[];
  let app: ReturnType<typeof createApiApp>;

  /** Saves a file the way many editors do: a new file renamed over the old one. */
  const save = async (text: string, name = "leave.yaml") => {
    await writeFile(join(folder, `${name}.tmp`), text);
    await rename(join(folder, `${name}.tmp`), join(folder, name));
  };
  /** Waits (bounded) until the watcher has reported `count` reloads, and returns them. */
  const reloads = (count: number) =>
    eventually(
      async () => loads,
      (reported) => reported.length >= count,
    );
  const start = async () => {
    const started = await call(app, "POST", "/v1/flows/leave/instances", {
      user: "rita",
      json: { input: {} },
    });
    expect(started.status).toBe(201);
    return (started.json as { instanceId: string }).instanceId;
  };
  const instance = (instanceId: string) =>
    call(app, "GET", `/v1/instances/${instanceId}`, { user: "rita" }).then(
      (answer) => answer.json as { status: string; templateVersion: number },
    );
  const todo = (user: string) =>
    eventually(
      () => call(app, "GET", "/v1/approvals?status=pending", { user }),
      (answer) => pending(answer).length > 0,
    ).then(pending);

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), "baton-watch-"));
    await writeFile(join(folder, "leave.yaml"), stringify(leave(1, "al")));
    catalog = new DirectoryTemplateCatalog(folder);
    expect(await catalog.load()).toEqual([]);
    backend = createEmbeddedBackend({ templates: catalog });
    app = createApiApp(backend, { identity: devIdentity() });
    loads = [];
    errors = [];
    watcher = watchDefinitions(catalog, {
      onLoad: (load) => loads.push(load),
      onError: (error) => errors.push(error),
      debounceMs: 20,
    });
  });

  afterEach(async () => {
    await watcher.close();
    backend.executions.close();
    backend.scheduler.close();
    expect(errors).toEqual([]);
  });

  it("adds a new version that new starts use, while an instance started before keeps its version to the end", async () => {
    const before = await start();
    const [alsApproval] = await todo("al");

    await save(stringify(leave(2, "bo")));
    const reported = await reloads(1);
    const after = await start();
    const [bosApproval] = await todo("bo");
    const decided = await call(app, "POST", `/v1/approvals/${alsApproval?.approvalId}/decision`, {
      user: "al",
      json: { action: "approve" },
    });
    const ended = await eventually(
      () => instance(before),
      (read) => read.status !== "running",
    );

    expect(reported).toEqual([
      { outcome: "added", file: join(folder, "leave.yaml"), template: leave(2, "bo") },
    ]);
    expect(decided.status).toBe(200);
    expect(ended).toMatchObject({ status: "completed", templateVersion: 1 });
    expect(await instance(after)).toMatchObject({ status: "running", templateVersion: 2 });
    expect(bosApproval).toBeDefined();
    const listed = await call(app, "GET", "/v1/templates/leave", { user: "rita" });
    expect(listed.json).toMatchObject({ version: 2, versions: [1, 2] });
  });

  it("reports a file made invalid while serving, and changes nothing", async () => {
    await save(stringify({ ...leave(2, "bo"), edges: [{ from: "start", to: "end" }] }));
    const [reported] = await reloads(1);
    const started = await start();

    expect(reported?.outcome).toBe("refused");
    expect(reported?.file).toBe(join(folder, "leave.yaml"));
    expect(await catalog.versions("leave")).toEqual([1]);
    expect(await instance(started)).toMatchObject({ templateVersion: 1 });
    expect(await todo("al")).toHaveLength(1);
  });

  it("refuses a changed file that keeps its version, and the loaded version keeps serving", async () => {
    await save(stringify(leave(1, "mallory")));
    const [reported] = await reloads(1);
    await start();

    expect(reported).toMatchObject({
      outcome: "refused",
      problems: [{ rule: "version-conflict", path: ["version"] }],
    });
    expect(await catalog.get("leave")).toEqual(leave(1, "al"));
    expect(await todo("al")).toHaveLength(1);
  });

  it("loads a template file added to the folder, and reports one saved in place with the same content as unchanged", async () => {
    await save(JSON.stringify({ ...leave(1, "al"), id: "expense" }), "expense.json");
    // Written in place, in one synchronous call: the watcher cannot see it half written.
    writeFileSync(
      join(folder, "leave.yaml"),
      `# the same leave flow\n${stringify(leave(1, "al"))}`,
    );
    const reported = await reloads(2);

    expect(reported.map((load) => [load.outcome, load.file])).toEqual([
      ["added", join(folder, "expense.json")],
      ["unchanged", join(folder, "leave.yaml")],
    ]);
    expect((await catalog.list()).map((template) => template.id)).toEqual(["expense", "leave"]);
  });

  it("reloads the template naming an HTML form when only the form changes: refused while the version stays, loaded with the new form once it goes up", async () => {
    const framed = (version: number) =>
      flow(
        [approval("lead", ["al"], { form: { type: "object" }, htmlForm: "forms/leave.html" })],
        ["start>lead", "lead>end"],
        { id: "framed", version },
      );
    await mkdir(join(folder, "forms"));
    await writeFile(join(folder, "forms", "leave.html"), "<p>first</p>");
    // Subfolders are watched from the watch's start: start again now that forms/ exists.
    await watcher.close();
    watcher = watchDefinitions(catalog, {
      onLoad: (load) => loads.push(load),
      onError: (error) => errors.push(error),
      debounceMs: 20,
    });
    await save(stringify(framed(1)), "framed.yaml");
    await reloads(1);

    await save("<p>second</p>", join("forms", "leave.html"));
    const [, refused] = await reloads(2);
    await save("<p>third</p>", join("forms", "leave.html"));
    const [, , refusedAgain] = await reloads(3);
    const kept = await catalog.get("framed");
    await writeFile(join(folder, "forms", "leave.html"), "<p>second</p>");
    await save(stringify(framed(2)), "framed.yaml");
    const added = (
      await eventually(
        async () => loads,
        (reported) =>
          reported.some(
            (load) =>
              load.outcome === "added" &&
              load.file.endsWith("framed.yaml") &&
              load.template.version === 2,
          ),
      )
    ).find((load) => load.outcome === "added" && load.template.version === 2);

    expect(refused).toMatchObject({
      outcome: "refused",
      file: join(folder, "framed.yaml"),
      problems: [{ rule: "version-conflict" }],
    });
    expect(refusedAgain).toMatchObject({ outcome: "refused", file: join(folder, "framed.yaml") });
    expect(kept?.htmlForms).toEqual({ "forms/leave.html": "<p>first</p>" });
    expect(added).toMatchObject({ outcome: "added", file: join(folder, "framed.yaml") });
    expect((await catalog.get("framed", 2))?.htmlForms).toEqual({
      "forms/leave.html": "<p>second</p>",
    });
    expect(loads.map((load) => load.file)).not.toContain(join(folder, "leave.yaml"));
  });
});
