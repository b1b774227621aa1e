/**
 * An event pattern Baton's matcher cannot evaluate: an operator it does not support (`cidr`,
 * `wildcard`), a malformed one, or a field whose value is neither a list of matchers nor a
 * nested pattern. Thrown when the pattern is compiled, before any event is matched.
 *
 * @example
 * throw new EventPatternError("detail.ip", 'unsupported operator "cidr"');
 */
export class EventPatternError extends Error {
  override readonly name = "Baton.EventPatternRefused";
  /** The dotted path of the field at fault, e.g. `detail.nodeId`. */
  readonly field: string;

  constructor(field: string, reason: string) {
    super(`event pattern field ${field || "(root)"}: ${reason}`);
    this.field = field;
  }
}
