/**
 * `npm run bench:bidroom`: one auction room, 1,000 socket.io clients on loopback.
 * Phase 1 offers bids at 100/s for 10 s; phase 2 bids as fast as they are accepted (one in flight)
 * for 5 s. Latency is from sending a bid to the moment every client has received its broadcast.
 * Runs on PGlite, then on PostgreSQL (when reachable), and ends with the PostgreSQL JSON line.
 *
 *   BENCH_CLIENTS=1000 BENCH_RATE=100 npm run bench:bidroom
 *
 * Bids alternate between two bidders, each one increment above the last. By default they are proxy bids
 * (a maximum): each is valid whichever of the two connections the server happens to read first, so every
 * offered bid is accepted and broadcast. BENCH_BID=manual sends plain bids instead; the server then refuses
 * those that arrive after a later one (`already_leading`, `below_minimum`), as it would in a real room.
 *
 * Two socket.io clients (socket.io-client) send the bids. The other listeners are clients of the documented
 * protocol over a plain WebSocket (tests/helpers/protocol-client.ts): a thousand socket.io-client instances
 * in this one process cost it more CPU per message than the server spends, so on a two-core machine the
 * measuring process, not the server, would set the latency. BENCH_LISTENERS=socket.io uses socket.io-client
 * for every listener.
 *
 * BENCH_DB=postgres|pglite runs one database only. BENCH_PROBE=1 also measures the server process:
 * its event-loop delay (printed by scripts/bench-probe.mjs) and, on PostgreSQL, how many sessions of
 * the server wait on a lock, sampled every 50 ms from pg_stat_activity. BENCH_CPU_PROF=<dir> (with
 * BENCH_PROBE=1) writes a CPU profile of the server there.
 */
import { performance } from "node:perf_hooks";
import pg from "pg";
import { connectLive, joinRoom, type LiveClient, onRoomEvents, setUpAuction } from "../tests/helpers/rooms";
import { ProtocolClient } from "../tests/helpers/protocol-client";
import { startAppServer } from "../tests/helpers/server";
import type { RoomEventMessage, RoomJoinAck } from "~/realtime/protocol";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const RATE = Number(process.env.BENCH_RATE ?? 100);
const PHASE1_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const PHASE2_SECONDS = 5;
const LISTENERS = process.env.BENCH_LISTENERS === "socket.io" ? "socket.io" : "protocol";
const BID_KIND = process.env.BENCH_BID === "manual" ? "manual" : "proxy";

const round = (value: number) => Math.round(value * 10) / 10;

function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres", connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const PROBE = process.env.BENCH_PROBE === "1";
const CPU_PROF = process.env.BENCH_CPU_PROF;

function serverNodeOptions(): string {
  const options = [];
  if (PROBE) options.push(`--import=${new URL("./bench-probe.mjs", import.meta.url).pathname}`);
  return options.join(" ");
}

/** Samples pg_stat_activity: sessions of the bench database that wait on a lock, or sit idle inside a transaction. */
function sampleLocks(databaseUrl: string) {
  const name = new URL(databaseUrl).pathname.slice(1);
  const client = new pg.Client({ connectionString: process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres" });
  const samples: { lockWaiting: number; active: number; idleInTransaction: number }[] = [];
  let timer: NodeJS.Timeout | undefined;
  const started = client.connect().then(() => {
    timer = setInterval(() => {
      void client
        .query<{ lock: string; active: string; idle_tx: string }>(
          `SELECT count(*) FILTER (WHERE wait_event_type = 'Lock') AS lock, count(*) FILTER (WHERE state = 'active') AS active,
                  count(*) FILTER (WHERE state = 'idle in transaction') AS idle_tx
             FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
          [name],
        )
        .then((r) => {
          const row = r.rows[0];
          if (row) samples.push({ lockWaiting: Number(row.lock), active: Number(row.active), idleInTransaction: Number(row.idle_tx) });
        })
        .catch(() => {});
    }, 50);
  });
  return {
    stop: async () => {
      await started.catch(() => {});
      clearInterval(timer);
      await client.end().catch(() => {});
      const mean = (key: "lockWaiting" | "active" | "idleInTransaction") => Math.round((samples.reduce((sum, s) => sum + s[key], 0) / Math.max(1, samples.length)) * 10) / 10;
      return { samples: samples.length, meanLockWaiting: mean("lockWaiting"), maxLockWaiting: Math.max(0, ...samples.map((s) => s.lockWaiting)), meanActive: mean("active"), meanIdleInTransaction: mean("idleInTransaction") };
    },
  };
}

async function run(db: "pglite" | "postgres") {
  process.env.TEST_DB = db;
  const nodeOptions = serverNodeOptions();
  const server = await startAppServer({ env: { ROOM_BID_RATE: "100000", ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}), ...(CPU_PROF ? { BENCH_CPU_PROF_DIR: CPU_PROF } : {}) } });
  let locks: ReturnType<typeof sampleLocks> | undefined;
  // Measure the server at steady state: the embedded search index builds in the background after a
  // start (seconds of CPU on the same event loop), which is a one-off cost, not the bid path's.
  console.error(`[${db}] server up; waiting for it to be ready`);
  const readyBy = performance.now() + 180_000;
  while (performance.now() < readyBy) {
    const health = (await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5_000) })
      .then((response) => response.json())
      .catch(() => ({}))) as { search?: { ready?: boolean } };
    if (health.search?.ready) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const sockets: LiveClient[] = [];
  const biddingSockets: LiveClient[] = [];
  const listeners: ProtocolClient[] = [];
  try {
    console.error(`[${db}] setting up the auction and connecting ${CLIENTS} clients`);
    const { roomId, bidders } = await setUpAuction(server.url, { closesInSeconds: 3_600, increment: 100 });
    const received = new Map<number, number>();
    const duplicates = { count: 0 };
    const completedAt = new Map<number, number>();
    const firstAt = new Map<number, number>();
    const ackedAt = new Map<number, number>();
    const seen = Array.from({ length: CLIENTS }, () => new Set<number>());
    const record = (i: number) => (event: RoomEventMessage) => {
      if (seen[i]?.has(event.seq)) duplicates.count += 1;
      seen[i]?.add(event.seq);
      const count = (received.get(event.seq) ?? 0) + 1;
      received.set(event.seq, count);
      if (count === 1) firstAt.set(event.seq, performance.now());
      if (count === CLIENTS) completedAt.set(event.seq, performance.now());
    };
    // The two bidders' clients are socket.io clients; the listeners speak the documented protocol over a
    // plain WebSocket unless BENCH_LISTENERS=socket.io (see the header).
    const bidderClient = (i: number) => (i % 2 === 0 ? bidders[0] : bidders[1]);
    const connectOne = async (i: number) => {
      const handle = record(i);
      if (i < 2 || LISTENERS === "socket.io") {
        const socket = connectLive(server.url, bidderClient(i));
        sockets.push(socket);
        await joinRoom(socket, roomId);
        onRoomEvents(socket, handle);
        if (i < 2) biddingSockets[i] = socket;
        return;
      }
      const listener = new ProtocolClient(server.url, bidderClient(i).cookieHeader());
      listeners.push(listener);
      listener.on("room:event", (event) => handle(event as RoomEventMessage));
      listener.on("room:events", (batch) => (batch as { events: RoomEventMessage[] }).events.forEach(handle));
      await listener.connected;
      const ack = (await listener.emitWithAck("room:join", { roomId })) as RoomJoinAck;
      if (!ack.ok) throw new Error(`a listener could not join: ${ack.error}`);
    };
    // Clients connect and join in batches of 100: a thousand simultaneous handshakes would measure the
    // joining, not the bidding (and a socket that gave up connecting would never join).
    for (let start = 0; start < CLIENTS; start += 100) {
      await Promise.all(Array.from({ length: Math.min(100, CLIENTS - start) }, (_, offset) => connectOne(start + offset)));
    }

    // Bids alternate between the two bidders, each one increment above the last, so each is valid when sent in order.
    let amount = 100_000;
    let turn = 0;
    const sentAt = new Map<number, number>();
    const accepted: number[] = [];
    const refused: Record<string, number> = {};
    const bid = async () => {
      amount += 100;
      turn += 1;
      const socket = biddingSockets[turn % 2] as LiveClient;
      const started = performance.now();
      const ack = await socket.timeout(30_000).emitWithAck("room:command", { roomId, idempotencyKey: `bench-${turn}-${amount}`, command: BID_KIND === "manual" ? { type: "bid", amount } : { type: "proxy", max: amount } });
      if (ack.ok && ack.seq !== null) {
        sentAt.set(ack.seq, started);
        ackedAt.set(ack.seq, performance.now());
        accepted.push(ack.seq);
      } else {
        const reason = ack.ok ? (ack.outcome.reason ?? "refused") : ack.code;
        refused[reason] = (refused[reason] ?? 0) + 1;
      }
      return ack;
    };

    console.error(`[${db}] ${CLIENTS} clients joined; bidding`);
    // Phase 1: an open loop at RATE bids per second.
    if (PROBE && server.databaseUrl) locks = sampleLocks(server.databaseUrl);
    const phase1Start = performance.now();
    const inflight: Promise<unknown>[] = [];
    for (let i = 0; i < RATE * PHASE1_SECONDS; i += 1) {
      const due = phase1Start + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      inflight.push(bid());
    }
    await Promise.all(inflight);
    const offeredPerSec = (RATE * PHASE1_SECONDS) / ((performance.now() - phase1Start) / 1000);
    const phase1Accepted = [...accepted];
    const lockStats = await locks?.stop();
    locks = undefined;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const since = (at: Map<number, number>) =>
      phase1Accepted.flatMap((seq) => {
        const done = at.get(seq);
        const start = sentAt.get(seq);
        return done !== undefined && start !== undefined ? [done - start] : [];
      });
    const latencies = since(completedAt);
    // Where the time goes: the acknowledgement (committed), the first client and the last to receive.
    const stages = { ackP50Ms: round(percentile(since(ackedAt), 50)), firstP50Ms: round(percentile(since(firstAt), 50)), firstP99Ms: round(percentile(since(firstAt), 99)) };

    // Phase 2: a closed loop, one bid in flight at a time, as fast as the server accepts.
    const phase2Start = performance.now();
    let phase2Accepted = 0;
    while (performance.now() - phase2Start < PHASE2_SECONDS * 1000) {
      const ack = await bid();
      if (ack.ok && ack.seq !== null) phase2Accepted += 1;
    }
    const acceptedPerSec = phase2Accepted / ((performance.now() - phase2Start) / 1000);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const lost = accepted.filter((seq) => (received.get(seq) ?? 0) < CLIENTS).length;

    return {
      db,
      bids: BID_KIND,
      listeners: LISTENERS,
      clients: CLIENTS,
      offeredPerSec: Math.round(offeredPerSec * 10) / 10,
      acceptedPerSec: Math.round(acceptedPerSec * 10) / 10,
      p50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
      p99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
      lost,
      duplicated: duplicates.count,
      acceptedPhase1: phase1Accepted.length,
      offeredPhase1: RATE * PHASE1_SECONDS,
      refused,
      stages,
      ...(lockStats ? { postgresSessions: lockStats } : {}),
    };
  } finally {
    await locks?.stop();
    for (const socket of sockets) socket.disconnect();
    for (const listener of listeners) listener.close();
    await server.dispose();
    if (PROBE) for (const line of server.output().split("\n")) if (line.includes('"probe"')) console.error(line.trim());
  }
}

const only = process.env.BENCH_DB;
if (only !== "postgres") console.log(JSON.stringify(await run("pglite")));
if (only === "pglite") {
  // PGlite only
} else if (await postgresReachable()) {
  const postgres = await run("postgres");
  console.log(JSON.stringify(postgres));
} else {
  console.error("PostgreSQL is not reachable: only the PGlite figures were measured.");
}
process.exit(0);
