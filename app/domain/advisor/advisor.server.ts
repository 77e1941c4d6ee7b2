import { z } from "zod";
import type { Actor } from "~/domain/accounts/accounts.server";
import { can } from "~/domain/accounts/permissions";
import { recordAudit } from "~/domain/audit.server";
import { DomainError } from "~/domain/errors";
import type { PrismaClient } from "~/generated/prisma/client";
import { booleanFacts, evaluateMeasures, type Facts, grantedTotals, type Measure, measureKinds, measureParametersSchema, numberFacts } from "./evaluator";
import { defaultPolicyMeasures, POLICY_VALID_FROM } from "./policy-measures";

const measureSelect = { id: true, code: true, version: true, title: true, titleEn: true, textExcerpt: true, kind: true, group: true, parameters: true, validFrom: true, active: true, createdAt: true } as const;

type MeasureRow = { code: string; version: number; title: string; titleEn: string; textExcerpt: string; kind: string; group: string; parameters: unknown };

const kindSchema = z.enum(measureKinds);

/** A stored row as the evaluator's Measure; a row whose data no longer parses is left out rather than guessed. */
function toMeasure(row: MeasureRow): Measure | null {
  const parameters = measureParametersSchema.safeParse(row.parameters);
  const kind = kindSchema.safeParse(row.kind);
  if (!parameters.success || !kind.success) return null;
  return { code: row.code, version: row.version, title: row.title, titleEn: row.titleEn, textExcerpt: row.textExcerpt, kind: kind.data, group: row.group, parameters: parameters.data };
}

/** The measures in force at `at`: per code, the highest active version whose validFrom has passed. */
export async function measuresInForce(db: PrismaClient, at = new Date()): Promise<Measure[]> {
  const rows = await db.policyMeasure.findMany({ where: { active: true, validFrom: { lte: at } }, orderBy: [{ code: "asc" }, { version: "desc" }], select: measureSelect });
  const seen = new Set<string>();
  const measures: Measure[] = [];
  for (const row of rows) {
    if (seen.has(row.code)) continue;
    seen.add(row.code);
    const measure = toMeasure(row);
    if (measure) measures.push(measure);
  }
  return measures;
}

/** Writes version 1 of every default measure that has no version yet. Idempotent. */
export async function seedPolicyMeasures(db: PrismaClient): Promise<number> {
  let created = 0;
  for (const measure of defaultPolicyMeasures) {
    const existing = await db.policyMeasure.findFirst({ where: { code: measure.code }, select: { id: true } });
    if (existing) continue;
    await db.policyMeasure.create({ data: { ...measure, version: 1, validFrom: POLICY_VALID_FROM, active: true } });
    created += 1;
  }
  return created;
}

/** Facts as the user gives them in the advisor's form: yes/no for conditions, 万元 for amounts; blank = unknown. */
export function factsFromSearchParams(params: URLSearchParams): Facts {
  const facts: Facts = {};
  for (const name of booleanFacts) {
    const value = params.get(name);
    if (value === "yes") facts[name] = true;
    else if (value === "no") facts[name] = false;
  }
  for (const name of numberFacts) {
    const value = params.get(name)?.trim();
    if (!value) continue;
    const number = Number(value);
    if (Number.isFinite(number) && number >= 0 && number <= 1e9) facts[name] = number;
  }
  return facts;
}

const seesAll = (actor: Actor) => can(actor.memberships, "read:report");
const memberOf = (actor: Actor, orgIds: (string | null)[]) => actor.memberships.some((m) => orgIds.includes(m.organizationId));

export type AdvisorSubject =
  | { kind: "deal"; id: string; reference: string; title: string; supplier: { id: string; name: string; kind: string }; demandName: string; contractAmountWan: number | null; stage: string }
  | { kind: "organization"; id: string; name: string; orgKind: string; region: string | null };

/**
 * Evaluates the measures in force for a deal (by id or reference) or an organization (by id or name). Facts read from the record
 * are reported separately from the user's and win over them. The bureau and administrators see every subject;
 * others only deals their organization is party to (supplier, demander, broker) and their own organization.
 */
export async function adviseSubject(db: PrismaClient, actor: Actor, input: { kind: "deal" | "organization"; id: string; facts: Facts }) {
  const measures = await measuresInForce(db);
  if (input.kind === "deal") {
    const deal = await db.deal.findFirst({
      where: { OR: [{ id: input.id }, { reference: input.id }] },
      select: { id: true, reference: true, title: true, stage: true, contractAmountWan: true, supplierOrgId: true, demandOrgId: true, brokerOrgId: true },
    });
    if (!deal || !(seesAll(actor) || memberOf(actor, [deal.supplierOrgId, deal.demandOrgId, deal.brokerOrgId]))) throw new DomainError("advisor.notFound", 404);
    const orgs = await db.organization.findMany({ where: { id: { in: [deal.supplierOrgId, deal.demandOrgId] } }, select: { id: true, name: true, kind: true } });
    const supplier = orgs.find((o) => o.id === deal.supplierOrgId);
    const demand = orgs.find((o) => o.id === deal.demandOrgId);
    if (!supplier) throw new DomainError("advisor.notFound", 404);
    const recordFacts: Facts = { supplierIsUniversityOrInstitute: supplier.kind === "UNIVERSITY" || supplier.kind === "INSTITUTE" };
    const facts = { ...input.facts, ...recordFacts };
    const results = evaluateMeasures(measures, { kind: "deal", facts });
    const subject: AdvisorSubject = {
      kind: "deal",
      id: deal.id,
      reference: deal.reference,
      title: deal.title,
      supplier,
      demandName: demand?.name ?? "",
      contractAmountWan: deal.contractAmountWan === null ? null : deal.contractAmountWan.toNumber(),
      stage: deal.stage,
    };
    return { subject, recordFacts, facts, results, totals: grantedTotals(results) };
  }
  const org = await db.organization.findFirst({ where: { OR: [{ id: input.id }, { name: input.id }] }, select: { id: true, name: true, kind: true, region: true } });
  if (!org || !(seesAll(actor) || memberOf(actor, [org.id]))) throw new DomainError("advisor.notFound", 404);
  const recordFacts: Facts = {};
  const facts = { ...input.facts, ...recordFacts };
  const results = evaluateMeasures(measures, { kind: "organization", facts });
  const subject: AdvisorSubject = { kind: "organization", id: org.id, name: org.name, orgKind: org.kind, region: org.region };
  return { subject, recordFacts, facts, results, totals: grantedTotals(results) };
}

/** Every version of every measure, newest first within a code (the administrators' page). */
export function listMeasureVersions(db: PrismaClient) {
  return db.policyMeasure.findMany({ orderBy: [{ code: "asc" }, { version: "desc" }], select: measureSelect });
}

export const revisionSchema = z.object({
  code: z.string({ message: "validation.required" }).trim().min(1, { message: "validation.required" }).max(20, { message: "validation.tooLong" }),
  title: z.string({ message: "validation.required" }).trim().min(1, { message: "validation.required" }).max(200, { message: "validation.tooLong" }),
  titleEn: z.string({ message: "validation.required" }).trim().min(1, { message: "validation.required" }).max(200, { message: "validation.tooLong" }),
  textExcerpt: z.string({ message: "validation.required" }).trim().min(1, { message: "validation.required" }).max(2000, { message: "validation.tooLong" }),
  kind: z.enum(measureKinds, { message: "validation.choice" }),
  group: z.string({ message: "validation.required" }).trim().min(1, { message: "validation.required" }).max(60, { message: "validation.tooLong" }),
  parameters: z.string({ message: "validation.required" }).min(2, { message: "validation.required" }).max(4000, { message: "validation.tooLong" }),
  validFrom: z.iso.date({ message: "validation.invalid" }),
});
export type RevisionInput = z.infer<typeof revisionSchema>;

/**
 * A revision of a measure: a new version that becomes the one in force; earlier versions stay, inactive.
 * One transaction, audited. Parameters must parse, or nothing is written.
 */
export async function reviseMeasure(db: PrismaClient, actor: Actor, input: RevisionInput) {
  if (!can(actor.memberships, "manage:policy")) throw new DomainError("error.forbidden.body", 403);
  let parsedJson: unknown;
  try {
    parsedJson = JSON.parse(input.parameters);
  } catch (error) {
    throw new DomainError("advisor.invalidParameters", 422, "parameters", { detail: error instanceof Error ? error.message : "JSON" });
  }
  const parameters = measureParametersSchema.safeParse(parsedJson);
  if (!parameters.success) {
    throw new DomainError("advisor.invalidParameters", 422, "parameters", { detail: parameters.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
  }
  return db.$transaction(async (tx) => {
    const latest = await tx.policyMeasure.findFirst({ where: { code: input.code }, orderBy: { version: "desc" }, select: measureSelect });
    const version = (latest?.version ?? 0) + 1;
    await tx.policyMeasure.updateMany({ where: { code: input.code, active: true }, data: { active: false } });
    const created = await tx.policyMeasure.create({
      data: {
        code: input.code,
        version,
        title: input.title,
        titleEn: input.titleEn,
        textExcerpt: input.textExcerpt,
        kind: input.kind,
        group: input.group,
        parameters: parameters.data,
        validFrom: new Date(`${input.validFrom}T00:00:00+08:00`),
        active: true,
        createdById: actor.id,
      },
      select: measureSelect,
    });
    await recordAudit(tx, { actorId: actor.id, action: "policyMeasure.revise", entityType: "PolicyMeasure", entityId: created.id, before: latest, after: created });
    return created;
  });
}
