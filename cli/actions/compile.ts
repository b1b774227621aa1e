import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { countStates } from "../../lambdas/local/definition-size.ts";
import { compileFlow } from "../../lambdas/local/simulate-asl.ts";
import { loadValidTemplate } from "../load-valid-template.ts";

/** The options of `baton compile`. */
export interface CompileOptions {
  out?: string;
}

/**
 * What `baton compile FILE [--out DIR]` does: compiles the template and prints its ASL as
 * compact JSON, or writes it to `DIR/<id>.v<version>.asl.json` with a summary line on stderr.
 *
 * @example
 * await compile("definitions/cache-change.yaml", { out: "cdk.out/asl" });
 */
export async function compile(file: string, options: CompileOptions): Promise<void> {
  const template = await loadValidTemplate(file);
  const { definition } = compileFlow(template);
  const json = JSON.stringify(definition);
  if (options.out === undefined) {
    process.stdout.write(`${json}\n`);
    return;
  }
  await mkdir(options.out, { recursive: true });
  const target = join(options.out, `${template.id}.v${template.version}.asl.json`);
  await writeFile(target, json);
  const kb = (Buffer.byteLength(json) / 1024).toFixed(1);
  process.stderr.write(`${file} → ${target}: ${countStates(definition)} states, ${kb} KB\n`);
}
