import http from "node:http";

/** A function the endpoint runs: the same handler module the deployed Lambda exports. */
export type LocalFunction = (event: unknown) => Promise<unknown>;

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

/**
 * The Lambda Invoke API (RequestResponse) for functions AWS services call on their own, here
 * Cognito's triggers: cognito-local invokes them through its Lambda client pointed at this
 * endpoint, and the real trigger handlers answer in this process. A handler's error comes back
 * the way Lambda reports it (`X-Amz-Function-Error: Unhandled` and `{errorMessage}`).
 */
export const startLambdaEndpoint = async (port: number, functions: Record<string, LocalFunction>) => {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      const name = decodeURIComponent(INVOKE_PATH.exec(request.url ?? "")?.[1] ?? "");
      const run = request.method === "POST" ? functions[name] : undefined;
      if (!run) {
        response.writeHead(404, {
          "content-type": "application/json",
          "x-amzn-errortype": "ResourceNotFoundException",
        });
        response.end(JSON.stringify({ message: `Function not found: ${name}` }));
        return;
      }
      try {
        const result = await run(JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}"));
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify(result ?? null));
      } catch (error) {
        response.writeHead(200, { "content-type": "application/json", "x-amz-function-error": "Unhandled" });
        response.end(JSON.stringify({ errorMessage: (error as Error).message, errorType: (error as Error).name }));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
