import { afterAll, beforeAll, expect, test } from "vitest";
import { type AuctionCommand, replay } from "~/domain/bidding/auction-engine";
import { parseAuctionConfig, verifyChain } from "~/domain/bidding/rooms.server";
import { type AppServer, startAppServer } from "../helpers/server";
import { auctionView, connectLive, joinRoom, type LiveClient, login, setUpAuction } from "../helpers/rooms";
import { ProtocolClient } from "../helpers/protocol-client";
import type { RoomAck, RoomEventMessage, RoomJoinAck } from "~/realtime/protocol";

let server: AppServer;
beforeAll(async () => {
  // Each of the 200 clients below shares one of two demo bidders, so the per-bidder rate limit is raised for this test.
  server = await startAppServer({ env: { ROOM_BID_RATE: "10000" } });
});
afterAll(async () => {
  await server?.dispose();
});

test("200 socket.io clients race bids: every client sees the same gap-free sequence, nothing is lost or duplicated, and the log replays to the final state", async () => {
  const { roomId, bidders, broker } = await setUpAuction(server.url, { closesInSeconds: 25, increment: 1_000 });
  const sockets: LiveClient[] = [];
  try {
    const joined = [];
    for (let i = 0; i < 200; i += 1) {
      const socket = connectLive(server.url, i % 2 === 0 ? bidders[0] : bidders[1]);
      sockets.push(socket);
      joined.push(joinRoom(socket, roomId));
    }
    const rooms = await Promise.all(joined);

    const acks = await Promise.all(
      sockets.map((socket, i) =>
        socket.timeout(30_000).emitWithAck("room:command", { roomId, idempotencyKey: `race-${i}-0000`, command: { type: "bid", amount: 100_000 + (i % 60) * 1_000 } }),
      ),
    );
    expect(acks.every((ack) => ack.ok)).toBe(true);
    const acceptedSeqs = acks.flatMap((ack) => (ack.ok && ack.seq !== null ? [ack.seq] : []));
    expect(new Set(acceptedSeqs).size).toBe(acceptedSeqs.length);

    // A retry of an accepted key answers the same, without a new event.
    const firstAccepted = acks.findIndex((ack) => ack.ok && ack.seq !== null);
    const retry = await sockets[firstAccepted]!.timeout(10_000).emitWithAck("room:command", { roomId, idempotencyKey: `race-${firstAccepted}-0000`, command: { type: "bid", amount: 100_000 } });
    expect(retry).toMatchObject({ ok: true, replayed: true, seq: acks[firstAccepted]?.ok ? acks[firstAccepted].seq : -1 });

    // Wait for the scheduled close to reach everyone.
    await expect.poll(() => rooms.every((r) => r.events.some((e) => e.type === "close")), { timeout: 40_000, interval: 250 }).toBe(true);
    const total = acceptedSeqs.length + 1;
    for (const room of rooms) {
      const seqs = room.events.map((e) => e.seq);
      expect(seqs).toEqual(Array.from({ length: total }, (_, i) => i + 1).filter((seq) => seq > room.ack.room.lastSeq));
    }

    const logResponse = await broker.get(`/rooms/${roomId}/log`);
    expect(logResponse.status).toBe(200);
    const log = JSON.parse(logResponse.text);
    expect(verifyChain(log.events)).toEqual({ valid: true });
    expect(log.events.map((e: { seq: number }) => e.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    const lastView = auctionView(rooms[0]!.events.at(-1)!.view);
    const clientLog = rooms[0]!.events.flatMap((e) => auctionView(e.view).log);
    const config = parseAuctionConfig({ startPrice: 100_000, increment: 1_000, reservePrice: null, opensAt: 0, closesAt: Number.MAX_SAFE_INTEGER, softCloseSeconds: 0, maxExtensions: null });
    // Replaying the bid commands reproduces the final price and bid log (the close itself depends only on time).
    const replayed = replay(config, log.events.filter((e: { type: string }) => e.type === "bid").map((e: { command: AuctionCommand }) => ({ ...e.command, at: 1 })));
    expect(lastView.price).toBe(replayed.price);
    // Events carry only their new log lines: appended in order they rebuild the whole log.
    expect(clientLog.map((e) => e.amount)).toEqual(replayed.log.map((e) => e.amount));
    expect(lastView.result).toMatchObject({ outcome: "sold", price: replayed.price });

    // The deal confirmation names the buyer and the price, for the broker; a stranger may not see it.
    const confirmation = await broker.get(`/rooms/${roomId}/confirmation`);
    expect(confirmation.status).toBe(200);
    expect(confirmation.text).toContain("成交确认书");
    expect(confirmation.text.match(/data-testid="deal-price">([^<]*)</)?.[1]).toBe(`¥${replayed.price?.toLocaleString("en-US")}`);
    expect(confirmation.text).toContain(log.events.at(-1).hash);
    const stranger = await login(server.url, "institute@demo.susong.example");
    expect((await stranger.get(`/rooms/${roomId}/confirmation`)).status).toBe(403);
    // The verification page renders its own content (not the room page).
    const verify = await broker.get(`/rooms/${roomId}/verify`);
    expect(verify.text).toMatch(/data-testid="stored-verification">日志完整：共 \d+ 条记录，哈希链校验通过。/);
  } finally {
    for (const socket of sockets) socket.disconnect();
  }
});

test("a client that reconnects with its last sequence number receives exactly what it missed", async () => {
  const { roomId, bidders } = await setUpAuction(server.url, { closesInSeconds: 120 });
  const [a, b] = bidders;
  const watcher = connectLive(server.url, a);
  const actorB = connectLive(server.url, b);
  try {
    const first = await joinRoom(watcher, roomId);
    await joinRoom(actorB, roomId);
    await watcher.timeout(10_000).emitWithAck("room:command", { roomId, idempotencyKey: "resync-a-1", command: { type: "bid", amount: 100_000 } });
    await expect.poll(() => first.events.length).toBe(1);
    watcher.disconnect();
    // While the watcher is away, the two bidders trade three bids (A from another device).
    const otherDevice = connectLive(server.url, a);
    await joinRoom(otherDevice, roomId);
    const sequence: [LiveClient, number][] = [
      [actorB, 101_000],
      [otherDevice, 102_000],
      [actorB, 103_000],
    ];
    for (const [socket, amount] of sequence) {
      const ack = await socket.timeout(10_000).emitWithAck("room:command", { roomId, idempotencyKey: `resync-${amount}`, command: { type: "bid", amount } });
      expect(ack).toMatchObject({ ok: true, outcome: { ok: true } });
    }
    otherDevice.disconnect();
    const again = connectLive(server.url, a);
    const resumed = await joinRoom(again, roomId, 1);
    expect(resumed.ack.ok && resumed.ack.missed.map((e) => e.seq)).toEqual([2, 3, 4]);
    expect(resumed.ack.ok && auctionView(resumed.ack.view).price).toBe(103_000);
    again.disconnect();
  } finally {
    watcher.disconnect();
    actorB.disconnect();
  }
});

test("a client written from the protocol document alone (a plain WebSocket, no socket.io-client) joins, bids, and receives the room's events in order", async () => {
  const { roomId, bidders } = await setUpAuction(server.url, { closesInSeconds: 120, increment: 1_000 });
  const stranger = new ProtocolClient(server.url, "susong_session=forged");
  await expect(stranger.connected).rejects.toThrow("unauthorized");
  stranger.close();

  const plain = new ProtocolClient(server.url, bidders[0].cookieHeader());
  const other = connectLive(server.url, bidders[1]);
  try {
    const welcome = new Promise((resolve) => plain.on("welcome", resolve));
    await plain.connected;
    expect(await welcome).toMatchObject({ protocol: 1 });
    const seen: number[] = [];
    plain.on("room:event", (event) => seen.push((event as RoomEventMessage).seq));
    plain.on("room:events", (batch) => seen.push(...(batch as { events: RoomEventMessage[] }).events.map((event) => event.seq)));
    const joined = (await plain.emitWithAck("room:join", { roomId })) as RoomJoinAck;
    expect(joined).toMatchObject({ ok: true, room: { id: roomId, lastSeq: 0 } });
    await joinRoom(other, roomId);

    const mine = (await plain.emitWithAck("room:command", { roomId, idempotencyKey: "plain-client-1", command: { type: "bid", amount: 100_000 } })) as RoomAck;
    expect(mine).toMatchObject({ ok: true, outcome: { ok: true, status: "leading" }, seq: 1 });
    const theirs = await other.timeout(10_000).emitWithAck("room:command", { roomId, idempotencyKey: "plain-client-2", command: { type: "bid", amount: 101_000 } });
    expect(theirs).toMatchObject({ ok: true, seq: 2 });
    const refused = (await plain.emitWithAck("room:command", { roomId, idempotencyKey: "plain-client-3", command: { type: "bid", amount: 101_500 } })) as RoomAck;
    expect(refused).toMatchObject({ ok: true, outcome: { ok: false, reason: "not_on_grid" }, seq: null });
    await expect.poll(() => seen).toEqual([1, 2]);
  } finally {
    plain.close();
    other.disconnect();
  }
});
