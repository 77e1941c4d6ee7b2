import { z } from "zod";
import type { PrismaClient } from "~/generated/prisma/client";
import type { Actor } from "../accounts/accounts.server";
import { can } from "../accounts/permissions";
import { recordAudit } from "../audit.server";
import { DomainError } from "../errors";
import { type ChallengeRoomConfig, createChallengeRoom } from "./challenge-engine";
import { challengeFormulaSchema } from "./schemas";

/**
 * Challenge rooms (竞标): the qualified applicants of a challenge bid live against its published,
 * weighted formula. The room runs on the same machinery as auctions (rooms.server.ts: row lock,
 * sequence, idempotency keys, hash chain, moderation, scheduled close).
 */

/** The formula as the opener publishes it; the ceiling is the challenge's funding (万元). */
export const publishedFormulaSchema = challengeFormulaSchema.omit({ ceiling: true });
export type PublishedFormula = z.infer<typeof publishedFormulaSchema>;

/**
 * Opens the challenge room of a challenge. Its participants are the lead organizations of the
 * challenge's QUALIFIED applications, admitted at once. The issuer's members who may update the
 * challenge, and brokers, may open it; a challenge has one room.
 */
export async function openChallengeRoom(
  db: PrismaClient,
  actor: Actor,
  challengeId: string,
  options: { opensAt: Date; closesAt: Date; formula: PublishedFormula; title?: string },
) {
  const challenge = await db.challenge.findUnique({ where: { id: challengeId }, select: { id: true, title: true, issuerOrgId: true, fundingWan: true } });
  if (!challenge) throw new DomainError("error.notFound.body", 404);
  if (!(can(actor.memberships, "update:challenge", challenge.issuerOrgId) || can(actor.memberships, "moderate:room"))) throw new DomainError("error.forbidden.body", 403);
  const ceiling = challenge.fundingWan === null ? 0 : Number(challenge.fundingWan);
  if (!(ceiling > 0)) throw new DomainError("challengeRoom.noCeiling", 409);
  const formula = publishedFormulaSchema.safeParse(options.formula);
  if (!formula.success) throw new DomainError("challengeRoom.invalidFormula", 400);
  const config: ChallengeRoomConfig = { kind: "challenge", formula: { ...formula.data, ceiling }, opensAt: options.opensAt.getTime(), closesAt: options.closesAt.getTime() };
  try {
    createChallengeRoom(config); // validates the rules before anything is written
  } catch {
    throw new DomainError("challengeRoom.invalidFormula", 400);
  }

  return db.$transaction(async (tx) => {
    if (await tx.bidRoom.findUnique({ where: { challengeId }, select: { id: true } })) throw new DomainError("challengeRoom.exists", 409);
    const qualified = await tx.challengeApplication.findMany({
      where: { challengeId, status: "QUALIFIED" },
      orderBy: { submittedAt: "asc" },
      select: { id: true, leadOrgId: true, createdById: true },
    });
    // One seat per organization, however many of its applications qualified.
    const seats = [...new Map(qualified.map((a) => [a.leadOrgId, a])).values()];
    if (seats.length === 0) throw new DomainError("challengeRoom.noQualified", 409);
    const room = await tx.bidRoom.create({
      data: {
        kind: "CHALLENGE",
        title: options.title?.trim() || challenge.title,
        challengeId,
        hostOrgId: challenge.issuerOrgId,
        createdById: actor.id,
        config,
        opensAt: options.opensAt,
        closesAt: options.closesAt,
      },
      select: { id: true },
    });
    // the challenge's selection reads the closed room's ranking through this link (applications.server.ts)
    await tx.challenge.update({ where: { id: challengeId }, data: { bidRoomId: room.id } });
    const now = new Date();
    await tx.bidRoomParticipant.createMany({
      data: seats.map((a) => ({ roomId: room.id, organizationId: a.leadOrgId, userId: a.createdById, status: "APPROVED" as const, decidedAt: now, decidedById: actor.id })),
    });
    await recordAudit(tx, {
      actorId: actor.id,
      orgId: challenge.issuerOrgId,
      action: "room.challenge_opened",
      entityType: "BidRoom",
      entityId: room.id,
      after: { challengeId, ...config, participants: seats.map((a) => a.leadOrgId) },
    });
    return { id: room.id, participants: seats.length };
  });
}

const rankingSchema = z.object({
  outcome: z.enum(["ranked", "no_offers"]),
  ranking: z.array(z.object({ organizationId: z.string(), score: z.number(), label: z.string() })),
});

/** The final ranking of a closed challenge room, from room.result (null while it is open). */
export async function challengeRanking(db: PrismaClient, roomId: string) {
  const room = await db.bidRoom.findUnique({ where: { id: roomId }, select: { kind: true, status: true, result: true } });
  if (!room || room.kind !== "CHALLENGE") throw new DomainError("error.notFound.body", 404);
  if (room.status !== "CLOSED") return null;
  return rankingSchema.parse(room.result);
}
