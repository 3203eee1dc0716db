import { ACTIVITY_TERMS, CAMPAIGN_TERMS } from "@tasuki/domain";
import type { TFunction } from "i18next";

/**
 * A scoring rule's name in the UI language: its English name (`labelEn`) in English mode when it
 * has one, else the label as written (rule names are the team's own words).
 */
export function ruleLabel(rule: { label: string; labelEn?: string | undefined }, language: string): string {
  return language.startsWith("en") && rule.labelEn?.trim() ? rule.labelEn : rule.label;
}

/**
 * An activity word of an engagement rule (資料請求, 展示会) as the UI shows it: as written in
 * Japanese, the activity or campaign type's English name in English mode (an unknown word as is).
 */
export function activityWordLabel(word: string, t: TFunction, language: string): string {
  if (!language.startsWith("en")) return word;
  const activity = ACTIVITY_TERMS[word];
  if (activity) return t(`activityType.${activity}`);
  const campaign = CAMPAIGN_TERMS[word];
  return campaign ? t(`campaignType.${campaign}`) : word;
}
