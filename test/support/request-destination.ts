import type { BuildMiddleware, MetadataBearer, MiddlewareStack } from "@smithy/types";

/**
 * Where an AWS SDK v3 client sends a request — the URL the SDK resolved from its endpoint
 * settings and the environment — read in the client's own middleware and answered there, so
 * nothing leaves the process.
 *
 * @example
 * expect(await requestDestination(sfn, () => sfn.send(new ListStateMachinesCommand({})))).toBe("http://localhost:4566");
 */
export async function requestDestination<Input extends object, Output extends MetadataBearer>(
  client: { middlewareStack: MiddlewareStack<Input, Output> },
  send: () => Promise<unknown>,
): Promise<string> {
  let url = "";
  const capture: BuildMiddleware<Input, Output> = () => async (args) => {
    const { protocol, hostname, port } = args.request as {
      protocol: string;
      hostname: string;
      port?: number;
    };
    url = `${protocol}//${hostname}${port ? `:${port}` : ""}`;
    return { output: { $metadata: {} } as Output, response: {} };
  };
  client.middlewareStack.add(capture, { step: "build", name: "captureDestination" });
  await send();
  return url;
}
