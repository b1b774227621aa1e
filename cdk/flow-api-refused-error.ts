/**
 * A `FlowApi` that cannot be synthesized as asked: no authorizer without the documented
 * opt-out, or a setting of the wrong form. The message names the prop and what it takes.
 *
 * @example
 * throw new FlowApiRefusedError("authorizer.issuer must be an https:// URL, got \"login\"");
 */
export class FlowApiRefusedError extends Error {
  override readonly name = "FlowApiRefusedError";
}
