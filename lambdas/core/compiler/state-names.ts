const MAX_NAME = 80;

/**
 * Hands out state names: readable (derived from node ids, so the console graph shows the
 * business flow), at most 80 characters, and unique across the whole state machine, which the
 * local interpreter needs to route each Task to its handler.
 *
 * @example
 * const names = new StateNames();
 * names.take("Approve lead"); // "Approve lead"
 * names.take("Approve lead"); // "Approve lead #2"
 */
export class StateNames {
  private readonly taken = new Set<string>();

  take(wanted: string): string {
    const base = wanted.slice(0, MAX_NAME - 4);
    let name = base;
    for (let n = 2; this.taken.has(name); n += 1) name = `${base} #${n}`;
    this.taken.add(name);
    return name;
  }
}
