import type http from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";
import { Server } from "socket.io";
import { z } from "zod";
import { getActorBySessionToken } from "~/domain/accounts/accounts.server";
import { getPrisma } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { sessionTokenOf } from "~/utils/session.server";
import { attachConversationHandlers, registerConversationBroadcaster, unregisterConversationBroadcaster } from "./conversations.server";
import { attachRoomHandlers } from "./rooms.server";
import { setLivePublisher } from "./push.server";
import { type ClientToServerEvents, LIVE_NAMESPACE, PROTOCOL_VERSION, type ServerToClientEvents, type SocketData, rooms } from "./protocol";

export type TypedServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export type Gateway = {
  io: TypedServer;
  /** whether events fan out across processes through Redis */
  clustered: boolean;
  close(): Promise<void>;
};

const pingSchema = z.object({ at: z.number().optional() }).strict();

/** Attaches socket.io to the HTTP server; with a Redis URL, events fan out across processes. */
export async function attachGateway(server: http.Server, options: { redisUrl?: string }): Promise<Gateway> {
  const io: TypedServer = new Server(server, { serveClient: false, transports: ["websocket", "polling"] });
  const redisClients: { quit(): Promise<unknown>; destroy?: () => void }[] = [];
  let clustered = false;

  if (options.redisUrl) {
    const pub = createClient({ url: options.redisUrl, socket: { connectTimeout: 3_000, reconnectStrategy: (retries) => Math.min(retries * 500, 5_000) } });
    const sub = pub.duplicate();
    pub.on("error", (error: Error) => logger.warn("redis (publish) error", { error: error.message }));
    sub.on("error", (error: Error) => logger.warn("redis (subscribe) error", { error: error.message }));
    try {
      await Promise.race([
        Promise.all([pub.connect(), sub.connect()]),
        new Promise((_, reject) => setTimeout(() => reject(new Error("timed out after 3 s")), 3_000)),
      ]);
      io.adapter(createAdapter(pub, sub));
      redisClients.push(pub, sub);
      clustered = true;
      logger.info("socket.io uses the Redis adapter");
    } catch (error) {
      logger.warn("Redis is unreachable: live events reach this process's clients only", { error: String(error) });
      pub.destroy();
      sub.destroy();
    }
  }

  const live = io.of(LIVE_NAMESPACE);
  live.use(async (socket, next) => {
    try {
      // socket.io's handshake request carries the same cookies as a page request.
      const request = new Request("http://localhost/", { headers: { cookie: socket.request.headers.cookie ?? "" } });
      const token = sessionTokenOf(request);
      const actor = token ? await getActorBySessionToken(await getPrisma(), token) : null;
      if (!actor) return next(new Error("unauthorized"));
      socket.data = { userId: actor.id, organizationIds: actor.memberships.map((m) => m.organizationId), actor };
      next();
    } catch (error) {
      logger.error("live handshake failed", { error: String(error) });
      next(new Error("unavailable"));
    }
  });

  live.on("connection", (socket) => {
    const { data } = socket;
    void socket.join([rooms.user(data.userId), ...data.organizationIds.map(rooms.organization)]);
    socket.emit("welcome", { protocol: PROTOCOL_VERSION, userId: data.userId, organizationIds: data.organizationIds });
    socket.on("ping", (payload, ack) => {
      if (typeof ack !== "function") return;
      const parsed = pingSchema.safeParse(payload ?? {});
      if (!parsed.success) return ack({ ok: false, error: "invalid payload" });
      ack({ ok: true, protocol: PROTOCOL_VERSION, serverTime: new Date().toISOString() });
    });
    attachRoomHandlers(socket);
    attachConversationHandlers(socket);
  });
  registerConversationBroadcaster(io);

  let seq = 0;
  setLivePublisher((room, topic, data) => {
    seq += 1;
    live.to(room).emit("notify", { seq: String(seq), topic, data });
  });

  return {
    io,
    clustered,
    close: async () => {
      setLivePublisher(undefined);
      unregisterConversationBroadcaster();
      // Disconnects every client, then closes the adapter; the HTTP server is closed by its owner.
      live.disconnectSockets(true);
      await new Promise<void>((resolve) => {
        io.close(() => resolve());
      });
      await Promise.allSettled(redisClients.map((client) => client.quit()));
    },
  };
}
