import {
  Alert,
  Button,
  Grid,
  Group,
  Paper,
  Select,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertCircle, IconChartBar, IconDeviceFloppy, IconSend } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { DEFINITION_KEY_PATTERN, LIFECYCLE_STAGES, type LifecycleStage, type Role } from "@tasuki/domain";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { ApiError } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { DefinitionDetail } from "../../api/types.ts";
import { PageHeader } from "../../components/PageHeader.tsx";
import { PageQueryState } from "../../components/QueryState.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { ForbiddenState, FormErrorAlert } from "../../components/states.tsx";
import { lengthCounter, withCounter } from "../../lib/length-counter.ts";
import { useCan, useCurrentUser } from "../auth/session.tsx";
import { ExpressionEditor, useExpressionCheck } from "./ExpressionEditor.tsx";
import { DiffView, ExpressionBlock, useDefinitionName } from "./shared.tsx";

const MARKETING_ROLES: readonly Role[] = ["marketing"];
const SALES_ROLES: readonly Role[] = ["inside_sales", "field_sales"];

/** `Hot lead` → `hot_lead`: a key suggestion while the user has not typed one. */
function suggestKey(nameEn: string): string {
  const key = nameEn
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .replace(/^[^a-z]+/, "")
    .slice(0, 40);
  return key;
}

function OwnerSelect({
  roles,
  value,
  onChange,
  label,
  error,
  testId,
}: {
  roles: readonly Role[];
  value: string | null;
  onChange: (id: string | null) => void;
  label: string;
  error?: string | null;
  testId: string;
}) {
  const { t } = useTranslation();
  const users = useQuery({ queryKey: keys.users(), queryFn: () => api.listUsers(), staleTime: 5 * 60_000 });
  const data = (users.data?.items ?? [])
    .filter((u) => roles.includes(u.role))
    .map((u) => ({
      value: u.id,
      label: t("definitions.editor.ownerOption", { name: u.name, role: t(`role.${u.role}`) }),
    }));
  return (
    <Select
      label={label}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      required
      placeholder={t("definitions.editor.chooseOwner")}
      disabled={users.isPending}
      nothingFoundMessage={t("common.noMatches")}
      error={error ?? (users.isError ? t("common.loadFailed") : null)}
      data-testid={testId}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

/** A new definition: its names, its plain-words description, its owners on each side, and its rule. */
export function CreateDefinitionPage() {
  const { t } = useTranslation();
  const canWrite = useCan("definitions.write");
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [nameJa, setNameJa] = useState("");
  const [nameEn, setNameEn] = useState("");
  const [key, setKey] = useState("");
  const [keyEdited, setKeyEdited] = useState(false);
  const [description, setDescription] = useState("");
  const [targetStage, setTargetStage] = useState<LifecycleStage | null>(null);
  const [autoAdvance, setAutoAdvance] = useState(false);
  const me = useCurrentUser();
  // The author usually owns their own side.
  const [marketingOwnerId, setMarketingOwnerId] = useState<string | null>(
    MARKETING_ROLES.includes(me.role) ? me.id : null,
  );
  const [salesOwnerId, setSalesOwnerId] = useState<string | null>(
    SALES_ROLES.includes(me.role) ? me.id : null,
  );
  const [expression, setExpression] = useState("");
  const [changeNote, setChangeNote] = useState("");
  const [touched, setTouched] = useState(false);
  const [proposing, setProposing] = useState(false);
  const check = useExpressionCheck(expression);
  const effectiveKey = keyEdited ? key : suggestKey(nameEn);

  const mutation = useMutation({
    mutationFn: async (propose: boolean) => {
      const created = await api.createDefinition({
        key: effectiveKey,
        nameJa: nameJa.trim(),
        nameEn: nameEn.trim(),
        description: description.trim(),
        targetStage,
        autoAdvance: targetStage ? autoAdvance : false,
        marketingOwnerId: marketingOwnerId!,
        salesOwnerId: salesOwnerId!,
        expression,
      });
      const version = { expression, description: description.trim(), changeNote: changeNote.trim() || null };
      if (!propose) {
        // Keep a note written for the draft; it is required only when proposing.
        const detail = version.changeNote ? await api.saveDefinitionDraft(created.id, version) : created;
        return { detail, proposed: false };
      }
      const detail = await api.proposeDefinitionVersion(created.id, version);
      return { detail, proposed: true };
    },
    onSuccess: ({ detail, proposed }) => {
      queryClient.setQueryData(keys.definition(detail.id), detail);
      void queryClient.invalidateQueries({ queryKey: keys.definitions });
      notifications.show({
        color: "teal",
        message: proposed
          ? t("definitions.editor.createdProposed", { name: detail.nameJa })
          : t("definitions.editor.created", { name: detail.nameJa }),
      });
      navigate(`/definitions/${detail.id}`);
    },
  });

  if (!canWrite) return <ForbiddenState description={t("definitions.editor.cannotWrite")} />;

  const fieldErrors = mutation.error instanceof ApiError ? mutation.error.fieldErrors() : {};
  const keyValid = DEFINITION_KEY_PATTERN.test(effectiveKey);
  const required = (value: string | null) => (touched && !value?.trim() ? t("common.required") : null);
  const submit = (propose: boolean) => (event?: FormEvent) => {
    event?.preventDefault();
    setTouched(true);
    setProposing(propose);
    const complete =
      nameJa.trim() &&
      nameEn.trim() &&
      keyValid &&
      description.trim() &&
      marketingOwnerId &&
      salesOwnerId &&
      expression.trim() &&
      (!propose || changeNote.trim()) &&
      check.valid !== false;
    if (!complete) return;
    mutation.mutate(propose);
  };

  return (
    <>
      <PageHeader
        crumbs={[{ label: t("nav.definitions"), to: "/definitions" }, { label: t("definitions.create") }]}
        title={t("definitions.create")}
        description={t("definitions.editor.createIntro")}
      />
      <form onSubmit={submit(true)} noValidate>
        <Stack gap="md" maw={960}>
          <FormErrorAlert error={mutation.error} />
          <SectionCard title={t("definitions.editor.basics")}>
            <Grid gap="md">
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <TextInput
                  label={t("definitions.fields.nameJa")}
                  placeholder={t("definitions.editor.nameJaPlaceholder")}
                  value={nameJa}
                  onChange={(e) => setNameJa(e.currentTarget.value)}
                  required
                  maxLength={100}
                  description={lengthCounter(nameJa, 100)}
                  error={required(nameJa) ?? fieldErrors.nameJa}
                  data-testid="definition-name-ja"
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <TextInput
                  label={t("definitions.fields.nameEn")}
                  placeholder="Hot lead"
                  value={nameEn}
                  onChange={(e) => setNameEn(e.currentTarget.value)}
                  required
                  maxLength={100}
                  description={lengthCounter(nameEn, 100)}
                  lang="en"
                  error={required(nameEn) ?? fieldErrors.nameEn}
                  data-testid="definition-name-en"
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <TextInput
                  label={t("definitions.fields.key")}
                  description={withCounter(t("definitions.editor.keyHelp"), lengthCounter(effectiveKey, 40))}
                  placeholder="hot_lead"
                  value={effectiveKey}
                  onChange={(e) => {
                    setKeyEdited(true);
                    setKey(e.currentTarget.value);
                  }}
                  required
                  maxLength={40}
                  classNames={{ input: "tasuki-expression" }}
                  error={
                    (touched || keyEdited) && !keyValid ? t("definitions.editor.keyInvalid") : fieldErrors.key
                  }
                  data-testid="definition-key"
                />
              </Grid.Col>
              <Grid.Col span={12}>
                <Textarea
                  label={t("definitions.fields.description")}
                  description={withCounter(
                    t("definitions.editor.descriptionHelp"),
                    lengthCounter(description, 5000),
                  )}
                  placeholder={t("definitions.editor.descriptionPlaceholder")}
                  value={description}
                  onChange={(e) => setDescription(e.currentTarget.value)}
                  required
                  autosize
                  minRows={3}
                  maxLength={5000}
                  error={required(description) ?? fieldErrors.description}
                  data-testid="definition-description"
                />
              </Grid.Col>
            </Grid>
          </SectionCard>
          <SectionCard title={t("definitions.editor.ownersAndStage")}>
            <Grid gap="md">
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <OwnerSelect
                  roles={MARKETING_ROLES}
                  label={t("definitions.fields.marketingOwner")}
                  value={marketingOwnerId}
                  onChange={setMarketingOwnerId}
                  error={
                    touched && !marketingOwnerId
                      ? t("definitions.editor.ownerRequired")
                      : fieldErrors.marketingOwnerId
                  }
                  testId="marketing-owner"
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <OwnerSelect
                  roles={SALES_ROLES}
                  label={t("definitions.fields.salesOwner")}
                  value={salesOwnerId}
                  onChange={setSalesOwnerId}
                  error={
                    touched && !salesOwnerId
                      ? t("definitions.editor.ownerRequired")
                      : fieldErrors.salesOwnerId
                  }
                  testId="sales-owner"
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <Select
                  label={t("definitions.fields.targetStage")}
                  description={t("definitions.editor.targetStageHelp")}
                  placeholder={t("definitions.noStage")}
                  data={LIFECYCLE_STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))}
                  value={targetStage}
                  onChange={(v) => {
                    setTargetStage(v as LifecycleStage | null);
                    if (!v) setAutoAdvance(false);
                  }}
                  clearable
                  comboboxProps={{ withinPortal: true }}
                  data-testid="target-stage"
                />
              </Grid.Col>
              <Grid.Col span={{ base: 12, sm: 6 }}>
                <Switch
                  mt={{ base: 0, sm: 28 }}
                  label={t("definitions.fields.autoAdvance")}
                  description={
                    targetStage
                      ? t("definitions.editor.autoAdvanceHelp", { stage: t(`stage.${targetStage}`) })
                      : t("definitions.editor.autoAdvanceNeedsStage")
                  }
                  checked={autoAdvance}
                  onChange={(e) => setAutoAdvance(e.currentTarget.checked)}
                  disabled={!targetStage}
                  error={fieldErrors.autoAdvance}
                />
              </Grid.Col>
            </Grid>
          </SectionCard>
          <SectionCard title={t("definitions.editor.rule")}>
            <ExpressionEditor
              label={t("definitions.fields.expression")}
              description={t("definitions.editor.expressionHelp")}
              value={expression}
              onChange={setExpression}
              check={check}
              required
              serverError={
                fieldErrors.expression ??
                (touched && !expression.trim() ? t("definitions.editor.expressionRequired") : null)
              }
            />
            <Textarea
              mt="md"
              label={t("definitions.fields.changeNote")}
              description={t("definitions.editor.changeNoteHelp")}
              placeholder={t("definitions.editor.firstChangeNotePlaceholder")}
              value={changeNote}
              onChange={(e) => setChangeNote(e.currentTarget.value)}
              required
              autosize
              minRows={2}
              maxLength={2000}
              error={
                touched && proposing && !changeNote.trim()
                  ? t("definitions.editor.changeNoteRequired")
                  : fieldErrors.changeNote
              }
              data-testid="definition-change-note"
            />
          </SectionCard>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" component={Link} to="/definitions">
              {t("common.cancel")}
            </Button>
            <Button
              variant="light"
              leftSection={<IconDeviceFloppy size={16} />}
              onClick={() => submit(false)()}
              loading={mutation.isPending && mutation.variables === false}
              disabled={mutation.isPending}
              data-testid="definition-save-draft"
            >
              {t("definitions.editor.createDraft")}
            </Button>
            <Button
              type="submit"
              leftSection={<IconSend size={16} />}
              loading={mutation.isPending && mutation.variables === true}
              disabled={mutation.isPending || check.valid === false}
              data-testid="definition-propose"
            >
              {t("definitions.editor.createAndPropose")}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}

/** The next version of a definition: continue the open draft, or start from the version in force. */
export function NewVersionPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const canWrite = useCan("definitions.write");
  const result = useQuery({ queryKey: keys.definition(id), queryFn: () => api.getDefinition(id) });
  if (!canWrite) return <ForbiddenState description={t("definitions.editor.cannotWrite")} />;
  return (
    <PageQueryState
      query={result}
      header={{
        title: t("definitions.newVersion"),
        crumbs: [{ label: t("nav.definitions"), to: "/definitions" }],
      }}
    >
      {/* Remount with fresh fields when the definition's open version changes under us. */}
      {(data) => <VersionForm key={data.open?.id ?? "new"} definition={data} />}
    </PageQueryState>
  );
}

function VersionForm({ definition: d }: { definition: DefinitionDetail }) {
  const { t } = useTranslation();
  const nameOf = useDefinitionName();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const draft = d.open?.status === "draft" ? d.open : null;
  const proposed = d.open?.status === "proposed" ? d.open : null;
  const base = draft ?? d.current ?? d.versions[0];
  const [expression, setExpression] = useState(base?.expression ?? "");
  const [description, setDescription] = useState(base?.description ?? "");
  const [changeNote, setChangeNote] = useState(draft?.changeNote ?? "");
  const [touched, setTouched] = useState(false);
  const check = useExpressionCheck(expression);
  const nextNumber = draft?.number ?? (d.versions[0]?.number ?? 0) + 1;

  const body = () => ({
    expression,
    description: description.trim(),
    changeNote: changeNote.trim() || null,
  });
  const saveDraft = useMutation({
    mutationFn: () => api.saveDefinitionDraft(d.id, body()),
    onSuccess: (detail) => {
      queryClient.setQueryData(keys.definition(d.id), detail);
      void queryClient.invalidateQueries({ queryKey: keys.definitionsList });
      notifications.show({
        color: "teal",
        message: t("definitions.editor.draftSaved", { number: nextNumber }),
      });
    },
  });
  const propose = useMutation({
    mutationFn: () => api.proposeDefinitionVersion(d.id, body()),
    onSuccess: (detail) => {
      queryClient.setQueryData(keys.definition(d.id), detail);
      void queryClient.invalidateQueries({ queryKey: keys.definitionsList });
      notifications.show({
        color: "teal",
        message: t("definitions.editor.proposed", { number: nextNumber }),
      });
      navigate(`/definitions/${d.id}`);
    },
  });
  // 影響を確認: the draft is saved first, so the backtest runs on exactly this text.
  const checkImpact = useMutation({
    mutationFn: () => api.saveDefinitionDraft(d.id, body()),
    onSuccess: (detail) => {
      queryClient.setQueryData(keys.definition(d.id), detail);
      void queryClient.invalidateQueries({ queryKey: keys.definitionsList });
      if (detail.open) navigate(`/definitions/${d.id}/versions/${detail.open.id}/impact`);
    },
  });
  const error = propose.error ?? saveDraft.error ?? checkImpact.error;
  const fieldErrors = error instanceof ApiError ? error.fieldErrors() : {};
  const missing = !expression.trim() || !description.trim();
  const [proposing, setProposing] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    setProposing(true);
    if (missing || !changeNote.trim() || check.valid !== true || check.checkedText !== expression) return;
    propose.mutate();
  };
  const busy = propose.isPending || saveDraft.isPending || checkImpact.isPending;

  return (
    <>
      <PageHeader
        crumbs={[
          { label: t("nav.definitions"), to: "/definitions" },
          { label: nameOf(d), to: `/definitions/${d.id}` },
          { label: t("definitions.editor.versionCrumb", { number: nextNumber }) },
        ]}
        title={t(draft ? "definitions.editor.draftTitle" : "definitions.editor.versionTitle", {
          name: nameOf(d),
          number: nextNumber,
        })}
        description={
          draft ? t("definitions.editor.continuingDraft") : t("definitions.editor.startingFromCurrent")
        }
      />
      {proposed ? (
        <Alert
          color="orange"
          variant="light"
          icon={<IconAlertCircle size={18} />}
          data-testid="proposed-blocks"
        >
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{t("definitions.proposedBlocksEdit", { number: proposed.number })}</Text>
            <Button component={Link} to={`/definitions/${d.id}`} size="xs" variant="white" color="orange">
              {t("definitions.backToDefinition")}
            </Button>
          </Stack>
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Grid gap="md">
            <Grid.Col span={{ base: 12, lg: 8 }}>
              <Stack gap="md">
                <FormErrorAlert error={error} />
                <Paper withBorder radius="md" p="md">
                  <Stack gap="md">
                    <ExpressionEditor
                      label={t("definitions.fields.expression")}
                      description={t("definitions.editor.expressionHelp")}
                      value={expression}
                      onChange={setExpression}
                      check={check}
                      required
                      serverError={
                        fieldErrors.expression ??
                        (touched && !expression.trim() ? t("definitions.editor.expressionRequired") : null)
                      }
                    />
                    <Textarea
                      label={t("definitions.fields.description")}
                      description={withCounter(
                        t("definitions.editor.descriptionHelp"),
                        lengthCounter(description, 5000),
                      )}
                      value={description}
                      onChange={(e) => setDescription(e.currentTarget.value)}
                      required
                      autosize
                      minRows={3}
                      maxLength={5000}
                      error={touched && !description.trim() ? t("common.required") : fieldErrors.description}
                      data-testid="definition-description"
                    />
                    {base &&
                      expression.trim() !== base.expression.trim() &&
                      description === base.description && (
                        <Alert color="yellow" variant="light" py={6} data-testid="description-unchanged">
                          <Text size="xs">{t("definitions.editor.descriptionUnchanged")}</Text>
                        </Alert>
                      )}
                    <Textarea
                      label={t("definitions.fields.changeNote")}
                      description={withCounter(
                        t("definitions.editor.changeNoteHelp"),
                        lengthCounter(changeNote, 2000),
                      )}
                      placeholder={t("definitions.editor.changeNotePlaceholder")}
                      value={changeNote}
                      onChange={(e) => setChangeNote(e.currentTarget.value)}
                      required
                      autosize
                      minRows={2}
                      maxLength={2000}
                      error={
                        proposing && !changeNote.trim()
                          ? t("definitions.editor.changeNoteRequired")
                          : fieldErrors.changeNote
                      }
                      data-testid="definition-change-note"
                    />
                  </Stack>
                </Paper>
                <Group justify="flex-end" gap="sm">
                  <Button variant="default" component={Link} to={`/definitions/${d.id}`}>
                    {t("common.cancel")}
                  </Button>
                  <Button
                    variant="default"
                    leftSection={<IconChartBar size={16} />}
                    title={t("definitions.editor.checkImpactHelp")}
                    onClick={() => {
                      setTouched(true);
                      setProposing(false);
                      if (!missing && check.valid !== false) checkImpact.mutate();
                    }}
                    loading={checkImpact.isPending}
                    disabled={busy && !checkImpact.isPending}
                    data-testid="version-check-impact"
                  >
                    {t("definitions.editor.checkImpact")}
                  </Button>
                  <Button
                    variant="light"
                    leftSection={<IconDeviceFloppy size={16} />}
                    onClick={() => {
                      setTouched(true);
                      setProposing(false);
                      if (!missing) saveDraft.mutate();
                    }}
                    loading={saveDraft.isPending}
                    disabled={busy && !saveDraft.isPending}
                    data-testid="version-save-draft"
                  >
                    {t("definitions.editor.saveDraft")}
                  </Button>
                  <Button
                    type="submit"
                    leftSection={<IconSend size={16} />}
                    loading={propose.isPending}
                    disabled={(busy && !propose.isPending) || check.valid === false}
                    data-testid="version-propose"
                  >
                    {t("definitions.editor.propose")}
                  </Button>
                </Group>
                {check.valid === false ? (
                  <Text size="xs" c="dimmed" ta="right">
                    {t("definitions.editor.fixBeforePropose")}
                  </Text>
                ) : (
                  <Text size="xs" c="dimmed" ta="right">
                    {t("definitions.editor.checkImpactHelp")}
                  </Text>
                )}
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 4 }}>
              <Stack gap="md">
                <SectionCard
                  title={
                    d.current
                      ? t("definitions.currentTitle", { number: d.current.number })
                      : t("definitions.noCurrentTitle")
                  }
                >
                  {d.current ? (
                    <Stack gap="xs">
                      <Text size="sm" lh={1.7}>
                        {d.current.description}
                      </Text>
                      <ExpressionBlock expression={d.current.expression} />
                    </Stack>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t("definitions.noCurrentBody")}
                    </Text>
                  )}
                </SectionCard>
                {d.current && (
                  <Paper withBorder radius="md" p="md">
                    <Title order={2} size="h5" mb="xs">
                      {t("definitions.editor.changesSoFar")}
                    </Title>
                    <Stack gap="xs">
                      <DiffView before={d.current.expression} after={expression} mono />
                      <DiffView before={d.current.description} after={description} />
                    </Stack>
                  </Paper>
                )}
              </Stack>
            </Grid.Col>
          </Grid>
        </form>
      )}
    </>
  );
}
