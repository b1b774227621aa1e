/**
 * A writer of lines that writes the lines it is given during one turn of the event loop
 * together: one `write` of all of them, in order, once the turn's I/O is done
 * (`setImmediate`). For the engine's stdout, where every write is a system call (a file or a
 * pipe is written synchronously): the `log` plugin writes a line per event, many per turn
 * under load. Each line's promise resolves once its batch was written, or rejects with what
 * `write` threw, so a plugin that awaits it has taken the event only once its line is out.
 *
 * @example
 * const line = batchedLines((text) => process.stdout.write(text));
 * await line('{"plugin":"audit-log",…}'); // written with the other lines of this turn
 */
export function batchedLines(write: (text: string) => void): (line: string) => Promise<void> {
  let lines: string[] = [];
  let written: Promise<void> | undefined;
  return (line) => {
    lines.push(line);
    written ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        const batch = lines;
        lines = [];
        written = undefined;
        try {
          write(`${batch.join("\n")}\n`);
          resolve();
        } catch (error) {
          reject(error);
        }
      });
    });
    return written;
  };
}

/** The engine's stdout, written a turn's lines at a time: where `log` lines and printed notices go. */
export const stdoutLines = batchedLines((text) => process.stdout.write(text));
