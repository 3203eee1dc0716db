import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Grid,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Tooltip,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertCircle, IconPlus, IconSend, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ACTIVITY_TERMS, CAMPAIGN_TERMS, findBehaviour, usesBehaviour } from "@tasuki/domain";
import { type FormEvent, type ReactNode, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router";
import { ApiError } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { ScoringModel, ScoringModelConfig } from "../../api/types.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { PageQueryState, PageSkeleton } from "../../components/QueryState.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { ForbiddenState, FormErrorAlert } from "../../components/states.tsx";
import { lengthCounter } from "../../lib/length-counter.ts";
import { activityWordLabel } from "../../lib/rule-label.ts";
import { useCan } from "../auth/session.tsx";
import {
  type ExpressionCheck,
  ExpressionEditor,
  useExpressionCheck,
} from "../definitions/ExpressionEditor.tsx";

/** What the calibration page hands over when a suggestion becomes a proposal. */
export interface EditorSeed {
  config: ScoringModelConfig;
  changeNote: string;
}

const EMPTY: ScoringModelConfig = {
  fitRules: [{ label: "", condition: "", points: 10 }],
  engagementRules: [{ label: "", activities: [], points: 10, maxPerDay: 1 }],
  halfLifeDays: 30,
  weights: { fit: 1, engagement: 1 },
};

/** The Japanese activity words of the rule language (activity types, then campaign types). */
const ACTIVITY_WORDS = [
  ...Object.keys(ACTIVITY_TERMS).filter((w) => !/^[a-z_]+$/.test(w)),
  ...Object.keys(CAMPAIGN_TERMS).filter((w) => !w.startsWith("campaign:")),
];

/** A new version of the scoring model, from the one in force or a calibration suggestion; proposed for sign-off. */
export function ScoringModelEditorPage() {
  const { t } = useTranslation();
  const canWrite = useCan("definitions.write");
  const model = useQuery({ queryKey: keys.scoringModel, queryFn: api.getScoringModel });
  const seed = (useLocation().state as { seed?: EditorSeed } | null)?.seed ?? null;
  if (!canWrite) return <ForbiddenState description={t("scoring.editor.cannotWrite")} />;
  return (
    <PageQueryState query={model} loading={<PageSkeleton height={420} />}>
      {(data) => <EditorForm model={data} seed={seed} />}
    </PageQueryState>
  );
}

type Errors = Record<string, string>;

function EditorForm({ model, seed }: { model: ScoringModel; seed: EditorSeed | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const base = seed?.config ?? model.current?.config ?? EMPTY;
  const [config, setConfig] = useState<ScoringModelConfig>(() => structuredClone(base));
  const [changeNote, setChangeNote] = useState(seed?.changeNote ?? "");
  const [touched, setTouched] = useState(false);
  const [invalidConditions, setInvalidConditions] = useState<Record<number, boolean>>({});
  const proposed = model.open?.status === "proposed" ? model.open : null;

  const propose = useMutation({
    mutationFn: () => api.proposeScoringModel({ config, changeNote: changeNote.trim() || null }),
    onSuccess: (next) => {
      queryClient.setQueryData(keys.scoringModel, next);
      notifications.show({
        color: "teal",
        message: t("scoring.editor.proposed", { number: next.open?.number ?? "" }),
      });
      navigate("/scoring");
    },
  });
  const serverErrors: Errors = {};
  if (propose.error instanceof ApiError)
    for (const d of propose.error.details) serverErrors[d.path.replace(/^config\./, "")] ??= d.message;

  const localErrors: Errors = {};
  // Shown as the user types, like the rule checker's own messages; the rest after a submit.
  const liveErrors: Errors = {};
  config.fitRules.forEach((rule, i) => {
    if (!rule.label.trim()) localErrors[`fitRules.${i}.label`] = t("common.required");
    if (!rule.condition.trim())
      localErrors[`fitRules.${i}.condition`] = t("scoring.editor.conditionRequired");
    else if (usesBehaviour(rule.condition))
      localErrors[`fitRules.${i}.condition`] = liveErrors[`fitRules.${i}.condition`] = t(
        "scoring.editor.fitNoBehaviour",
      );
  });
  config.engagementRules.forEach((rule, i) => {
    if (!rule.label.trim()) localErrors[`engagementRules.${i}.label`] = t("common.required");
    if (rule.activities.length === 0)
      localErrors[`engagementRules.${i}.activities`] = t("scoring.editor.activitiesRequired");
  });
  if (!(config.halfLifeDays >= 1 && config.halfLifeDays <= 3650))
    localErrors.halfLifeDays = t("scoring.editor.halfLifeRange");
  if (config.weights.fit + config.weights.engagement <= 0)
    localErrors.weights = t("scoring.editor.weightsSum");
  const blocking =
    Object.keys(localErrors).length > 0 ||
    Object.values(invalidConditions).some(Boolean) ||
    Boolean(proposed);
  const errorOf = (path: string) => (touched ? localErrors[path] : liveErrors[path]) ?? serverErrors[path];

  const update = (change: (c: ScoringModelConfig) => void) =>
    setConfig((c) => {
      const next = structuredClone(c);
      change(next);
      return next;
    });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!blocking) propose.mutate();
  };

  return (
    <>
      <PageHeader
        crumbs={[{ label: t("nav.scoring"), to: "/scoring" }, { label: t("scoring.editor.title") }]}
        title={t("scoring.editor.title")}
        description={seed ? t("scoring.editor.fromSuggestion") : t("scoring.editor.intro")}
      />
      <form onSubmit={submit} noValidate>
        <Stack gap="md" maw={1100}>
          {proposed && (
            <Alert
              color="orange"
              variant="light"
              icon={<IconAlertCircle size={18} />}
              data-testid="editor-blocked"
            >
              {t("scoring.editor.blocked", { number: proposed.number })}{" "}
              <Anchor component={Link} to="/scoring" size="sm">
                {t("scoring.editor.toProposal")}
              </Anchor>
            </Alert>
          )}
          <FormErrorAlert error={propose.error} />
          <RuleSection
            title={t("scoring.fitRules")}
            help={t("scoring.editor.fitHelp")}
            addLabel={t("scoring.editor.addFitRule")}
            addTestId="add-fit-rule"
            onAdd={() => update((c) => c.fitRules.push({ label: "", condition: "", points: 10 }))}
            full={config.fitRules.length >= 50}
            gap="sm"
          >
            {config.fitRules.map((rule, i) => (
              <FitRuleRow
                // biome-ignore lint/suspicious/noArrayIndexKey: rules are positional, edited in place
                key={i}
                index={i}
                rule={rule}
                errorOf={errorOf}
                onChange={(next) =>
                  update((c) => {
                    c.fitRules[i] = next;
                  })
                }
                onRemove={() => {
                  update((c) => void c.fitRules.splice(i, 1));
                  setInvalidConditions({});
                }}
                onValidity={(invalid) =>
                  setInvalidConditions((m) => (m[i] === invalid ? m : { ...m, [i]: invalid }))
                }
              />
            ))}
          </RuleSection>
          <RuleSection
            title={t("scoring.engagementRules")}
            help={t("scoring.editor.engagementHelp")}
            addLabel={t("scoring.editor.addEngagementRule")}
            addTestId="add-engagement-rule"
            onAdd={() =>
              update((c) => c.engagementRules.push({ label: "", activities: [], points: 5, maxPerDay: 1 }))
            }
            full={config.engagementRules.length >= 50}
            gap="xs"
          >
            {config.engagementRules.map((rule, i) => (
              <EngagementRuleRow
                // biome-ignore lint/suspicious/noArrayIndexKey: rules are positional, edited in place
                key={i}
                index={i}
                rule={rule}
                errorOf={errorOf}
                onChange={(patch) =>
                  update((c) => {
                    Object.assign(c.engagementRules[i]!, patch);
                  })
                }
                onRemove={() => update((c) => void c.engagementRules.splice(i, 1))}
              />
            ))}
          </RuleSection>
          <SectionCard title={t("scoring.editor.decayAndWeights")}>
            <Grid gap="md">
              <Grid.Col span={{ base: 12, sm: 4 }}>
                <NumberInput
                  label={t("scoring.halfLife")}
                  description={t("scoring.editor.halfLifeHelp")}
                  value={config.halfLifeDays}
                  onChange={(v) =>
                    update((c) => {
                      c.halfLifeDays = Number(v) || 0;
                    })
                  }
                  min={1}
                  max={3650}
                  suffix={t("scoring.daysSuffix")}
                  error={errorOf("halfLifeDays")}
                  data-testid="half-life"
                />
              </Grid.Col>
              <Grid.Col span={{ base: 6, sm: 4 }}>
                <WeightInput
                  label={t("scoring.editor.fitWeight")}
                  value={config.weights.fit}
                  onChange={(fit) =>
                    update((c) => {
                      c.weights.fit = fit;
                    })
                  }
                  error={errorOf("weights")}
                />
              </Grid.Col>
              <Grid.Col span={{ base: 6, sm: 4 }}>
                <WeightInput
                  label={t("scoring.editor.engagementWeight")}
                  value={config.weights.engagement}
                  onChange={(engagement) =>
                    update((c) => {
                      c.weights.engagement = engagement;
                    })
                  }
                />
              </Grid.Col>
            </Grid>
            <Text size="xs" c="dimmed" mt="sm">
              {t("scoring.scaleNote")}
            </Text>
          </SectionCard>
          <SectionCard title={t("scoring.editor.changeNote")}>
            <Textarea
              aria-label={t("scoring.editor.changeNote")}
              placeholder={t("scoring.editor.changeNotePlaceholder")}
              value={changeNote}
              onChange={(e) => setChangeNote(e.currentTarget.value)}
              autosize
              minRows={2}
              maxLength={2000}
              description={lengthCounter(changeNote, 2000)}
              data-testid="change-note-input"
            />
          </SectionCard>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" component={Link} to="/scoring">
              {t("common.cancel")}
            </Button>
            <Button
              type="submit"
              leftSection={<IconSend size={16} />}
              loading={propose.isPending}
              disabled={touched && blocking}
              data-testid="model-propose"
            >
              {t("scoring.editor.propose")}
            </Button>
          </Group>
          <Text size="xs" c="dimmed" ta="right">
            {t("scoring.editor.proposeNote")}
          </Text>
        </Stack>
      </form>
    </>
  );
}

function FitRuleRow({
  index: i,
  rule,
  errorOf,
  onChange,
  onRemove,
  onValidity,
}: {
  index: number;
  rule: ScoringModelConfig["fitRules"][number];
  errorOf: (path: string) => string | undefined;
  onChange: (rule: ScoringModelConfig["fitRules"][number]) => void;
  onRemove: () => void;
  onValidity: (invalid: boolean) => void;
}) {
  const { t } = useTranslation();
  const checked = useExpressionCheck(rule.condition);
  const check = useFitCheck(rule.condition, checked);
  const invalid = check.valid === false;
  // Runs after every render; the parent ignores reports that change nothing.
  useEffect(() => onValidity(invalid));
  return (
    <Paper withBorder radius="md" p="sm" data-testid="fit-rule">
      <Grid gap="sm" align="flex-start">
        <Grid.Col span={{ base: 12, sm: 3 }}>
          <TextInput
            label={t("scoring.rule.label")}
            value={rule.label}
            onChange={(e) => onChange({ ...rule, label: e.currentTarget.value })}
            maxLength={100}
            description={lengthCounter(rule.label, 100)}
            required
            error={errorOf(`fitRules.${i}.label`)}
          />
          <TextInput
            mt={4}
            size="xs"
            label={t("scoring.rule.labelEn")}
            value={rule.labelEn ?? ""}
            onChange={(e) => onChange({ ...rule, labelEn: e.currentTarget.value || undefined })}
            maxLength={100}
            description={lengthCounter(rule.labelEn, 100)}
            error={errorOf(`fitRules.${i}.labelEn`)}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6.5 }}>
          <ExpressionEditor
            label={t("scoring.rule.condition")}
            value={rule.condition}
            onChange={(condition) => onChange({ ...rule, condition })}
            check={check}
            required
            serverError={errorOf(`fitRules.${i}.condition`) ?? null}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 10, sm: 2 }}>
          <PointsInput
            value={rule.points}
            onChange={(points) => onChange({ ...rule, points })}
            error={errorOf(`fitRules.${i}.points`)}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 2, sm: 0.5 }}>
          <RemoveRuleButton label={rule.label || i + 1} onClick={onRemove} />
        </Grid.Col>
      </Grid>
    </Paper>
  );
}

type EngagementRule = ScoringModelConfig["engagementRules"][number];

function EngagementRuleRow({
  index: i,
  rule,
  errorOf,
  onChange,
  onRemove,
}: {
  index: number;
  rule: EngagementRule;
  errorOf: (path: string) => string | undefined;
  /** Applied to the rule as it is when the change lands. */
  onChange: (patch: Partial<EngagementRule>) => void;
  onRemove: () => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <Paper withBorder radius="md" p="sm" data-testid="engagement-rule">
      <Grid gap="sm" align="flex-start">
        <Grid.Col span={{ base: 12, sm: 3 }}>
          <TextInput
            label={t("scoring.rule.label")}
            value={rule.label}
            onChange={(e) => onChange({ label: e.currentTarget.value })}
            maxLength={100}
            description={lengthCounter(rule.label, 100)}
            required
            error={errorOf(`engagementRules.${i}.label`)}
          />
          <TextInput
            mt={4}
            size="xs"
            label={t("scoring.rule.labelEn")}
            value={rule.labelEn ?? ""}
            onChange={(e) => onChange({ labelEn: e.currentTarget.value || undefined })}
            maxLength={100}
            description={lengthCounter(rule.labelEn, 100)}
            error={errorOf(`engagementRules.${i}.labelEn`)}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 5 }}>
          <MultiSelect
            label={t("scoring.rule.activities")}
            data={ACTIVITY_WORDS.map((word) => ({
              value: word,
              label: activityWordLabel(word, t, i18n.language),
            }))}
            value={rule.activities}
            onChange={(activities) => onChange({ activities })}
            searchable
            required
            maxValues={10}
            error={errorOf(`engagementRules.${i}.activities`)}
            comboboxProps={{ withinPortal: true }}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 5, sm: 2 }}>
          <PointsInput
            value={rule.points}
            onChange={(points) => onChange({ points })}
            error={errorOf(`engagementRules.${i}.points`)}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 5, sm: 1.5 }}>
          <NumberInput
            label={t("scoring.rule.maxPerDayShort")}
            value={rule.maxPerDay}
            onChange={(v) => onChange({ maxPerDay: Number(v) || 1 })}
            min={1}
            max={100}
            clampBehavior="strict"
            allowDecimal={false}
            error={errorOf(`engagementRules.${i}.maxPerDay`)}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 2, sm: 0.5 }}>
          <RemoveRuleButton label={rule.label || i + 1} onClick={onRemove} />
        </Grid.Col>
      </Grid>
    </Paper>
  );
}

/** A rule list: what the rules do, an add button (disabled at the limit), then the rows. */
function RuleSection({
  title,
  help,
  addLabel,
  addTestId,
  onAdd,
  full,
  gap,
  children,
}: {
  title: string;
  help: string;
  addLabel: string;
  addTestId: string;
  onAdd: () => void;
  full: boolean;
  gap: "xs" | "sm";
  children: ReactNode;
}) {
  return (
    <SectionCard
      title={title}
      actions={
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          onClick={onAdd}
          disabled={full}
          data-testid={addTestId}
        >
          {addLabel}
        </Button>
      }
    >
      <Text size="xs" c="dimmed" mb="sm">
        {help}
      </Text>
      <Stack gap={gap}>{children}</Stack>
    </SectionCard>
  );
}

/** A rule's points, a whole number from −100 to 100 (empty counts as 0). */
function PointsInput({
  value,
  onChange,
  error,
}: {
  value: number;
  onChange: (points: number) => void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <NumberInput
      label={t("scoring.rule.points")}
      value={value}
      onChange={(v) => onChange(Number(v) || 0)}
      min={-100}
      max={100}
      clampBehavior="strict"
      allowDecimal={false}
      error={error}
    />
  );
}

/** Fit's or engagement's share of the total, 0 to 10 in steps of 0.1 (empty counts as 0). */
function WeightInput({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: number;
  onChange: (weight: number) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  return (
    <NumberInput
      label={label}
      description={t("scoring.editor.weightHelp")}
      value={value}
      onChange={(v) => onChange(Number(v) || 0)}
      min={0}
      max={10}
      step={0.1}
      decimalScale={2}
      error={error}
    />
  );
}

function RemoveRuleButton({ label, onClick }: { label: string | number; onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <Tooltip label={t("scoring.editor.remove")}>
      <ActionIcon
        variant="subtle"
        color="red"
        mt={26}
        onClick={onClick}
        aria-label={t("scoring.editor.removeRule", { label })}
      >
        <IconTrash size={16} />
      </ActionIcon>
    </Tooltip>
  );
}

/**
 * The rule checker accepts behaviour (count, last), scores and relay state, which fit rules may not use: mark
 * the first such call as an error in the editor, where the checker's own errors appear.
 */
function useFitCheck(condition: string, check: ExpressionCheck): ExpressionCheck {
  const { t } = useTranslation();
  const found = check.checkedText === condition ? findBehaviour(condition) : null;
  if (!found) return check;
  const { start, end } = found;
  const before = condition.slice(0, start).split("\n");
  return {
    ...check,
    valid: false,
    errors: [
      ...check.errors,
      {
        code: "behaviour_in_fit_rule",
        message: t("scoring.editor.fitNoBehaviour"),
        start,
        end,
        line: before.length,
        column: (before.at(-1)?.length ?? 0) + 1,
      },
    ],
  };
}
