import { afterAll, beforeAll, expect, test } from "vitest";
import { io, type Socket } from "socket.io-client";
import { LIVE_NAMESPACE, PROTOCOL_VERSION } from "~/realtime/protocol";
import { openDatabase } from "~/utils/db.server";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { type AppServer, Client, startAppServer } from "../helpers/server";

let server: AppServer;
beforeAll(async () => {
  server = await startAppServer();
});
afterAll(async () => {
  await server?.dispose();
});

function connect(cookie?: string): Socket {
  return io(server.url + LIVE_NAMESPACE, { transports: ["websocket"], extraHeaders: cookie ? { Cookie: cookie } : {}, reconnection: false, timeout: 5_000 });
}

test("the live namespace welcomes a signed-in user and answers a typed ping", async () => {
  const client = new Client(server.url);
  expect((await client.post("/login", { email: "broker@demo.susong.example", password: DEMO_PASSWORD })).status).toBe(302);
  const socket = connect(client.cookieHeader());
  try {
    const welcome = await new Promise<{ protocol: number; userId: string; organizationIds: string[] }>((resolve, reject) => {
      socket.once("welcome", resolve);
      socket.once("connect_error", reject);
    });
    expect(welcome.protocol).toBe(PROTOCOL_VERSION);
    expect(welcome.organizationIds).toHaveLength(1);
    const pong = await socket.timeout(5_000).emitWithAck("ping", { at: 1 });
    expect(pong).toMatchObject({ ok: true, protocol: PROTOCOL_VERSION });
    const invalid = await socket.timeout(5_000).emitWithAck("ping", { drop: "tables" });
    expect(invalid).toEqual({ ok: false, error: "invalid payload" });
  } finally {
    socket.disconnect();
  }
});

test("the live namespace refuses a connection without a valid session", async () => {
  for (const cookie of [undefined, "susong_session=forged.value"]) {
    const socket = connect(cookie);
    const error = await new Promise<Error>((resolve) => socket.once("connect_error", resolve));
    expect(error.message).toBe("unauthorized");
    socket.disconnect();
  }
});

test("SIGTERM closes live connections, finishes, closes the database and exits 0", async () => {
  const client = new Client(server.url);
  await client.post("/login", { email: "broker@demo.susong.example", password: DEMO_PASSWORD });
  const socket = connect(client.cookieHeader());
  await new Promise((resolve, reject) => {
    socket.once("welcome", resolve);
    socket.once("connect_error", reject);
  });
  const disconnected = new Promise<string>((resolve) => socket.once("disconnect", resolve));

  const exit = await server.stop("SIGTERM");
  expect(await disconnected).toBe("io server disconnect");
  expect(exit).toEqual({ code: 0, signal: null });
  expect(server.output()).toContain("stopped cleanly");

  // The data survives the shutdown intact (on PGlite the folder reopens cleanly).
  const database = server.pgliteDir
    ? await openDatabase({ kind: "pglite", dir: server.pgliteDir })
    : await openDatabase({ kind: "postgres", url: server.databaseUrl ?? "" });
  try {
    expect(await database.prisma.achievement.count()).toBe(2822);
    expect(await database.prisma.session.count()).toBeGreaterThan(0);
  } finally {
    await database.close();
  }
});
