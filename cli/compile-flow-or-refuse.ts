import type { Template } from "../lambdas/core/model/template.ts";
import { type CompiledFlow, compileFlow } from "../lambdas/local/simulate-asl.ts";
import { CliError } from "./cli-error.ts";

/**
 * Compiles a valid template for a command and checks the definition with `asl-validator`,
 * refusing with one line (exit 1) a template the compiler cannot express
 * (`NotSeriesParallelError`, where a compiler without the scheduler-loop fallback raises it).
 *
 * @example
 * const flow = compileFlowOrRefuse(template, "definitions/cache-change.yaml");
 */
export function compileFlowOrRefuse(template: Template, file: string): CompiledFlow {
  try {
    return compileFlow(template);
  } catch (error) {
    if (error instanceof Error && error.name === "NotSeriesParallelError") {
      throw new CliError(`${file}: ${error.message}, which the compiler does not support yet`, 1);
    }
    throw error;
  }
}
