import { Command } from "commander";

/**
 * `baton audit verify FILE [--key KEY]`: checks an exported audit (`GET /v1/instances/{id}/audit`,
 * or just its `history` array) offline: entries numbered in order, each chained to the one
 * before by its hash, each hash matching its content; with the installation's audit key, also
 * the export's seal (no entry dropped from the end, the chain not recomputed without the key).
 * Prints one line; exits 1 if the chain or seal is broken, naming the first problem, 2 if the
 * file cannot be read.
 *
 * @example
 * // $ baton audit verify audit.json
 * // ✓ audit.json: 9 entries, the chain holds (instance 01J…)
 * new Command("baton").addCommand(auditCommand());
 */
export function auditCommand(): Command {
  const audit = new Command("audit").description("work with exported audit trails");
  audit
    .command("verify")
    .description("verify the hash chain of an exported audit (JSON) offline")
    .argument("<file>", "the JSON GET /v1/instances/{id}/audit answered")
    .option(
      "--key <key>",
      "the installation's audit key, to check the export's seal (default: $BATON_AUDIT_KEY)",
    )
    .action(async (file: string, options: { key?: string }) => {
      const { verifyAudit } = await import("../actions/audit-verify.ts");
      await verifyAudit(file, options.key ?? process.env.BATON_AUDIT_KEY);
    });
  return audit;
}
