import type { Command } from "commander";

/** Where a command writes: its output and its error stream. */
export interface CommandOutput {
  writeOut(text: string): void;
  writeErr(text: string): void;
}

/**
 * The streams a command writes to: those set with its `configureOutput()` (as tests do), else
 * stdout and stderr.
 *
 * @example
 * commandOutput(command).writeOut("flowchart TD\n");
 */
export function commandOutput(command: Command): CommandOutput {
  const { writeOut, writeErr } = command.configureOutput();
  return {
    writeOut: writeOut ?? ((text) => process.stdout.write(text)),
    writeErr: writeErr ?? ((text) => process.stderr.write(text)),
  };
}
