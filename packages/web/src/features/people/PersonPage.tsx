import {
  Anchor,
  Button,
  Grid,
  Group,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Tooltip,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArrowsExchange, IconPencil } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { canActOnOwned, STAGE_TRANSITIONS, type Temperature } from "@tasuki/domain";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { Person } from "../../api/types.ts";
import { StageBadge } from "../../components/badges.tsx";
import { InfoList } from "../../components/InfoList.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { PageQueryState } from "../../components/QueryState.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { formatDateTime, formatPhoneNumber, kanaOf } from "../../lib/format.ts";
import { useCan, useCurrentUser } from "../auth/session.tsx";
import { PersonHandoffs } from "../relay/PersonHandoff.tsx";
import { DefinitionChecks } from "./DefinitionChecks.tsx";
import { EditPersonModal } from "./EditPersonModal.tsx";
import { NoteComposer } from "./NoteComposer.tsx";
import { PersonOpportunities } from "./PersonOpportunities.tsx";
import { ScorePanel } from "./ScorePanel.tsx";
import { StageChangeModal } from "./StageChangeModal.tsx";
import { StageHistory } from "./StageHistory.tsx";
import { Timeline } from "./Timeline.tsx";

export function PersonPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const person = useQuery({ queryKey: keys.person(id), queryFn: () => api.getPerson(id) });
  return (
    <PageQueryState
      query={person}
      header={{ title: t("people.person"), crumbs: [{ label: t("nav.people"), to: "/people" }] }}
      loading={<PersonSkeleton />}
    >
      {(data) => <PersonView person={data} />}
    </PageQueryState>
  );
}

function PersonView({ person }: { person: Person }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const canStage = useCan("people.stage");
  const canWrite = useCan("people.write");
  const canNote = useCan("activities.write");
  const owned = canActOnOwned(
    { userId: me.id, role: me.role, teamId: me.team?.id ?? null },
    { ownerId: person.owner?.id ?? null, teamId: person.team?.id ?? null },
  );
  const [stageOpen, setStageOpen] = useState(false);
  const [editOpen, setEditOpen] = useState(false);
  const kana = kanaOf(person);
  const transitions = STAGE_TRANSITIONS[person.stage];
  const notOwnedHint = owned ? null : t("people.notOwned");

  return (
    <>
      <PageHeader
        crumbs={[{ label: t("nav.people"), to: "/people" }, { label: person.name }]}
        above={kana && <span className="tasuki-kana">{kana}</span>}
        title={
          <Group gap="sm" component="span">
            <span data-testid="person-name">{person.name}</span>
            <StageBadge stage={person.stage} size="lg" />
          </Group>
        }
        description={
          <Group gap={0} component="span">
            {person.company ? (
              <Anchor component={Link} to={`/companies/${person.company.id}`} size="sm">
                {person.company.name}
              </Anchor>
            ) : (
              <span>{t("people.noCompany")}</span>
            )}
            {[person.department, person.title].filter(Boolean).map((v) => (
              <span key={v}>・{v}</span>
            ))}
          </Group>
        }
        actions={
          <>
            {canWrite && (
              <Tooltip label={notOwnedHint} disabled={owned}>
                <Button
                  variant="default"
                  leftSection={<IconPencil size={16} />}
                  onClick={() => setEditOpen(true)}
                  disabled={!owned}
                  data-testid="edit-person"
                >
                  {t("common.edit")}
                </Button>
              </Tooltip>
            )}
            {canStage && (
              <Tooltip
                label={notOwnedHint ?? t("people.noTransitions")}
                disabled={owned && transitions.length > 0}
              >
                <Button
                  leftSection={<IconArrowsExchange size={16} />}
                  onClick={() => setStageOpen(true)}
                  disabled={!owned || transitions.length === 0}
                  data-testid="change-stage"
                >
                  {t("people.changeStage")}
                </Button>
              </Tooltip>
            )}
          </>
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md">
            <SectionCard title={t("people.status")}>
              <Stack gap="md">
                <TemperatureControl person={person} disabled={!canWrite || !owned} />
                <InfoList
                  items={[
                    { label: t("people.columns.owner"), value: person.owner?.name ?? t("common.unassigned") },
                    {
                      label: t("people.columns.team"),
                      value: person.team
                        ? t(`team.${person.team.key as "marketing"}`, { defaultValue: person.team.name })
                        : null,
                    },
                    { label: t("people.stageSince"), value: formatDateTime(person.stageChangedAt) },
                  ]}
                />
                {notOwnedHint && (
                  <Text size="xs" c="dimmed">
                    {notOwnedHint}
                  </Text>
                )}
              </Stack>
            </SectionCard>
            <ScorePanel personId={person.id} />
            <SectionCard title={t("people.profile")}>
              <InfoList
                items={[
                  {
                    label: t("people.columns.email"),
                    value: person.email && (
                      <Anchor href={`mailto:${person.email}`} size="sm">
                        {person.email}
                      </Anchor>
                    ),
                  },
                  {
                    label: t("people.columns.phone"),
                    value: person.phone && formatPhoneNumber(person.phone),
                  },
                  { label: t("people.department"), value: person.department },
                  { label: t("people.jobTitle"), value: person.title },
                  { label: t("people.source"), value: person.source },
                  { label: t("people.consent"), value: t(`consent.${person.consentStatus}`) },
                  { label: t("people.columns.createdAt"), value: formatDateTime(person.createdAt) },
                  { label: t("people.columns.updatedAt"), value: formatDateTime(person.updatedAt) },
                ]}
              />
            </SectionCard>
            <StageHistory personId={person.id} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
              <PersonHandoffs person={person} />
              <DefinitionChecks personId={person.id} />
            </SimpleGrid>
            {canNote && <NoteComposer personId={person.id} />}
            <PersonOpportunities personId={person.id} />
            <Timeline personId={person.id} />
          </Stack>
        </Grid.Col>
      </Grid>
      <StageChangeModal person={person} opened={stageOpen} onClose={() => setStageOpen(false)} />
      <EditPersonModal person={person} opened={editOpen} onClose={() => setEditOpen(false)} />
    </>
  );
}

function TemperatureControl({ person, disabled }: { person: Person; disabled: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (temperature: Temperature | null) =>
      api.updatePerson(person.id, { temperature, version: person.version }),
    onSuccess: (updated) => {
      queryClient.setQueryData(keys.person(person.id), updated);
      void queryClient.invalidateQueries({ queryKey: ["people", "list"] });
      notifications.show({ color: "teal", message: t("people.temperatureSaved") });
    },
    onError: (error) => {
      notifications.show({
        color: "red",
        title: t("people.temperatureFailed"),
        message: error instanceof ApiError ? error.message : t("common.unexpectedError"),
      });
      if (error instanceof ApiError && error.code === "version_conflict")
        void queryClient.invalidateQueries({ queryKey: keys.person(person.id) });
    },
  });
  return (
    <Stack gap={6}>
      <Text size="sm" c="dimmed" id="temperature-label">
        {t("people.columns.temperature")}
      </Text>
      <SegmentedControl
        aria-labelledby="temperature-label"
        fullWidth
        size="sm"
        disabled={disabled || mutation.isPending}
        value={person.temperature ?? "none"}
        onChange={(value) => mutation.mutate(value === "none" ? null : (value as Temperature))}
        data={[
          { value: "hot", label: t("temperature.hot") },
          { value: "warm", label: t("temperature.warm") },
          { value: "cold", label: t("temperature.cold") },
          { value: "none", label: t("temperature.none") },
        ]}
        data-testid="temperature-control"
      />
    </Stack>
  );
}

function PersonSkeleton() {
  return (
    <Stack>
      <Skeleton h={14} w={200} />
      <Skeleton h={32} w={320} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Skeleton h={320} radius="md" />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Skeleton h={420} radius="md" />
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
