import { createHash } from "node:crypto";

/**
 * Names each Task run of one execution the same way every time the execution runs from its
 * start: the state's name, a digest of the input the state was given, and which occurrence of
 * that pair it is (`Approve lead#Qm9…#1`). Branches of a Parallel run different states, and
 * the iterations of a Map are told apart by their input (the item), so runs at the same time
 * cannot swap keys; two runs of the same state with the same input are interchangeable, so
 * numbering them in call order is enough. The input holds no token and no clock reading: a
 * replay computes it again from the same recorded results.
 *
 * @example
 * const keys = new TaskKeys();
 * keys.next("Approve lead", { Payload: { node: "lead" } }); // "Approve lead#…#1"
 */
export class TaskKeys {
  private readonly occurrences = new Map<string, number>();

  /** The key of the next run of `state` with `input`. */
  next(state: string, input: unknown): string {
    const digest = createHash("sha256")
      .update(JSON.stringify(input) ?? "")
      .digest("base64url")
      .slice(0, 22);
    const base = `${state}#${digest}`;
    const occurrence = (this.occurrences.get(base) ?? 0) + 1;
    this.occurrences.set(base, occurrence);
    return `${base}#${occurrence}`;
  }
}
