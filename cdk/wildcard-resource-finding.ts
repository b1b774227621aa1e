import { Stack, Validations } from "aws-cdk-lib";
import type { IConstruct } from "constructs";

/** A resolved CloudFormation value as cdk-nag flattens it: `Ref` and `Fn::GetAtt` in angle brackets. */
function flattened(value: unknown): string {
  if (typeof value === "string") return value.replace(/\$\{/g, "<").replace(/}/g, ">");
  if (value !== null && typeof value === "object") {
    const node = value as Record<string, unknown>;
    const join = node["Fn::Join"];
    if (Array.isArray(join)) {
      const [delimiter, parts] = join as [string, unknown[]];
      return parts.map(flattened).join(delimiter);
    }
    if ("Fn::Sub" in node) return flattened(node["Fn::Sub"]);
    const getAtt = node["Fn::GetAtt"];
    if (Array.isArray(getAtt)) return `<${flattened(getAtt[0])}.${flattened(getAtt[1])}>`;
    if ("Ref" in node) return `<${flattened(node.Ref)}>`;
  }
  return JSON.stringify(value);
}

/**
 * Acknowledges, on `scope` and what it holds, cdk-nag's `AwsSolutions-IAM5` finding of one
 * wildcard resource — only that resource, named as cdk-nag names it
 * (`AwsSolutions-IAM5[Resource::arn:aws:states:…:execution:baton-dev-*]`), so that any other
 * wildcard added later is still reported.
 *
 * @example
 * acknowledgeWildcardResource(fn, executionsArn, "Executions are named at run time.");
 */
export function acknowledgeWildcardResource(
  scope: IConstruct,
  resource: string,
  reason: string,
): void {
  const id = `AwsSolutions-IAM5[Resource::${flattened(Stack.of(scope).resolve(resource))}]`;
  Validations.of(scope).acknowledge({ id, reason });
}
