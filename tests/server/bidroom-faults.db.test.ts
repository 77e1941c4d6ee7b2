import net from "node:net";
import { expect, test } from "vitest";
import { testDbKind } from "../helpers/database";
import { auctionView, connectLive, joinRoom, setUpAuction } from "../helpers/rooms";
import { startAppServer } from "../helpers/server";

test("kill -9 during a live auction: after a restart no accepted bid is lost, the deadline holds and clients resync", async () => {
  const first = await startAppServer();
  let second: Awaited<ReturnType<typeof startAppServer>> | undefined;
  try {
    const { roomId, bidders } = await setUpAuction(first.url, { closesInSeconds: 300 });
    const [a, b] = [connectLive(first.url, bidders[0]), connectLive(first.url, bidders[1])];
    const joined = await joinRoom(a, roomId);
    await joinRoom(b, roomId);
    const closesAt = joined.ack.ok ? joined.ack.view.closesAt : 0;
    const accepted: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      const socket = i % 2 === 0 ? a : b;
      const ack = await socket.timeout(10_000).emitWithAck("room:command", { roomId, idempotencyKey: `before-kill-${i}`, command: { type: "bid", amount: 100_000 + i * 1_000 } });
      if (ack.ok && ack.seq !== null) accepted.push(ack.seq);
    }
    expect(accepted).toHaveLength(10);
    a.disconnect();
    b.disconnect();

    expect((await first.stop("SIGKILL")).signal).toBe("SIGKILL");
    second = await startAppServer({ reuse: { pgliteDir: first.pgliteDir, databaseUrl: first.databaseUrl }, seed: false });
    const back = connectLive(second.url, bidders[0]);
    // The login session survives too: it lives in the database.
    const resumed = await joinRoom(back, roomId, 4);
    expect(resumed.ack.ok).toBe(true);
    if (!resumed.ack.ok) return;
    expect(resumed.ack.room.lastSeq).toBe(10);
    expect(resumed.ack.missed.map((e) => e.seq)).toEqual([5, 6, 7, 8, 9, 10]);
    expect(auctionView(resumed.ack.view).price).toBe(109_000);
    expect(resumed.ack.view.closesAt).toBe(closesAt);
    // A retried key from before the crash gets its original answer.
    const retry = await back.timeout(10_000).emitWithAck("room:command", { roomId, idempotencyKey: "before-kill-8", command: { type: "bid", amount: 108_000 } });
    expect(retry).toMatchObject({ ok: true, replayed: true, seq: 9 });
    back.disconnect();
  } finally {
    await second?.stop();
    await first.dispose();
  }
});

async function redisReachable(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port: 6379 }, () => {
      socket.end();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

const twoProcesses = testDbKind() === "postgres" && (await redisReachable());

test.skipIf(!twoProcesses)("two processes with Redis: a bid placed through process A reaches a client of process B (PostgreSQL and Redis only: PGlite serves one process)", async () => {
  const a = await startAppServer({ env: { REDIS_URL: "redis://127.0.0.1:6379" } });
  const b = await startAppServer({ reuse: { databaseUrl: a.databaseUrl }, seed: false, env: { REDIS_URL: "redis://127.0.0.1:6379" } });
  try {
    const { roomId, bidders } = await setUpAuction(a.url, { closesInSeconds: 300 });
    const onB = connectLive(b.url, bidders[1]);
    const onA = connectLive(a.url, bidders[0]);
    const watching = await joinRoom(onB, roomId);
    const watchingA = await joinRoom(onA, roomId);
    const ack = await onA.timeout(10_000).emitWithAck("room:command", { roomId, idempotencyKey: "via-process-a", command: { type: "bid", amount: 100_000 } });
    expect(ack).toMatchObject({ ok: true, seq: 1 });
    await expect.poll(() => watching.events.map((e) => e.seq), { timeout: 10_000 }).toEqual([1]);
    // And back: B's bid reaches A's client.
    const fromB = await onB.timeout(10_000).emitWithAck("room:command", { roomId, idempotencyKey: "via-process-b", command: { type: "bid", amount: 101_000 } });
    expect(fromB).toMatchObject({ ok: true, seq: 2 });
    await expect.poll(() => watchingA.events.map((e) => e.seq), { timeout: 10_000 }).toEqual([1, 2]);
    onA.disconnect();
    onB.disconnect();
  } finally {
    await b.stop();
    await a.dispose();
  }
});
