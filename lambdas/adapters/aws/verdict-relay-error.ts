/**
 * A relayed verdict that did not arrive: the API function refused the relay request (`refused`:
 * malformed, no such approval, not decided) or the invocation failed (`failed`: the function
 * threw, timed out, or answered something that is not a relay answer). Its message names the
 * approval and what went wrong, never a token.
 *
 * @example
 * throw new VerdictRelayError("refused", "approval 01J.lead.1 is pending: it has no verdict to deliver");
 */
export class VerdictRelayError extends Error {
  override readonly name = "Baton.VerdictRelayFailed";
  readonly kind: "refused" | "failed";

  constructor(kind: "refused" | "failed", message: string) {
    super(message);
    this.kind = kind;
  }
}
