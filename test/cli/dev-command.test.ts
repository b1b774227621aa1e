import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { eventually } from "../support/eventually.ts";

/** A cache-change input that needs only the owner's approval. */
const INPUT = { requester: "rita", owner: "olga", app: "feed", cluster: "general", memoryGb: 8 };

/** The headers of a JSON request signed in as `user` (BATON_DEV_AUTH=1). */
const as = (user: string) => ({ "content-type": "application/json", "x-baton-user": user });

/** Starts `baton dev` on a free port and resolves with its URL once it listens. */
async function startDev(
  env: Record<string, string>,
  data?: string,
): Promise<{ child: ChildProcess; url: string; banner: string }> {
  const folder = data ?? (await mkdtemp(join(tmpdir(), "baton-dev-")));
  const child = spawn(process.execPath, ["cli/baton.ts", "dev", "--port", "0", "--data", folder], {
    env: { ...process.env, ...env },
  });
  let out = "";
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`baton dev exited ${code}: ${out}`)));
  });
  return { child, url, banner: out };
}

/** Stops a `baton dev` with Ctrl-C and resolves with its exit code. */
async function stopDev(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  child.kill("SIGINT");
  return exited;
}

describe("baton dev", () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) child.kill("SIGINT");
  });

  it("serves the API on the embedded engine: a flow started with curl-like calls can be decided and read back", async () => {
    const { child, url } = await startDev({ BATON_DEV_AUTH: "1" });
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
    const data = await mkdtemp(join(tmpdir(), "baton-dev-"));
    const first = await startDev({ BATON_DEV_AUTH: "1" }, data);
    children.push(first.child);
    expect(first.banner).toContain(`SQLite store at ${join(data, "baton.db")}`);
    const started = await fetch(`${first.url}/v1/flows/cache-change/instances`, {
      method: "POST",
      headers: as("rita"),
      body: JSON.stringify({ input: INPUT }),
    });
    const { instanceId } = (await started.json()) as { instanceId: string };
    expect(await stopDev(first.child)).toBe(0);

    const second = await startDev({ BATON_DEV_AUTH: "1" }, data);
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
    const { child, url } = await startDev({ BATON_DEV_AUTH: "" });
    children.push(child);
    const answer = await fetch(`${url}/v1/instances/x`, { headers: { "x-baton-user": "rita" } });
    expect(answer.status).toBe(401);
  });
});
