import WebSocket from "ws";

/**
 * A client of the live protocol written from docs/socket-protocol.md alone: a plain WebSocket speaking
 * the Engine.IO 4 / Socket.IO 5 wire format, without socket.io-client. It shows that a third-party
 * client needs nothing of ours, and it costs far less per message than socket.io-client, which lets
 * `npm run bench:bidroom` keep a thousand listeners in one process without the listeners, rather than
 * the server, setting the latency.
 *
 * Supports what a listener needs: connecting with a session cookie, events with acknowledgements,
 * server-sent events, and answering the server's pings.
 */
const NAMESPACE = "/live";

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

export class ProtocolClient {
  private readonly socket: WebSocket;
  private readonly listeners = new Map<string, ((payload: unknown) => void)[]>();
  private readonly acks = new Map<number, Pending>();
  private nextAckId = 0;
  readonly connected: Promise<void>;

  constructor(baseUrl: string, cookie: string) {
    const url = new URL("/socket.io/?EIO=4&transport=websocket", baseUrl);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    this.socket = new WebSocket(url, { headers: { Cookie: cookie } });
    this.connected = new Promise<void>((resolve, reject) => {
      this.socket.on("error", reject);
      this.socket.on("close", () => {
        reject(new Error("closed before connecting"));
        for (const pending of this.acks.values()) pending.reject(new Error("connection closed"));
        this.acks.clear();
      });
      this.socket.on("message", (data: WebSocket.RawData) => {
        const text = String(data);
        switch (text[0]) {
          case "0": // Engine.IO open: now connect to the namespace
            this.socket.send(`40${NAMESPACE},`);
            return;
          case "2": // ping → pong
            this.socket.send("3");
            return;
          case "4":
            this.onSocketIoPacket(text.slice(1), resolve, reject);
            return;
        }
      });
    });
  }

  private onSocketIoPacket(packet: string, connected: () => void, refused: (error: Error) => void) {
    const type = packet[0];
    const prefix = `${NAMESPACE},`;
    if (!packet.startsWith(prefix, 1)) return;
    let rest = packet.slice(1 + prefix.length);
    if (type === "0") return connected();
    if (type === "4") return refused(new Error((JSON.parse(rest) as { message?: string }).message ?? "connect_error"));
    // An event or an acknowledgement may carry an id before its JSON array.
    const digits = /^\d+/.exec(rest)?.[0] ?? "";
    rest = rest.slice(digits.length);
    const args = JSON.parse(rest) as unknown[];
    if (type === "2") {
      const [name, payload] = args as [string, unknown];
      for (const listener of this.listeners.get(name) ?? []) listener(payload);
    } else if (type === "3") {
      const pending = this.acks.get(Number(digits));
      this.acks.delete(Number(digits));
      pending?.resolve(args[0]);
    }
  }

  on(event: string, listener: (payload: unknown) => void): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }

  /** Sends an event and waits for its acknowledgement. */
  emitWithAck(event: string, payload: unknown, timeoutMs = 30_000): Promise<unknown> {
    const id = this.nextAckId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.acks.delete(id);
        reject(new Error(`no acknowledgement of ${event} within ${timeoutMs} ms`));
      }, timeoutMs);
      const settle = (fn: () => void) => {
        clearTimeout(timer);
        fn();
      };
      this.acks.set(id, { resolve: (value) => settle(() => resolve(value)), reject: (error) => settle(() => reject(error)) });
      this.socket.send(`42${NAMESPACE},${id}${JSON.stringify([event, payload])}`);
    });
  }

  close(): void {
    this.socket.close();
  }
}
