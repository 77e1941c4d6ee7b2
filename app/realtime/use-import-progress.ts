import { useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { IMPORT_PROGRESS_TOPIC, type ImportProgress, importProgressSchema } from "~/domain/listings/import/progress";
import { type ClientToServerEvents, LIVE_NAMESPACE, type ServerToClientEvents } from "./protocol";

/**
 * Follows a list import's commit. The server pushes `import.progress` to the user's room; the page
 * connects as soon as a batch exists, so it is live before the commit starts. While the socket is
 * not connected and a commit runs (`active`), the progress endpoint is polled instead.
 */
export function useImportProgress(batchId: string | null, active: boolean) {
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [live, setLive] = useState(false);
  const liveRef = useRef(false);

  useEffect(() => {
    setProgress(null);
    if (!batchId) return;
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(LIVE_NAMESPACE, { transports: ["websocket", "polling"] });
    const setConnected = (connected: boolean) => {
      liveRef.current = connected;
      setLive(connected);
    };
    socket.on("connect", () => setConnected(true));
    socket.on("disconnect", () => setConnected(false));
    socket.on("notify", (message) => {
      if (message.topic !== IMPORT_PROGRESS_TOPIC) return;
      const parsed = importProgressSchema.safeParse(message.data);
      if (parsed.success && parsed.data.batchId === batchId) setProgress(parsed.data);
    });
    return () => {
      socket.disconnect();
      setConnected(false);
    };
  }, [batchId]);

  useEffect(() => {
    if (!batchId || !active) return;
    const timer = setInterval(() => {
      if (liveRef.current) return;
      fetch(`/import/${batchId}/progress`)
        .then((r) => (r.ok ? r.json() : null))
        .then((raw: unknown) => {
          const parsed = importProgressSchema.safeParse(raw);
          if (parsed.success) setProgress(parsed.data);
        })
        .catch(() => {});
    }, 1_000);
    return () => clearInterval(timer);
  }, [batchId, active]);

  return { progress, live };
}
