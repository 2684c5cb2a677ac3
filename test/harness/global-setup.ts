import type { TestProject } from "vitest/node";
import { startIsolatedPlatform } from "../../local/isolated-platform.ts";

declare module "vitest" {
  export interface ProvidedContext {
    apiUrl: string;
    endpoints: { dynamodb: string; cognito: string; ses: string; s3: string };
    resources: { tableName: string; userPoolId: string; userPoolClientId: string; avatarBucketName: string };
    dataDir: string;
  }
}

let instance: Awaited<ReturnType<typeof startIsolatedPlatform>> | undefined;

/** Starts the emulators and the local runtime once for the whole integration run, on free ports. */
export const setup = async (project: TestProject) => {
  instance = await startIsolatedPlatform();
  const { platform, dataDir } = instance;
  project.provide("apiUrl", platform.apiUrl);
  project.provide("endpoints", platform.endpoints);
  project.provide("resources", platform.resources);
  project.provide("dataDir", dataDir);
};

export const teardown = async () => {
  await instance?.stop();
};
