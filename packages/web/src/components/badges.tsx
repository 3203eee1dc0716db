import { Badge, type MantineColor } from "@mantine/core";
import type { LifecycleStage, OpportunityStage, Temperature } from "@tasuki/domain";
import { useTranslation } from "react-i18next";

const STAGE_COLORS: Record<LifecycleStage, MantineColor> = {
  lead: "gray",
  mql: "cyan",
  sal: "blue",
  sql: "indigo",
  opportunity: "violet",
  won: "teal",
  lost: "red",
  customer: "green",
  recycled: "yellow",
  disqualified: "dark",
};

export function StageBadge({ stage, size = "md" }: { stage: LifecycleStage; size?: "sm" | "md" | "lg" }) {
  const { t } = useTranslation();
  return (
    <Badge color={STAGE_COLORS[stage]} variant="light" size={size} radius="sm" tt="none">
      {t(`stage.${stage}`)}
    </Badge>
  );
}

const TEMPERATURE_COLORS: Record<Temperature, MantineColor> = { hot: "red", warm: "orange", cold: "blue" };

/** `labelled` says what the badge is (「温度感：未設定」) where no column header does, e.g. on the home. */
export function TemperatureBadge({
  temperature,
  labelled = false,
}: {
  temperature: Temperature | null;
  labelled?: boolean;
}) {
  const { t } = useTranslation();
  const value = temperature ? t(`temperature.${temperature}`) : t("temperature.none");
  const text = labelled ? t("temperature.labelled", { value }) : value;
  if (!temperature)
    return (
      <Badge color="gray" variant="outline" radius="sm" tt="none">
        {text}
      </Badge>
    );
  return (
    <Badge color={TEMPERATURE_COLORS[temperature]} variant="dot" radius="sm" tt="none">
      {text}
    </Badge>
  );
}

const OPPORTUNITY_STAGE_COLORS: Record<OpportunityStage, MantineColor> = {
  discovery: "gray",
  proposal: "blue",
  negotiation: "violet",
  contracting: "teal",
};

export function OpportunityStageBadge({
  stage,
  outcome,
}: {
  stage: OpportunityStage;
  outcome: "won" | "lost" | null;
}) {
  const { t } = useTranslation();
  if (outcome)
    return (
      <Badge color={outcome === "won" ? "teal" : "red"} variant="filled" radius="sm" tt="none">
        {t(`outcome.${outcome}`)}
      </Badge>
    );
  return (
    <Badge color={OPPORTUNITY_STAGE_COLORS[stage]} variant="light" radius="sm" tt="none">
      {t(`opportunityStage.${stage}`)}
    </Badge>
  );
}
