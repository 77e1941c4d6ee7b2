import type { PrismaClient } from "~/generated/prisma/client";
import type { Translate } from "~/i18n/i18n";
import type { Actor } from "../accounts/accounts.server";
import { DomainError } from "../errors";
import { writeXlsx } from "../listings/import/spreadsheet.server";
import { getDeal } from "./deals.server";
import { dayInChina } from "./pipeline";

/**
 * 技术合同登记材料: the facts a registration office asks for, filled from a deal whose contract is signed.
 * One list of labelled lines serves the printable page and the .xlsx.
 */
export async function registrationPacket(db: PrismaClient, actor: Actor, dealId: string) {
  const deal = await getDeal(db, actor, dealId);
  if (!deal.contractSignedAt || !deal.contractType || !deal.contractAmountWan) throw new DomainError("deal.packet.notSigned", 409);
  return {
    dealId: deal.id,
    reference: deal.reference,
    stage: deal.stage,
    lines: [
      { key: "deal.packet.contractName", value: deal.title },
      { key: "deal.packet.contractType", code: `deal.contractType.${deal.contractType}` },
      { key: "deal.packet.amount", wan: deal.contractAmountWan },
      { key: "deal.packet.signedAt", date: deal.contractSignedAt },
      { key: "deal.packet.seller", value: deal.supplier?.name ?? "" },
      { key: "deal.packet.sellerRegion", value: deal.supplier?.region ?? "" },
      { key: "deal.packet.buyer", value: deal.demand?.name ?? "" },
      { key: "deal.packet.buyerRegion", value: deal.demand?.region ?? "" },
      { key: "deal.packet.intermediary", value: [deal.brokerOrg?.name, deal.brokerName].filter(Boolean).join(" · ") },
      { key: "deal.packet.achievement", value: deal.achievement?.title ?? "" },
      { key: "deal.packet.techField", value: deal.achievement?.techField ?? "" },
      { key: "deal.packet.need", value: deal.need?.title ?? "" },
      { key: "deal.packet.registrationNumber", value: deal.registrationNumber ?? "" },
      { key: "deal.packet.registeredAt", date: deal.registeredAt },
      { key: "deal.packet.reference", value: deal.reference },
    ] as const satisfies readonly PacketLine[],
  };
}

type PacketLine = { key: PacketKey; value?: string; code?: `deal.contractType.${string}`; wan?: string; date?: string | null };
type PacketKey = `deal.packet.${string}`;

export type RegistrationPacket = Awaited<ReturnType<typeof registrationPacket>>;

/** The packet as .xlsx: two columns, item and content, in the reader's language (dates ISO, amounts in 万元). */
export async function registrationPacketXlsx(db: PrismaClient, actor: Actor, dealId: string, t: Translate): Promise<{ reference: string; body: Buffer }> {
  const packet = await registrationPacket(db, actor, dealId);
  const rows = packet.lines.map((line): [string, string | number | null] => {
    const label = t(line.key);
    if ("code" in line) return [label, t(line.code)];
    if ("wan" in line) return [label, Number(line.wan)];
    if ("date" in line) return [label, line.date ? dayInChina(line.date) : ""];
    return [label, line.value];
  });
  return { reference: packet.reference, body: await writeXlsx("技术合同登记", [t("deal.packet.item"), t("deal.packet.content")], rows) };
}
