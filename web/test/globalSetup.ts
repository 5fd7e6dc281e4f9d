import type { TestProject } from "vitest/node";
import { startLectern } from "./lectern-server.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    lectern: { baseUrl: string; socketUrl: string };
  }
}

/** One real Lectern server (the packaged jar) for all hook tests. */
export default async function setup(project: TestProject) {
  const server = await startLectern({ extraOrigins: ["http://lectern.test"] });
  project.provide("lectern", { baseUrl: server.baseUrl, socketUrl: server.socketUrl });
  return async () => server.stop();
}
