import { readFile } from "node:fs/promises";
import { CliError } from "./cli-error.ts";

function parseJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${label}: not valid JSON (${(error as Error).message})`);
  }
}

/**
 * Reads and parses a JSON file; refuses a file it cannot read or that is not JSON with a
 * {@link CliError} (exit code 2) that starts with `label`.
 *
 * @example
 * await readJsonFile("audit.json", "audit verify"); // the file's JSON
 */
export async function readJsonFile(file: string, label: string): Promise<unknown> {
  const text = await readFile(file, "utf8").catch(() => {
    throw new CliError(`${label}: cannot read file ${file}`);
  });
  return parseJson(text, label);
}

/**
 * Reads a command-line value given as inline JSON or as `@FILE` naming a JSON file.
 *
 * @example
 * await readJsonArgument('{"owner":"al"}', "--input"); // { owner: "al" }
 * await readJsonArgument("@input.json", "--input");    // the file's JSON
 */
export async function readJsonArgument(value: string, option: string): Promise<unknown> {
  return value.startsWith("@") ? readJsonFile(value.slice(1), option) : parseJson(value, option);
}
