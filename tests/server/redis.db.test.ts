import net from "node:net";
import { expect, test } from "vitest";
import { startAppServer } from "../helpers/server";

const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

async function redisReachable(): Promise<boolean> {
  const { hostname, port } = new URL(redisUrl);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) }, () => {
      socket.end();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.setTimeout(2_000, () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const reachable = await redisReachable();

test.skipIf(!reachable)("with REDIS_URL the live gateway uses the Redis adapter (skipped only when no Redis server answers at TEST_REDIS_URL)", async () => {
  const server = await startAppServer({ seed: false, env: { REDIS_URL: redisUrl } });
  try {
    const health = await (await fetch(`${server.url}/healthz`)).json();
    expect(health).toMatchObject({ status: "ok", live: "redis", database: server.kind });
    expect(server.output()).toContain("socket.io uses the Redis adapter");
  } finally {
    await server.dispose();
  }
});

test("with Redis unreachable the server still serves, in one process, and says so", async () => {
  const server = await startAppServer({ seed: false, env: { REDIS_URL: "redis://127.0.0.1:1" } });
  try {
    const health = await (await fetch(`${server.url}/healthz`)).json();
    expect(health).toMatchObject({ status: "ok", live: "in-process" });
    expect(server.output()).toContain("Redis is unreachable");
    expect((await fetch(server.url)).status).toBe(200);
  } finally {
    await server.dispose();
  }
});
