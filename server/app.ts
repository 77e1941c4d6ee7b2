import crypto from "node:crypto";
import http from "node:http";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { attachGateway, type Gateway } from "~/realtime/gateway.server";
import { startRoomScheduler } from "~/realtime/rooms.server";
import { closeDueApplicationWindows } from "~/domain/challenges/challenges.server";
import { closeDatabase, getDatabase } from "~/utils/db.server";
import type { Env } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { getRequestTranslator } from "~/i18n/locale.server";
import { notifyStandingMatches, STANDING_MATCH_TOPIC } from "~/domain/matching/standing-matches.server";
import { createEmailDispatcher, dispatchEmails, setEmailDispatcher } from "~/domain/notifications/email.server";
import { startRoomWatcher } from "~/domain/notifications/room-reminders.server";
import { LIVE_NAMESPACE, rooms } from "~/realtime/protocol";
import { checkDrift, reindex } from "../search/reindex.server";
import { startSearchService, stopSearchService } from "../search/service.server";
import { expireListings } from "~/domain/listings/listing-writes.server";
import { remindStalledDeals } from "~/domain/deals/deals.server";
import { applyMigrations } from "../prisma/migrator";
import { seedDatabase } from "../prisma/seed";
import { securityHeaders } from "./security-headers";

declare module "@remix-run/node" {
  // Declaration merging needs an interface here.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface AppLoadContext {
    requestId: string;
    ip: string | null;
    /** the Content-Security-Policy nonce of this response */
    cspNonce: string;
  }
}

export type RunningServer = {
  url: string;
  port: number;
  gateway: Gateway;
  /** stops taking connections, lets requests in flight finish (up to the grace period), then closes the database */
  close(): Promise<void>;
};

const root = path.resolve(import.meta.dirname, "..");

/** Prepares the database (migrate, then seed demo data if asked) and serves Remix and socket.io on one HTTP server. */
export async function startServer(env: Env): Promise<RunningServer> {
  const database = await getDatabase();
  const { applied } = await applyMigrations(database.pglite ? { kind: "pglite", db: database.pglite } : { kind: "postgres", url: database.url ?? "" });
  if (applied.length > 0) logger.info("migrations applied", { applied });
  if (env.SEED_ON_START) {
    const result = await seedDatabase(database.prisma, { dataDir: env.seedDataDir, log: (line) => logger.info(line) });
    if (result.skipped) logger.warn("demo data not loaded", { reason: result.skipped });
  }

  // The embedded index builds in the background; until it is ready, search answers from the database.
  // Newly indexed listings are checked against standing matches; notifications are pushed to the users' rooms.
  const live: { gateway?: Gateway } = {};
  const search = startSearchService(database.prisma, {
    ...(env.MEILI_URL ? { meili: { url: env.MEILI_URL, apiKey: env.MEILI_MASTER_KEY } } : {}),
    drainer: {
      onIndexed: async (documents) => {
        await notifyStandingMatches(database.prisma, search.matcher, documents, (notification) => {
          live.gateway?.io.of(LIVE_NAMESPACE).to(rooms.user(notification.userId)).emit("notify", { seq: notification.id, topic: STANDING_MATCH_TOPIC, data: { ...notification.data, link: notification.link } });
          dispatchEmails([{ userId: notification.userId, topic: STANDING_MATCH_TOPIC, data: notification.data, link: notification.link }]);
        });
      },
    },
  });

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");

  app.use((req, res, next) => {
    const requestId = req.get("X-Request-Id")?.slice(0, 64) ?? crypto.randomUUID();
    res.locals.requestId = requestId;
    res.setHeader("X-Request-Id", requestId);
    next();
  });
  app.use(securityHeaders({ production: env.NODE_ENV === "production", development: env.NODE_ENV === "development" }));

  // Cross-origin form posts are refused before they reach an action (SameSite=Lax cookies are the second line).
  app.use((req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
    const origin = req.get("Origin");
    if (!origin || origin === "null" ? origin === "null" : new URL(origin).host !== req.get("Host")) {
      const { t } = getRequestTranslator(new Request(`http://x${req.originalUrl}`, { headers: { "Accept-Language": req.get("Accept-Language") ?? "", Cookie: req.get("Cookie") ?? "" } }));
      res.status(403).type("text/plain; charset=utf-8").send(t("error.crossOrigin"));
      return;
    }
    next();
  });

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok", database: database.kind, live: gateway.clustered ? "redis" : "in-process", search: { engine: search.engine.name, ready: search.isReady() } });
  });

  // Index maintenance for `npm run search:check` / `search:reindex`: loopback only, never through a proxy.
  const loopbackOnly: express.RequestHandler = (req, res, next) => {
    const remote = req.socket.remoteAddress ?? "";
    if (req.get("X-Forwarded-For") || !["127.0.0.1", "::1", "::ffff:127.0.0.1"].includes(remote)) return void res.status(404).end();
    next();
  };
  app.get("/internal/search/check", loopbackOnly, async (_req, res, next) => {
    try {
      await search.ready;
      const drift = await checkDrift(database.prisma, search.engine);
      res.json({ engine: search.engine.name, ...drift });
    } catch (error) {
      next(error);
    }
  });
  app.post("/internal/search/reindex", loopbackOnly, async (_req, res, next) => {
    try {
      await search.ready;
      res.json({ engine: search.engine.name, ...(await reindex(database.prisma, search.engine)) });
    } catch (error) {
      next(error);
    }
  });

  let build: ServerBuild | (() => Promise<ServerBuild>);
  const viteDevServer = env.NODE_ENV === "development" ? await createViteDevServer() : undefined;
  if (viteDevServer) {
    app.use(viteDevServer.middlewares);
    build = () => viteDevServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  } else {
    const buildDir = path.join(root, "build");
    app.use("/assets", express.static(path.join(buildDir, "client", "assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
    build = (await import(path.join(buildDir, "server", "index.js"))) as ServerBuild;
  }

  app.use(
    createRequestHandler({
      build,
      mode: env.NODE_ENV === "development" ? "development" : "production",
      getLoadContext: (req, res) => ({ requestId: String(res.locals.requestId), ip: req.ip ?? null, cspNonce: String(res.locals.cspNonce) }),
    }),
  );

  const server = http.createServer(app);
  server.keepAliveTimeout = 5_000;
  const gateway = await attachGateway(server, { redisUrl: env.REDIS_URL });
  live.gateway = gateway;
  const roomScheduler = startRoomScheduler(gateway.io);
  // Application windows of published challenges close on time (idempotent by status, safe across processes).
  const windowCloser = setInterval(() => {
    closeDueApplicationWindows(database.prisma).catch((error: unknown) => logger.warn("closing application windows failed", { error: String(error) }));
  }, 30_000);
  windowCloser.unref();
  // Stalled deals remind their broker once per DEAL_STALL_DAYS (the reminder is claimed per deal, safe across processes).
  const stallReminder = setInterval(() => {
    remindStalledDeals(database.prisma, { days: env.DEAL_STALL_DAYS }).catch((error: unknown) => logger.warn("stalled deal reminders failed", { error: String(error) }));
  }, 3_600_000);
  stallReminder.unref();

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.PORT, env.HOST, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  const url = `http://${env.HOST === "0.0.0.0" ? "localhost" : env.HOST}:${port}`;
  // Notification email: on when SMTP_URL is set; the notification centre works either way.
  const mailer = env.SMTP_URL ? createEmailDispatcher(database.prisma, { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, baseUrl: env.PUBLIC_URL ?? url }) : undefined;
  setEmailDispatcher(mailer);
  if (mailer) logger.info("notification email is on");

  const expiry = startExpiryJob(database.prisma);
  // Room opening soon / outbid notifications, derived from the rooms' committed state.
  const roomWatcher = startRoomWatcher(database.prisma);

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      roomScheduler.stop();
      clearInterval(windowCloser);
      clearInterval(stallReminder);
      await expiry.stop();
      await roomWatcher.stop();
      await mailer?.flush();
      setEmailDispatcher(undefined);
      mailer?.close();
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      // socket.io closes its clients (and asks the HTTP server to stop listening).
      await gateway.close();
      await viteDevServer?.close();
      const grace = setTimeout(() => server.closeAllConnections(), 10_000);
      await drained;
      clearTimeout(grace);
      await stopSearchService();
      await closeDatabase();
    })();
    return closing;
  };

  return { url, port, gateway, close };
}

const EXPIRY_INTERVAL_MS = 60_000;

/** Expires listings past their validity period, once at start and then every minute; stop() waits for a run in flight. */
function startExpiryJob(prisma: Awaited<ReturnType<typeof getDatabase>>["prisma"]) {
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = running.then(async () => {
      try {
        const expired = await expireListings(prisma);
        if (expired > 0) logger.info("listings expired", { expired });
      } catch (error) {
        logger.warn("expiry job failed", { error: String(error) });
      }
    });
  };
  run();
  const timer = setInterval(run, EXPIRY_INTERVAL_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}

/**
 * Vite in middleware mode. The Remix plugin starts a child Vite server of its own, which installs a
 * SIGTERM handler that exits the process at once; that handler is removed so that our graceful
 * shutdown (which closes Vite too) runs to its end.
 */
async function createViteDevServer() {
  const before = new Set(process.listeners("SIGTERM"));
  const beforeStdin = new Set(process.stdin.listeners("end"));
  const vite = await import("vite");
  const server = await vite.createServer({ root, server: { middlewareMode: true } });
  for (const listener of process.listeners("SIGTERM")) if (!before.has(listener)) process.off("SIGTERM", listener);
  for (const listener of process.stdin.listeners("end")) {
    if (!beforeStdin.has(listener) && isCallback(listener)) process.stdin.off("end", listener);
  }
  return server;
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- EventEmitter hands listeners out as Function
function isCallback(value: Function): value is (...args: unknown[]) => void {
  return typeof value === "function";
}
