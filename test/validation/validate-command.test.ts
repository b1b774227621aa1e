import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateCommand } from "../../cli/commands/validate.ts";

/** Runs `baton validate ...files` as cli/baton.ts would, capturing output and exit code. */
async function runValidate(...files: string[]): Promise<{ exitCode: number; lines: string[] }> {
  let output = "";
  const command = validateCommand().configureOutput({
    writeOut: (text) => {
      output += text;
    },
    writeErr: (text) => {
      output += text;
    },
  });
  const program = new Command("baton").exitOverride().addCommand(command);
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await program.parseAsync(["node", "baton", "validate", ...files]);
    return { exitCode: Number(process.exitCode ?? 0), lines: output.trimEnd().split("\n") };
  } finally {
    process.exitCode = before;
  }
}

describe("baton validate", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "baton-validate-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("prints one line for a valid file and exits 0", async () => {
    // Prepare
    const file = "test/fixtures/valid/cache-change.yaml";

    // Act
    const { exitCode, lines } = await runValidate(file);

    // Assess
    expect(exitCode).toBe(0);
    expect(lines).toEqual([`✓ ${file} — cache-change v3: 5 nodes, 5 edges`]);
  });

  it("lists each problem of an invalid file as file:line [rule] message and exits 1", async () => {
    // Prepare
    const file = "test/fixtures/invalid/cycle.yaml";

    // Act
    const { exitCode, lines } = await runValidate(file);

    // Assess
    expect(exitCode).toBe(1);
    expect(lines).toEqual([
      `✗ ${file}`,
      `  ${file}:7  [cycle] nodes \`review\`, \`rework\` form a cycle: review → rework → review`,
    ]);
  });

  it("exits 1 when one file of several is invalid, and sums up", async () => {
    // Prepare
    const files = ["test/fixtures/valid/minimal.yaml", "test/fixtures/invalid/duration.yaml"];

    // Act
    const { exitCode, lines } = await runValidate(...files);

    // Assess
    expect(exitCode).toBe(1);
    expect(lines[0]).toMatch(
      /^✓ test\/fixtures\/valid\/minimal\.yaml — minimal v1: 3 nodes, 2 edges$/,
    );
    expect(lines[1]).toBe("✗ test/fixtures/invalid/duration.yaml");
    expect(lines[2]).toMatch(
      /^ {2}test\/fixtures\/invalid\/duration\.yaml:10 {2}\[duration\] node `lead`/,
    );
    expect(lines.at(-1)).toBe("2 files: 1 valid, 1 refused");
  });

  it("reports an unreadable file as a problem, without a stack trace", async () => {
    // Prepare
    const missing = join(dir, "missing.yaml");

    // Act
    const { exitCode, lines } = await runValidate(missing);

    // Assess
    expect(exitCode).toBe(1);
    expect(lines).toEqual([
      `✗ ${missing}`,
      `  ${missing}  [file] cannot read the file: no such file`,
    ]);
  });

  it("refuses a file that is not YAML or JSON by its extension", async () => {
    // Prepare
    const file = join(dir, "flow.txt");
    await writeFile(file, "id: flow\n");

    // Act
    const { exitCode, lines } = await runValidate(file);

    // Assess
    expect(exitCode).toBe(1);
    expect(lines[1]).toContain("[file] a template file ends in .yaml, .yml, .json");
  });

  it("checks the plugins file of a directory too: a valid one counts its plugins, a wrong kind is named with its line", async () => {
    await writeFile(
      join(dir, "plugins.yaml"),
      "plugins:\n  - { name: audit, kind: log, subscriptions: [{ events: [flow.ended] }] }\n",
    );
    const valid = await runValidate(dir);
    expect(valid.exitCode).toBe(0);
    expect(valid.lines).toEqual([`✓ ${join(dir, "plugins.yaml")} — 1 plugin`]);

    await writeFile(join(dir, "plugins.yaml"), "plugins:\n  - { name: audit, kind: lgo }\n");
    const refused = await runValidate(dir);
    expect(refused.exitCode).toBe(1);
    expect(refused.lines[0]).toBe(`✗ ${join(dir, "plugins.yaml")}`);
    expect(refused.lines[1]).toContain(`${join(dir, "plugins.yaml")}:2`);
    expect(refused.lines[1]).toContain("kind must be one of");
  });

  it("refuses a queue plugin whose queue is a FIFO queue or not an SQS queue ARN, naming the plugin, the field and the line", async () => {
    const queue = (arn: string) =>
      `plugins:\n  - name: flow-events\n    kind: queue\n    queue: ${arn}\n    subscriptions: [{ events: [flow.ended] }]\n`;
    const file = join(dir, "plugins.yaml");
    await writeFile(file, queue("arn:aws:sqs:eu-west-1:123456789012:flow-events"));
    expect((await runValidate(dir)).lines).toEqual([`✓ ${file} — 1 plugin`]);

    await writeFile(file, queue("arn:aws:sqs:eu-west-1:123456789012:flow-events.fifo"));
    const fifo = await runValidate(dir);
    expect(fifo.exitCode).toBe(1);
    expect(fifo.lines[1]).toMatch(
      /:4 +\[plugins-queue-fifo\] plugin "flow-events": queue names a FIFO queue \(\.fifo\)/,
    );

    await writeFile(file, queue("arn:aws:sns:eu-west-1:123456789012:flow-events"));
    const notQueue = await runValidate(dir);
    expect(notQueue.exitCode).toBe(1);
    expect(notQueue.lines[1]).toMatch(
      /:4 +\[plugins-schema\] plugin "flow-events": queue must be an SQS queue ARN/,
    );
  });

  it("reports a syntax error with its line", async () => {
    // Prepare
    const file = join(dir, "broken.json");
    await writeFile(file, '{\n  "id": "broken",\n  "version": 1\n  "nodes": []\n}\n');

    // Act
    const { exitCode, lines } = await runValidate(file);

    // Assess
    expect(exitCode).toBe(1);
    expect(lines[1]).toMatch(new RegExp(`^ {2}${file.replaceAll(".", "\\.")}:4 {2}\\[syntax\\] `));
  });
});

describe("baton validate on directories and sets of files", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "baton-validate-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("validates the template files directly in a directory", async () => {
    // Prepare
    const minimal = await readFile("test/fixtures/valid/minimal.yaml", "utf8");
    await writeFile(join(dir, "b.yaml"), minimal.replace("id: minimal", "id: second"));
    await writeFile(join(dir, "a.yml"), minimal);
    await writeFile(join(dir, "notes.md"), "# not a template\n");
    await mkdir(join(dir, "examples"));
    await writeFile(join(dir, "examples", "input.json"), "{}");

    // Act
    const { exitCode, lines } = await runValidate(dir);

    // Assess
    expect(exitCode).toBe(0);
    expect(lines).toEqual([
      `✓ ${join(dir, "a.yml")} — minimal v1: 3 nodes, 2 edges`,
      `✓ ${join(dir, "b.yaml")} — second v1: 3 nodes, 2 edges`,
      "2 files: 2 valid, 0 refused",
    ]);
  });

  it("refuses a second file with the same template id and version", async () => {
    // Prepare
    const file = "test/fixtures/valid/minimal.yaml";
    const copy = join(dir, "copy.yaml");
    await writeFile(copy, await readFile(file, "utf8"));

    // Act
    const { exitCode, lines } = await runValidate(file, copy);

    // Assess
    expect(exitCode).toBe(1);
    expect(lines[1]).toBe(`✗ ${copy}`);
    expect(lines[2]).toBe(
      `  ${copy}  [duplicate-template] template minimal v1 is already defined in ${file}; publish a change as a new version`,
    );
  });
});
