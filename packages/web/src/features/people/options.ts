import { INDUSTRIES, LIFECYCLE_STAGES, type LifecycleStage, TEMPERATURES } from "@tasuki/domain";
import type { TFunction } from "i18next";

export const stageOptions = (t: TFunction) =>
  LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }));
export const temperatureOptions = (t: TFunction) =>
  TEMPERATURES.map((s) => ({ value: s, label: t(`temperature.${s}`) }));
export const industryOptions = (t: TFunction) =>
  INDUSTRIES.map((s) => ({ value: s, label: t(`industry.${s}`) }));

export function isStage(value: string): value is LifecycleStage {
  return (LIFECYCLE_STAGES as readonly string[]).includes(value);
}

/** Sort choices offered in the list, as `sort:order`; kana is 五十音順. */
export const PERSON_SORTS_FOR_UI = [
  "updatedAt:desc",
  "createdAt:desc",
  "kana:asc",
  "kana:desc",
  "stageChangedAt:desc",
  "scoreTotal:desc",
  "scoreTotal:asc",
  "scoreFit:desc",
  "scoreEngagement:desc",
] as const;
