/**
 * One fold for every kind of room: an auction (竞价) or a challenge room (竞标). Pure code.
 * The kind is decided by the room's stored configuration; a command of the other kind is refused.
 */
import type { Prisma } from "~/generated/prisma/client";
import { type AuctionCommand, type AuctionState, type Outcome, applyCommand, createAuction } from "./auction-engine";
import { type ChallengeCommand, type ChallengeOutcome, type ChallengeState, applyChallengeCommand, createChallengeRoom } from "./challenge-engine";
import { auctionConfigSchema, challengeRoomConfigSchema } from "./schemas";

export type RoomState = AuctionState | ChallengeState;
export type RoomCommand = AuctionCommand | ChallengeCommand;
export type RoomOutcome = Outcome | ChallengeOutcome | { ok: false; reason: "wrong_room_kind" };

export function isChallengeState(state: RoomState): state is ChallengeState {
  return "kind" in state && state.kind === "challenge";
}

export function isChallengeConfig(config: Prisma.JsonValue): boolean {
  return config !== null && typeof config === "object" && !Array.isArray(config) && config.kind === "challenge";
}

export function initialRoomState(config: Prisma.JsonValue): RoomState {
  return isChallengeConfig(config) ? createChallengeRoom(challengeRoomConfigSchema.parse(config)) : createAuction(auctionConfigSchema.parse(config));
}

const challengeTypes = new Set<RoomCommand["type"]>(["offer", "pause", "resume", "extend", "disqualify", "close"]);

function isChallengeCommand(command: RoomCommand): command is ChallengeCommand {
  return challengeTypes.has(command.type);
}

export function applyRoomCommand(state: RoomState, command: RoomCommand): { state: RoomState; outcome: RoomOutcome } {
  if (isChallengeState(state)) {
    if (!isChallengeCommand(command)) return { state, outcome: { ok: false, reason: "wrong_room_kind" } };
    return applyChallengeCommand(state, command);
  }
  if (command.type === "offer") return { state, outcome: { ok: false, reason: "wrong_room_kind" } };
  return applyCommand(state, command);
}
