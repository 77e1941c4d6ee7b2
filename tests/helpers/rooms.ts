import { io, type Socket } from "socket.io-client";
import { DEMO_PASSWORD } from "../../prisma/seed";
import type { ClientToServerEvents, LiveRoomView, RoomEventMessage, RoomJoinAck, RoomView, ServerToClientEvents } from "~/realtime/protocol";
import { Client } from "./server";

/** Shared by the bid-room tests and `npm run bench:bidroom`; throws plain errors so scripts can use it. */
export type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

export async function login(base: string, email: string): Promise<Client> {
  const client = new Client(base, { "Accept-Language": "zh-CN" });
  const response = await client.post("/login", { email, password: DEMO_PASSWORD, redirectTo: "/" });
  check(response.status === 302, `login of ${email} answered ${response.status}`);
  return client;
}

/** Beijing wall-clock time for a datetime-local field. */
export function beijingLocal(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 19);
}

/**
 * Sets up a live auction through the product's own pages: the demo TTO creates it, both demo
 * enterprises register, the demo broker admits them. Returns the room id and the signed-in clients.
 */
export async function setUpAuction(base: string, options: { closesInSeconds: number; softCloseSeconds?: number; startPrice?: number; increment?: number }) {
  const host = await login(base, "tto@demo.susong.example");
  const now = new Date();
  const created = await host.post("/rooms/new", {
    title: "测试竞价：钙钛矿电池专利许可",
    startPrice: String(options.startPrice ?? 100_000),
    increment: String(options.increment ?? 1_000),
    reservePrice: "",
    maxExtensions: "",
    opensAt: beijingLocal(new Date(now.getTime() - 60_000)),
    closesAt: beijingLocal(new Date(now.getTime() + options.closesInSeconds * 1000)),
    softCloseSeconds: String(options.softCloseSeconds ?? 0),
  });
  check(created.status === 302, `creating the room answered ${created.status}`);
  const roomId = created.headers.get("location")?.split("/").pop() ?? "";
  const bidders = [await login(base, "enterprise@demo.susong.example"), await login(base, "enterprise2@demo.susong.example")];
  for (const bidder of bidders) check((await bidder.post(`/rooms/${roomId}`, { intent: "register" })).status === 200, "registration failed");
  const broker = await login(base, "broker@demo.susong.example");
  const page = await broker.get(`/rooms/${roomId}`);
  const participantIds = [...page.text.matchAll(/name="participantId" value="([a-z0-9]+)"/g)].map((m) => m[1] ?? "");
  check(participantIds.length === 2, `expected 2 registrations, saw ${participantIds.length}`);
  for (const participantId of participantIds) {
    check((await broker.post(`/rooms/${roomId}`, { intent: "decide", participantId, decision: "approve" })).status === 200, "approval failed");
  }
  return { roomId, host, bidders: [bidders[0] ?? host, bidders[1] ?? host] as const, broker };
}

/** The view of an auction room (throws for a challenge room's view). */
export function auctionView(view: LiveRoomView): RoomView {
  check(view.kind === "auction", `expected an auction view, got ${view.kind}`);
  return view;
}

export function connectLive(base: string, client: Client): LiveClient {
  return io(`${base}/live`, { transports: ["websocket"], extraHeaders: { Cookie: client.cookieHeader() }, reconnection: false, timeout: 10_000 });
}

/** Calls `handle` for every room event, whether it arrives alone (`room:event`) or with others (`room:events`). */
export function onRoomEvents(socket: LiveClient, handle: (event: RoomEventMessage) => void) {
  socket.on("room:event", handle);
  socket.on("room:events", (batch) => batch.events.forEach(handle));
}

/** Connects, joins the room and records every room event it receives. */
export async function joinRoom(socket: LiveClient, roomId: string, lastSeq = 0) {
  const events: RoomEventMessage[] = [];
  onRoomEvents(socket, (event) => {
    if (event.roomId === roomId) events.push(event);
  });
  if (!socket.connected) {
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", reject);
    });
  }
  const ack: RoomJoinAck = await socket.timeout(15_000).emitWithAck("room:join", { roomId, lastSeq });
  if (!ack.ok) throw new Error(`join failed: ${ack.error}`);
  return { ack, events };
}
