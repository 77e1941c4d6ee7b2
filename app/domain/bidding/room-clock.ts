/**
 * The clock both room engines share (auctions and challenge rooms): the status a reading implies, and the moderation
 * commands that move the close — pause (the time left is kept), resume (the close moves by the pause), extend.
 */
export type ClockStatus = "scheduled" | "open" | "paused" | "closed";
export type ClockState = { config: { opensAt: number }; status: ClockStatus; closesAt: number; pausedRemaining: number | null };
export type ClockCommand = { type: "pause"; at: number } | { type: "resume"; at: number } | { type: "extend"; at: number; seconds: number };
export type ClockOutcome = { ok: true; status: "applied"; entries: never[] } | { ok: false; reason: "paused" | "not_open" | "not_paused" | "closed" | "invalid_amount" };

/** The status a clock reading implies, before any command at that time is applied. */
export function statusAt(state: ClockState, at: number): ClockStatus {
  if (state.status === "closed" || state.status === "paused") return state.status;
  return at < state.config.opensAt ? "scheduled" : "open";
}

/** Applies a pause, resume or extend to the state in place. */
export function applyClockCommand(s: ClockState, command: ClockCommand): ClockOutcome {
  switch (command.type) {
    case "pause": {
      if (statusAt(s, command.at) !== "open" || command.at >= s.closesAt) return { ok: false, reason: s.status === "paused" ? "paused" : "not_open" };
      s.status = "paused";
      s.pausedRemaining = s.closesAt - command.at;
      return { ok: true, status: "applied", entries: [] };
    }
    case "resume": {
      if (s.status !== "paused") return { ok: false, reason: "not_paused" };
      s.status = command.at < s.config.opensAt ? "scheduled" : "open";
      s.closesAt = command.at + (s.pausedRemaining ?? 0);
      s.pausedRemaining = null;
      return { ok: true, status: "applied", entries: [] };
    }
    case "extend": {
      if (s.status === "closed" || command.at >= s.closesAt) return { ok: false, reason: "closed" };
      if (!(command.seconds > 0)) return { ok: false, reason: "invalid_amount" };
      if (s.status === "paused") s.pausedRemaining = (s.pausedRemaining ?? 0) + command.seconds * 1000;
      else s.closesAt += command.seconds * 1000;
      return { ok: true, status: "applied", entries: [] };
    }
  }
}
