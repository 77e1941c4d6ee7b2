import type { Prisma } from "~/generated/prisma/client";

export type AuditEntry = {
  actorId: string | null;
  orgId?: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
};

type AuditWriter = { auditEvent: { create(args: { data: Prisma.AuditEventUncheckedCreateInput }): Promise<unknown> } };

/** Records who did what, when, with the state before and after. Call it inside the change's transaction. */
export async function recordAudit(db: AuditWriter, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      actorId: entry.actorId,
      orgId: entry.orgId ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: toJson(entry.before),
      after: toJson(entry.after),
      ip: entry.ip ?? null,
    },
  });
}

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  // Dates, Decimals and BigInts become their JSON forms; secrets never reach an audit row.
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) => (key === "passwordHash" ? undefined : typeof v === "bigint" ? v.toString() : v)),
  );
}
