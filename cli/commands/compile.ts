import { Command } from "commander";
import type { CompileOptions } from "../actions/compile.ts";

/**
 * `baton compile FILE [--out DIR]`: compiles a template into its Step Functions definition
 * (ASL, checked with `asl-validator`) as compact JSON. Without `--out` the JSON goes to stdout;
 * with it, to `DIR/<id>.v<version>.asl.json` (DIR is created), and one summary line to stderr.
 * The same template always gives the same bytes. An invalid template prints its problems and
 * exits 1; so does a template the compiler cannot express yet. The compiler is loaded only
 * when the command runs.
 *
 * @example
 * // $ baton compile definitions/cache-change.yaml --out cdk.out/asl
 * // definitions/cache-change.yaml → cdk.out/asl/cache-change.v1.asl.json: 54 states, 14.2 KB
 * new Command("baton").addCommand(compileCommand());
 */
export function compileCommand(): Command {
  return new Command("compile")
    .description("compile a flow template into an AWS Step Functions definition (ASL JSON)")
    .argument("<file>", "template file (.yaml, .yml, .json)")
    .option("--out <dir>", "write DIR/<id>.v<version>.asl.json instead of printing the JSON")
    .action(async (file: string, options: CompileOptions) => {
      const { compile } = await import("../actions/compile.ts");
      await compile(file, options);
    });
}
