import net from "node:net";
import { expect, test } from "vitest";
import { startAppServer } from "../helpers/server";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

test("development mode serves pages through Vite's middleware and still shuts down gracefully", async () => {
  const server = await startAppServer({ seed: false, env: { NODE_ENV: "development", HMR_PORT: String(await freePort()) } });
  try {
    const response = await fetch(`${server.url}/login`, { headers: { "Accept-Language": "en" } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Log in");
    // In development the browser loads route modules from their source paths, not hashed assets.
    expect(html).toContain("/app/root.tsx");
    expect(server.output()).toContain('"mode":"development"');
    expect(await server.stop("SIGTERM")).toEqual({ code: 0, signal: null });
    expect(server.output()).toContain("stopped cleanly");
  } finally {
    await server.dispose();
  }
});
