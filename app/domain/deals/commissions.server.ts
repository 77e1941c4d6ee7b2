import { z } from "zod";
import type { Prisma, PrismaClient } from "~/generated/prisma/client";
import type { Translate } from "~/i18n/i18n";
import type { Actor } from "../accounts/accounts.server";
import { can, grantsOf } from "../accounts/permissions";
import { recordAudit } from "../audit.server";
import { DomainError } from "../errors";
import { writeXlsx } from "../listings/import/spreadsheet.server";
import { ruleSplitsSchema } from "./commission";
import { splitLines } from "./deals.server";
import { dayInChina, originKey } from "./pipeline";

export const LEDGER_PAGE_SIZE = 20;
export const LEDGER_EXPORT_MAX = 20_000;

/** The agencies whose commission rules the user administers (org admins of a broker agency). */
export function managedAgencies(actor: Actor) {
  return actor.memberships
    .filter((membership) => membership.organization.kind === "BROKER_AGENCY" && can([membership], "manage:commission", membership.organizationId))
    .map((membership) => membership.organization);
}

export const commissionRuleSchema = z
  .object({
    kind: z.enum(["PERCENT", "FIXED"], { message: "deal.rule.kind" }),
    percent: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().regex(/^\d{1,3}(\.\d{1,3})?$/, { message: "deal.rule.percent" }).optional()),
    fixedWan: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().regex(/^\d{1,12}(\.\d{1,2})?$/, { message: "deal.error.amount" }).optional()),
    introducerShare: z.coerce.number({ message: "deal.rule.share" }).min(0, { message: "deal.rule.share" }).max(100, { message: "deal.rule.share" }),
  })
  .superRefine((value, context) => {
    if (value.kind === "PERCENT" && (value.percent === undefined || Number(value.percent) > 100 || Number(value.percent) <= 0)) context.addIssue({ code: "custom", path: ["percent"], message: "deal.rule.percent" });
    if (value.kind === "FIXED" && value.fixedWan === undefined) context.addIssue({ code: "custom", path: ["fixedWan"], message: "deal.error.amount" });
  });

/** Adds a rule for the agency, in force from now on (earlier deals keep the rule they were computed with). */
export async function saveCommissionRule(db: PrismaClient, actor: Actor, agencyId: string, input: z.input<typeof commissionRuleSchema>, meta: { now?: Date; ip?: string | null } = {}) {
  if (!managedAgencies(actor).some((agency) => agency.id === agencyId)) throw new DomainError("error.forbidden.title", 403);
  const parsed = commissionRuleSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.message === "deal.rule.percent" || issue?.message === "deal.rule.share" || issue?.message === "deal.error.amount" ? issue.message : "validation.invalid";
    throw new DomainError(key, 422, String(issue?.path[0] ?? "kind"));
  }
  const value = parsed.data;
  const introducer = Math.round(value.introducerShare * 1000) / 100_000;
  const splits = ruleSplitsSchema.parse([
    { role: "introducer", share: introducer },
    { role: "follower", share: Math.round((1 - introducer) * 100_000) / 100_000 },
  ]);
  const now = meta.now ?? new Date();
  return db.$transaction(async (tx) => {
    const rule = await tx.commissionRule.create({
      data: {
        brokerOrgId: agencyId,
        kind: value.kind,
        percent: value.kind === "PERCENT" ? value.percent : null,
        fixedWan: value.kind === "FIXED" ? value.fixedWan : null,
        splits,
        validFrom: now,
        createdById: actor.id,
        createdAt: now,
      },
    });
    await recordAudit(tx, { actorId: actor.id, orgId: agencyId, action: "commission.rule", entityType: "CommissionRule", entityId: rule.id, after: rule, ip: meta.ip ?? null });
    return { id: rule.id };
  });
}

export async function currentRules(db: PrismaClient, agencyIds: string[]) {
  const rules = await db.commissionRule.findMany({ where: { brokerOrgId: { in: agencyIds } }, orderBy: [{ validFrom: "desc" }, { id: "desc" }], take: 100 });
  return agencyIds.map((agencyId) => {
    const rule = rules.find((r) => r.brokerOrgId === agencyId);
    const splits = rule ? (ruleSplitsSchema.safeParse(rule.splits).data ?? []) : [];
    return {
      agencyId,
      rule: rule
        ? { kind: rule.kind, percent: rule.percent?.toString() ?? null, fixedWan: rule.fixedWan?.toFixed(2) ?? null, introducerShare: Math.round((splits.find((s) => s.role === "introducer")?.share ?? 0) * 1000) / 10, validFrom: rule.validFrom.toISOString() }
        : null,
    };
  });
}

function ledgerWhere(actor: Actor): Prisma.CommissionWhereInput {
  if (grantsOf(actor.memberships).some((grant) => grant.permission === "read:commission:any")) return {};
  const agencies = actor.memberships.filter((m) => can([m], "read:commission", m.organizationId)).map((m) => m.organizationId);
  if (agencies.length === 0) throw new DomainError("error.forbidden.title", 403);
  return { brokerOrgId: { in: agencies } };
}

async function ledgerRows(db: PrismaClient, where: Prisma.CommissionWhereInput, skip: number, take: number) {
  const rows = await db.commission.findMany({
    where,
    orderBy: [{ computedAt: "desc" }, { id: "asc" }],
    skip,
    take,
    include: { deal: { select: { id: true, reference: true, title: true, origin: true, stage: true, supplierOrgId: true, demandOrgId: true, brokerOrgId: true, introducedById: true, brokerUserId: true, contractAmountWan: true, contractType: true, contractSignedAt: true } } },
  });
  const orgIds = [...new Set(rows.flatMap((r) => [r.deal.supplierOrgId, r.deal.demandOrgId, r.brokerOrgId]))];
  const userIds = [...new Set(rows.flatMap((r) => [r.deal.introducedById, r.deal.brokerUserId, ...splitLines(r.splits).map((l) => l.userId)]).filter((v): v is string => Boolean(v)))];
  const [orgs, users] = await Promise.all([
    db.organization.findMany({ where: { id: { in: orgIds } }, select: { id: true, name: true } }),
    db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }),
  ]);
  const orgName = (id: string | null) => orgs.find((o) => o.id === id)?.name ?? "";
  const userName = (id: string | null) => users.find((u) => u.id === id)?.name ?? "";
  return rows.map((row) => ({
    dealId: row.deal.id,
    reference: row.deal.reference,
    title: row.deal.title,
    origin: row.deal.origin,
    agency: orgName(row.brokerOrgId),
    supplier: orgName(row.deal.supplierOrgId),
    demand: orgName(row.deal.demandOrgId),
    introducer: userName(row.deal.introducedById),
    follower: userName(row.deal.brokerUserId),
    contractType: row.deal.contractType,
    contractAmountWan: row.deal.contractAmountWan?.toFixed(2) ?? null,
    contractSignedAt: row.deal.contractSignedAt?.toISOString() ?? null,
    amountWan: row.amountWan.toFixed(2),
    computedAt: row.computedAt.toISOString(),
    splits: splitLines(row.splits).map((line) => ({ ...line, name: userName(line.userId) })),
  }));
}

/** The attribution ledger: who introduced whom, the contract and the commission split, newest first. */
export async function commissionLedger(db: PrismaClient, actor: Actor, page: number) {
  const where = ledgerWhere(actor);
  const [total, sum, items] = await Promise.all([db.commission.count({ where }), db.commission.aggregate({ where, _sum: { amountWan: true } }), ledgerRows(db, where, (page - 1) * LEDGER_PAGE_SIZE, LEDGER_PAGE_SIZE)]);
  return { total, page, pages: Math.max(1, Math.ceil(total / LEDGER_PAGE_SIZE)), totalWan: sum._sum.amountWan?.toFixed(2) ?? "0.00", items };
}

/** The ledger as .xlsx, one row per split line (text cells neutralised against formula injection by writeXlsx). */
export async function exportLedger(db: PrismaClient, actor: Actor, t: Translate): Promise<Buffer> {
  if (!can(actor.memberships, "export:commission")) throw new DomainError("error.forbidden.title", 403);
  const rows = await ledgerRows(db, ledgerWhere(actor), 0, LEDGER_EXPORT_MAX);
  return writeXlsx(
    "ledger",
    ["项目编号", "项目名称", "来源", "经纪机构", "供给方", "需求方", "引荐人", "跟进经理人", "合同类型", "合同金额（万元）", "签订日期", "佣金（万元）", "分成对象", "分成角色", "分成比例", "分成金额（万元）"],
    rows.flatMap((row) =>
      (row.splits.length > 0 ? row.splits : [null]).map((line) => [
        row.reference,
        row.title,
        t(originKey(row.origin)),
        row.agency,
        row.supplier,
        row.demand,
        row.introducer,
        row.follower,
        row.contractType ? t(`deal.contractType.${row.contractType}`) : "",
        row.contractAmountWan === null ? null : Number(row.contractAmountWan),
        row.contractSignedAt ? dayInChina(row.contractSignedAt) : "",
        Number(row.amountWan),
        line ? line.name || t("deal.ledger.agencyKeeps") : "",
        line ? t(line.role === "introducer" ? "deal.role.introducer" : "deal.role.follower") : "",
        line ? line.share : null,
        line ? Number(line.amountWan) : null,
      ]),
    ),
  );
}
