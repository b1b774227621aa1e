import { readFile } from "node:fs/promises";
import { CliError } from "./cli-error.ts";

/**
 * Reads a command-line value given as inline JSON or as `@FILE` naming a JSON file.
 *
 * @example
 * await readJsonArgument('{"owner":"al"}', "--input"); // { owner: "al" }
 * await readJsonArgument("@input.json", "--input");    // the file's JSON
 */
export async function readJsonArgument(value: string, option: string): Promise<unknown> {
  let text = value;
  if (value.startsWith("@")) {
    const file = value.slice(1);
    try {
      text = await readFile(file, "utf8");
    } catch {
      throw new CliError(`${option}: cannot read file ${file}`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${option}: not valid JSON (${(error as Error).message})`);
  }
}
