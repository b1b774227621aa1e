import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startBatonDev } from "../support/baton-dev-process.ts";
import { eventually } from "../support/eventually.ts";

/** A cache-change input that needs only the owner's approval. */
const INPUT = { requester: "rita", owner: "olga", app: "feed", cluster: "general", memoryGb: 8 };

/** The headers of a JSON request signed in as `user` (BATON_DEV_AUTH=1). */
const as = (user: string) => ({ "content-type": "application/json", "x-baton-user": user });

describe("baton dev", () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) child.kill("SIGINT");
  });

  it("serves the API on the embedded engine: a flow started with curl-like calls can be decided and read back", async () => {
    const { child, url } = await startBatonDev();
    children.push(child);
    const started = await fetch(`${url}/v1/flows/cache-change/instances`, {
      method: "POST",
      headers: as("rita"),
      body: JSON.stringify({ input: INPUT }),
    });
    expect(started.status).toBe(201);
    const { instanceId } = (await started.json()) as { instanceId: string };
    const items = await eventually(
      async () =>
        (
          (await (
            await fetch(`${url}/v1/approvals?assignee=olga&status=pending`, { headers: as("olga") })
          ).json()) as { items: { approvalId: string; link: string }[] }
        ).items,
      (pending) => pending.length > 0,
    );
    expect(items[0]?.link.startsWith(`${url}/a/`)).toBe(true);
    const decided = await fetch(`${url}/v1/approvals/${items[0]?.approvalId}/decision`, {
      method: "POST",
      headers: as("olga"),
      body: JSON.stringify({ action: "reject", comment: "not now" }),
    });
    expect(decided.status).toBe(200);
    const { status } = await eventually(
      async () =>
        (await (
          await fetch(`${url}/v1/instances/${instanceId}`, { headers: as("rita") })
        ).json()) as { status: string },
      (read) => read.status !== "running",
    );
    expect(status).toBe("rejected");
  });

  it("keeps its records in the SQLite store under --data: an instance reads back after a restart", async () => {
    const first = await startBatonDev();
    children.push(first.child);
    expect(first.out()).toContain(`SQLite store at ${join(first.data, "baton.db")}`);
    const started = await fetch(`${first.url}/v1/flows/cache-change/instances`, {
      method: "POST",
      headers: as("rita"),
      body: JSON.stringify({ input: INPUT }),
    });
    const { instanceId } = (await started.json()) as { instanceId: string };
    expect(await first.stop()).toBe(0);

    const second = await startBatonDev({ data: first.data });
    children.push(second.child);
    const read = await fetch(`${second.url}/v1/instances/${instanceId}`, { headers: as("rita") });

    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({
      instanceId,
      templateId: "cache-change",
      input: INPUT,
    });
  });

  it("signs nobody in without BATON_DEV_AUTH=1", async () => {
    const { child, url } = await startBatonDev({ env: { BATON_DEV_AUTH: "" } });
    children.push(child);
    const answer = await fetch(`${url}/v1/instances/x`, { headers: { "x-baton-user": "rita" } });
    expect(answer.status).toBe(401);
  });
});
