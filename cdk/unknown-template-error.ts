/**
 * A `FlowEngine` asked about a template it does not deploy (a `metric…` method given an id that
 * is not in its definitions): a typo would otherwise make a metric, and an alarm on it, that
 * never has a point. The message names the id and the templates deployed.
 *
 * @example
 * throw new UnknownTemplateError("expnse", ["cache-change", "expense"]);
 */
export class UnknownTemplateError extends Error {
  override readonly name = "UnknownTemplateError";

  constructor(templateId: string, deployed: readonly string[]) {
    super(`no template ${JSON.stringify(templateId)} is deployed here (${deployed.join(", ")})`);
  }
}
