import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { PrismaClient } from "~/generated/prisma/client";
import type { Actor } from "../accounts/accounts.server";
import { can } from "../accounts/permissions";
import { recordAudit } from "../audit.server";
import { DomainError } from "../errors";
import { isRecordId } from "../record-ids";
import { attachmentTypes, sanitizeAttachmentName, SNIFF_BYTES, sniffAttachmentType } from "./attachment-files";
import { disclosureAccess } from "./disclosure.server";
import { listingVisible } from "./listings.server";
import { isEditable } from "./workflow";
import { readHead } from "~/utils/uploads.server";

export const MAX_ATTACHMENT_MB = 20;
export const MAX_ATTACHMENT_BYTES = MAX_ATTACHMENT_MB * 1024 * 1024;
export const MAX_ATTACHMENTS = 20;

/** Stored files: <uploadsDir>/attachments/<storageKey>; uploads stream to <uploadsDir>/incoming first. */
export const attachmentDirs = (uploadsDir: string) => ({ stored: path.join(uploadsDir, "attachments"), incoming: path.join(uploadsDir, "incoming") });

/**
 * Throws unless the actor may add or remove this achievement's attachments: its organization
 * (update:achievement), and not while a broker reviews it. Routes call it before reading the body.
 */
export async function requireAttachmentEditor(db: PrismaClient, actor: Actor, achievementId: string): Promise<string> {
  const row = await db.achievement.findUnique({ where: { id: achievementId }, select: { ownerOrgId: true, status: true } });
  if (!row) throw new DomainError("error.notFound.body", 404);
  if (!can(actor.memberships, "update:achievement", row.ownerOrgId)) throw new DomainError("error.forbidden.body", 403);
  if (!isEditable(row.status)) throw new DomainError("workflow.error.lockedForReview", 409);
  return row.ownerOrgId;
}


/**
 * Keeps a streamed upload as an attachment when its content is a PDF or an image. The uploaded
 * file is always consumed: moved into storage, or removed when refused.
 */
export async function addAttachment(db: PrismaClient, actor: Actor, achievementId: string, upload: { filePath: string; fileName: string; size: number }, uploadsDir: string) {
  let stored: string | null = null;
  try {
    const ownerOrgId = await requireAttachmentEditor(db, actor, achievementId);
    if (upload.size === 0) throw new DomainError("attachments.error.empty", 400);
    if (upload.size > MAX_ATTACHMENT_BYTES) throw new DomainError("attachments.error.size", 400, undefined, { mb: MAX_ATTACHMENT_MB });
    const type = sniffAttachmentType(readHead(upload.filePath, SNIFF_BYTES));
    if (!type) throw new DomainError("attachments.error.type", 400);
    if ((await db.attachment.count({ where: { achievementId } })) >= MAX_ATTACHMENTS) throw new DomainError("attachments.error.tooMany", 409, undefined, { max: MAX_ATTACHMENTS });
    const storageKey = crypto.randomBytes(16).toString("hex");
    const dirs = attachmentDirs(uploadsDir);
    fs.mkdirSync(dirs.stored, { recursive: true });
    stored = path.join(dirs.stored, storageKey);
    fs.renameSync(upload.filePath, stored);
    const fileName = sanitizeAttachmentName(upload.fileName, type);
    const { mimeType } = attachmentTypes[type];
    const attachment = await db.$transaction(async (tx) => {
      const created = await tx.attachment.create({
        data: { achievementId, fileName, mimeType, size: upload.size, storageKey, uploadedById: actor.id },
        select: { id: true, fileName: true, mimeType: true, size: true },
      });
      await recordAudit(tx, { actorId: actor.id, orgId: ownerOrgId, action: "achievement.attachmentAdded", entityType: "achievement", entityId: achievementId, after: created });
      return created;
    });
    stored = null;
    return attachment;
  } finally {
    fs.rmSync(upload.filePath, { force: true });
    if (stored) fs.rmSync(stored, { force: true });
  }
}

/** Removes an attachment (row, then file); the owner organization only. */
export async function deleteAttachment(db: PrismaClient, actor: Actor, attachmentId: string, uploadsDir: string) {
  if (!isRecordId(attachmentId)) throw new DomainError("error.notFound.body", 404);
  const row = await db.attachment.findUnique({ where: { id: attachmentId }, select: { id: true, achievementId: true, fileName: true, mimeType: true, size: true, storageKey: true } });
  if (!row) throw new DomainError("error.notFound.body", 404);
  const ownerOrgId = await requireAttachmentEditor(db, actor, row.achievementId);
  await db.$transaction(async (tx) => {
    await tx.attachment.delete({ where: { id: row.id } });
    await recordAudit(tx, { actorId: actor.id, orgId: ownerOrgId, action: "achievement.attachmentDeleted", entityType: "achievement", entityId: row.achievementId, before: { id: row.id, fileName: row.fileName, mimeType: row.mimeType, size: row.size } });
  });
  fs.rmSync(path.join(attachmentDirs(uploadsDir).stored, row.storageKey), { force: true });
  return { achievementId: row.achievementId };
}

/**
 * An attachment for download, gated exactly like the description: the owner organization and
 * reviewers, or a viewer who accepted the disclosure terms. Downloads by others than the owner are audited.
 */
export async function openAttachment(db: PrismaClient, actor: Actor | null, attachmentId: string, uploadsDir: string) {
  const row = await db.attachment.findUnique({
    where: { id: attachmentId },
    select: { id: true, fileName: true, mimeType: true, size: true, storageKey: true, achievement: { select: { id: true, ownerOrgId: true, status: true } } },
  });
  if (!row || !listingVisible(row.achievement.status, row.achievement.ownerOrgId, actor, "achievement")) throw new DomainError("error.notFound.body", 404);
  const access = await disclosureAccess(db, actor, row.achievement);
  if (!actor || !access.open) throw new DomainError("attachments.error.gated", 403);
  const filePath = path.join(attachmentDirs(uploadsDir).stored, row.storageKey);
  if (!fs.existsSync(filePath)) throw new DomainError("error.notFound.body", 404);
  if (!can(actor.memberships, "update:achievement", row.achievement.ownerOrgId)) {
    await recordAudit(db, { actorId: actor.id, orgId: row.achievement.ownerOrgId, action: "achievement.attachmentDownloaded", entityType: "achievement", entityId: row.achievement.id, after: { attachmentId: row.id, fileName: row.fileName } });
  }
  return { filePath, fileName: row.fileName, mimeType: row.mimeType, size: row.size };
}
