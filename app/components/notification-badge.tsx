import { useEffect, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { useI18n } from "~/i18n/i18n";
import { type ClientToServerEvents, LIVE_NAMESPACE, type ServerToClientEvents } from "~/realtime/protocol";

// Pushed to the user's room but not notifications of their own.
const NOT_NOTIFICATIONS = new Set(["import.progress", "notifications.read"]);

/** The unread count from the page load, kept current by the live push to the user's room. */
export function NotificationBadge({ initial }: { initial: number }) {
  const { t } = useI18n();
  const [count, setCount] = useState(initial);
  useEffect(() => setCount(initial), [initial]);
  useEffect(() => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(LIVE_NAMESPACE, { transports: ["websocket", "polling"] });
    socket.on("notify", (message) => {
      if (message.topic === "notifications.read") {
        const read = typeof message.data === "object" && message.data !== null && "count" in message.data ? Number(message.data.count) : 0;
        setCount((current) => Math.max(0, current - (Number.isFinite(read) ? read : 0)));
      } else if (!NOT_NOTIFICATIONS.has(message.topic)) setCount((current) => current + 1);
    });
    return () => {
      socket.disconnect();
    };
  }, []);
  if (count === 0) return null;
  return (
    <span className="ml-1 rounded-full bg-red-600 px-1.5 py-0.5 text-xs text-white" data-testid="notification-badge" aria-label={`${t("notifications.unread")}: ${count}`}>
      {count > 99 ? "99+" : count}
    </span>
  );
}
