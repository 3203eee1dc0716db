import { FUNNEL_STAGES } from "@tasuki/domain";
import { useTranslation } from "react-i18next";
import type { AnalyticsRecord, ReasonTrend } from "../../api/types.ts";
import { useAnalyticsLabels } from "./shared.tsx";

/**
 * How the records drawer names a record's label: an activity type, a stage, an outcome or a
 * reason, in the reader's language. Reasons are named from the loaded trends (`lost` for
 * opportunities, `rejections` for handoffs); a reason they do not list keeps its key.
 */
export function useRecordLabel(lost: ReasonTrend | undefined, rejections: ReasonTrend | undefined) {
  const { t, i18n } = useTranslation();
  const { stageName } = useAnalyticsLabels();
  const locale = i18n.language;

  // A reason's label in the reader's language, or its key when the trend does not list it.
  const reasonLabel = (trend: ReasonTrend | undefined, key: string): string => {
    const reason = trend?.reasons.find((r) => r.key === key);
    return reason ? (locale.startsWith("ja") ? reason.labelJa : reason.labelEn) : key;
  };
  return (record: AnalyticsRecord): string => {
    if (!record.label) return "—";
    if (
      record.kind === "activity" ||
      (record.kind === "person" &&
        record.label.includes("_") &&
        !FUNNEL_STAGES.includes(record.label as never))
    )
      return t(`activityType.${record.label}` as "activityType.inquiry", { defaultValue: record.label });
    if (record.kind === "person" || record.kind === "stage_change") return stageName(record.label);
    if (record.kind === "opportunity") {
      if (record.label === "won" || record.label === "lost")
        return t(`outcome.${record.label}` as "outcome.won");
      return reasonLabel(lost, record.label);
    }
    return reasonLabel(rejections, record.label);
  };
}
