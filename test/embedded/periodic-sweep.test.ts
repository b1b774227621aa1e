import { afterEach, describe, expect, it, vi } from "vitest";
import { listInbox } from "../../lambdas/core/operations/list-inbox.ts";
import { readInstance } from "../../lambdas/core/operations/read-instance.ts";
import { startInstance } from "../../lambdas/core/operations/start-instance.ts";
import {
  DEFAULT_SWEEP_GRACE_MS,
  type SweepResult,
} from "../../lambdas/core/operations/sweep-instances.ts";
import { createEmbeddedBackend } from "../../lambdas/embedded/create-embedded-backend.ts";
import { DirectoryTemplateCatalog } from "../../lambdas/embedded/directory-template-catalog.ts";
import { DEFAULT_SWEEP_EVERY_MS, PeriodicSweep } from "../../lambdas/embedded/periodic-sweep.ts";
import { eventually } from "../support/eventually.ts";
import { recordingBackend } from "../support/memory-backend.ts";
import { startCacheChange } from "../support/start-cache-change.ts";

const TENANT = "default";
const input = { requester: "rita", owner: "olga", app: "feed", cluster: "general", memoryGb: 8 };

afterEach(() => {
  vi.useRealTimers();
});

describe("the embedded engine's periodic sweep", () => {
  it("ends an instance whose execution the engine lost without ending it, its approval closed, and leaves a running one alone", async () => {
    const catalog = new DirectoryTemplateCatalog("definitions");
    await catalog.load();
    const backend = createEmbeddedBackend({ templates: catalog });
    const start = () =>
      startInstance(backend, {
        tenant: TENANT,
        templateId: "cache-change",
        input,
        starter: "rita",
      });
    const todo = (user: string) => listInbox(backend, TENANT, user, "todo");
    const lost = await start();
    await eventually(
      () => todo("olga"),
      (page) => page.items.length === 1,
    );
    // The engine stops its executions without ending their instances, as a process that dies does.
    backend.executions.close();
    const alive = await start();
    await eventually(
      () => todo("olga"),
      (page) => page.items.length === 2,
    );
    const reports: SweepResult[] = [];
    const sweep = new PeriodicSweep(backend, {
      graceMs: 0,
      report: (result) => reports.push(result),
    });

    const result = await sweep.run();

    expect(result).toMatchObject({ reconciled: 1, closed: 0, failed: [] });
    expect(reports).toEqual([result]);
    const view = await readInstance(backend, TENANT, lost.instanceId);
    expect(view.status).toBe("failed");
    expect(view.reason).toContain("the engine knows no such execution");
    const approvals = await backend.stores.approvals.listForInstance(TENANT, lost.instanceId);
    expect(approvals.map((approval) => approval.status)).toEqual(["withdrawn"]);
    expect((await todo("olga")).items.map((item) => item.instanceId)).toEqual([alive.instanceId]);
    expect((await readInstance(backend, TENANT, alive.instanceId)).status).toBe("running");
    backend.executions.close();
  });

  it("runs on its timer, each run going on from where the last stopped, until it is closed", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const backend = await recordingBackend();
    for (let count = 0; count < 3; count += 1) {
      await startCacheChange(backend);
      backend.advance(1);
    }
    backend.advance(DEFAULT_SWEEP_GRACE_MS);
    const reports: SweepResult[] = [];
    const sweep = new PeriodicSweep(backend, {
      pages: 1,
      pageSize: 2,
      report: (result) => reports.push(result),
    });

    sweep.start();
    await vi.advanceTimersByTimeAsync(DEFAULT_SWEEP_EVERY_MS - 1);
    expect(reports).toEqual([]);
    await vi.advanceTimersByTimeAsync(1 + 2 * DEFAULT_SWEEP_EVERY_MS);
    sweep.close();
    await vi.advanceTimersByTimeAsync(5 * DEFAULT_SWEEP_EVERY_MS);

    expect(reports.map((result) => [result.running, result.cursor !== undefined])).toEqual([
      [2, true],
      [1, false],
      [2, true],
    ]);
  });
});
