import type { DealStageName } from "~/domain/deals/pipeline";
import { useI18n } from "~/i18n/i18n";

const tone: Record<DealStageName, string> = {
  INTRODUCED: "bg-slate-100 text-slate-800",
  INTEREST_CONFIRMED: "bg-sky-100 text-sky-900",
  NDA_SIGNED: "bg-sky-100 text-sky-900",
  MEETING: "bg-indigo-100 text-indigo-900",
  NEGOTIATION: "bg-amber-100 text-amber-900",
  CONTRACT_SIGNED: "bg-green-100 text-green-900",
  REGISTERED: "bg-green-200 text-green-900",
  OUTCOME_CHECKED: "bg-emerald-200 text-emerald-900",
  CLOSED_LOST: "bg-red-100 text-red-900",
};

export function DealStageBadge({ stage }: { stage: DealStageName }) {
  const { t } = useI18n();
  return (
    <span className={`inline-block rounded-full px-2.5 py-0.5 text-xs font-medium ${tone[stage]}`} data-stage={stage}>
      {t(`deal.stage.${stage}`)}
    </span>
  );
}
