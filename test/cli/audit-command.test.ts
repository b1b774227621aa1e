import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sealAudit } from "../../lambdas/core/audit/audit-seal.ts";
import { entryHash } from "../../lambdas/core/audit/hash-chain.ts";
import { actOnApproval } from "../../lambdas/core/operations/act-on-approval.ts";
import { openApproval } from "../../lambdas/core/operations/open-approval.ts";
import { startInstance } from "../../lambdas/core/operations/start-instance.ts";
import { recordingBackend } from "../support/memory-backend.ts";
import { baton } from "../support/run-baton.ts";

async function exportedAudit() {
  const backend = await recordingBackend();
  const input = { requester: "r", owner: "olga", app: "a", cluster: "general", memoryGb: 8 };
  const { instanceId } = await startInstance(backend, {
    tenant: "default",
    templateId: "cache-change",
    input,
    starter: "r",
  });
  await openApproval(backend, {
    token: "t",
    instance: { tenant: "default", id: instanceId },
    node: "lead",
  });
  await actOnApproval(backend, "default", `${instanceId}.lead.1`, "olga", {
    action: "approve",
    comment: "ok",
  });
  const history = await backend.stores.history.list("default", instanceId);
  const seal = sealAudit(backend.secrets.auditKey, "default", instanceId, history);
  return { instanceId, history, seal, key: backend.secrets.auditKey };
}

describe("baton audit verify", () => {
  it("accepts an intact export, and names the first entry of an edited one with exit 1", async () => {
    const folder = await mkdtemp(join(tmpdir(), "baton-audit-"));
    const audit = await exportedAudit();
    const intact = join(folder, "audit.json");
    await writeFile(intact, JSON.stringify(audit));
    const ok = await baton("audit", "verify", intact);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(
      `${audit.history.length} entries, the chain holds; seal not checked (no --key) (instance ${audit.instanceId})`,
    );
    const edited = structuredClone(audit);
    (edited.history[3] as { detail: Record<string, unknown> }).detail.comment =
      "approved by mallory";
    const tampered = join(folder, "tampered.json");
    await writeFile(tampered, JSON.stringify(edited));
    const broken = await baton("audit", "verify", tampered);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain("entry 4 its content does not match its hash");
  });

  it("with the audit key, checks the seal: a truncated or recomputed chain fails it", async () => {
    const folder = await mkdtemp(join(tmpdir(), "baton-audit-"));
    const audit = await exportedAudit();
    const write = async (name: string, content: unknown) => {
      const file = join(folder, name);
      await writeFile(file, JSON.stringify(content));
      return file;
    };
    const intact = await write("audit.json", audit);
    const truncated = await write("truncated.json", {
      ...audit,
      history: audit.history.slice(0, -1),
    });
    const rewritten = structuredClone(audit.history);
    (rewritten[3] as { actor?: string }).actor = "mallory";
    let prev = "";
    for (const entry of rewritten) {
      entry.prev = prev;
      entry.hash = entryHash(entry);
      prev = entry.hash;
    }
    const recomputed = await write("recomputed.json", { ...audit, history: rewritten });

    const sealed = await baton("audit", "verify", intact, "--key", audit.key);
    const cut = await baton("audit", "verify", truncated, "--key", audit.key);
    const forged = await baton("audit", "verify", recomputed, "--key", audit.key);
    const wrongKey = await baton("audit", "verify", intact, "--key", "x".repeat(43));

    expect(sealed.code).toBe(0);
    expect(sealed.stdout).toContain("the chain holds, sealed by the installation");
    expect((await baton("audit", "verify", truncated)).code).toBe(0);
    expect(cut.code).toBe(1);
    expect(cut.stderr).toContain(`the seal vouches for ${audit.history.length} entries`);
    expect(forged.code).toBe(1);
    expect(forged.stderr).toContain("the last entry is not the one the seal vouches for");
    expect(wrongKey.code).toBe(1);
  });

  it("refuses a file that is not an audit with one line and exit 2", async () => {
    const folder = await mkdtemp(join(tmpdir(), "baton-audit-"));
    const file = join(folder, "other.json");
    await writeFile(file, JSON.stringify({ hello: "world" }));
    const result = await baton("audit", "verify", file);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect((await baton("audit", "verify", join(folder, "missing.json"))).code).toBe(2);
  });
});
