import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// The page is built straight into the server's classes, so the jar serves it at / (server/pom.xml
// runs `npm ci` and `npm run build` here during generate-resources).
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "../server/target/classes/static",
    emptyOutDir: true,
    // agora-rtc-sdk-ng is one large lazily loaded chunk; it is not on the page's critical path
    chunkSizeWarningLimit: 2000,
  },
  test: {
    environment: "happy-dom",
    // the hooks' REST calls run under happy-dom's CORS rules, as from a page on this origin;
    // globalSetup adds it to the server's LECTERN_ALLOWED_ORIGINS
    environmentOptions: { happyDOM: { url: "http://lectern.test" } },
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    globalSetup: ["test/globalSetup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // one server for all files; the files run one after another so they don't fight over 2 cores
    fileParallelism: false,
  },
});
