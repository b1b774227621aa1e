import { type AuditSeal, sealProblem } from "../../lambdas/core/audit/audit-seal.ts";
import { verifyChain } from "../../lambdas/core/audit/hash-chain.ts";
import type { HistoryEntry } from "../../lambdas/core/records/history-entry.ts";
import { CliError } from "../cli-error.ts";
import { readJsonFile } from "../json-argument.ts";

/** The history of an exported audit: the export's `history`, or a bare array of entries. */
function historyOf(exported: unknown): HistoryEntry[] | undefined {
  const history = Array.isArray(exported)
    ? exported
    : (exported as { history?: unknown } | null)?.history;
  if (!Array.isArray(history)) return undefined;
  const entries = history.every(
    (entry) => entry !== null && typeof entry === "object" && typeof entry.hash === "string",
  );
  return entries ? (history as HistoryEntry[]) : undefined;
}

/**
 * What `baton audit verify FILE` does: reads the export, verifies its chain, prints the verdict.
 *
 * @example
 * await verifyAudit("audit.json", process.env.BATON_AUDIT_KEY);
 *
 * @param key - the installation's audit key, to check the seal. @default the seal is not checked
 */
export async function verifyAudit(file: string, key?: string): Promise<void> {
  const exported = await readJsonFile(file, "audit verify");
  const history = historyOf(exported);
  if (!history)
    throw new CliError(
      `${file}: no audit history (expected { history: [...] } with hashed entries)`,
    );
  const verdict = verifyChain(history);
  const instance = history[0]?.instanceId;
  if (!verdict.ok) {
    throw new CliError(`✗ ${file}: entry ${verdict.seq} ${verdict.problem}`, 1);
  }
  const seal = (exported as { seal?: AuditSeal } | null)?.seal;
  let sealed = "; seal not checked (no --key)";
  if (key !== undefined) {
    const problem = seal ? sealProblem(key, seal, history) : "the export carries no seal";
    if (problem) throw new CliError(`✗ ${file}: ${problem}`, 1);
    sealed = ", sealed by the installation";
  }
  const of = instance ? ` (instance ${instance})` : "";
  process.stdout.write(`✓ ${file}: ${verdict.entries} entries, the chain holds${sealed}${of}\n`);
}
