import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Text,
  Textarea,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArrowsRightLeft } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { canActOnOwned, type Temperature } from "@tasuki/domain";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { Handoff, HandoffsQuery, Person } from "../../api/types.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { EmptyState, FormErrorAlert } from "../../components/states.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { lengthCounter, withCounter } from "../../lib/length-counter.ts";
import { useCan, useCurrentUser } from "../auth/session.tsx";
import { isPending, SlaCountdown } from "./sla.tsx";
import { nextTeam, useTeamLabel, useTeams } from "./teams.ts";

const historyQuery = (personId: string): HandoffsQuery => ({
  personId,
  limit: 5,
  sort: "createdAt",
  order: "desc",
});

/** The person's handoffs, newest first: a pending one with its live SLA, then what became of earlier ones. */
export function PersonHandoffs({ person }: { person: Person }) {
  const { t, i18n } = useTranslation();
  const teamLabel = useTeamLabel();
  const canWrite = useCan("handoffs.write");
  const me = useCurrentUser();
  // The server's rule (handoff_not_holder): only who holds the person passes the baton.
  const holds = canActOnOwned(
    { userId: me.id, role: me.role, teamId: me.team?.id ?? null },
    { ownerId: person.owner?.id ?? null, teamId: person.team?.id ?? null },
  );
  const [open, setOpen] = useState(false);
  const query = historyQuery(person.id);
  const result = useQuery({ queryKey: keys.handoffsList(query), queryFn: () => api.listHandoffs(query) });
  const pending = result.data?.items.find(isPending);
  return (
    <SectionCard
      title={t("relay.personTitle")}
      testId="person-handoffs"
      actions={
        canWrite && (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconArrowsRightLeft size={14} />}
            onClick={() => setOpen(true)}
            disabled={!holds || Boolean(pending) || result.isPending}
            aria-describedby={holds ? undefined : "handoff-not-holder"}
            data-testid="handoff-create"
          >
            {t("relay.handOver")}
          </Button>
        )
      }
    >
      {canWrite && !holds && (
        <Text size="xs" c="dimmed" mb="sm" id="handoff-not-holder" data-testid="handoff-not-holder">
          {t("relay.notHolder", {
            team: person.team
              ? t(`team.${person.team.key as "marketing"}`, { defaultValue: person.team.name })
              : (person.owner?.name ?? ""),
          })}
        </Text>
      )}
      <QueryState
        query={result}
        loading={<Skeleton h={60} />}
        isEmpty={(data) => data.items.length === 0}
        empty={<EmptyState compact title={t("relay.personNone")} />}
      >
        {(data) => (
          <Stack gap="sm">
            {pending && (
              <Text size="xs" c="dimmed">
                {t("relay.pendingBlocks")}
              </Text>
            )}
            {data.items.map((h) => (
              <Stack key={h.id} gap={4} data-testid="person-handoff">
                <Group gap="xs" wrap="wrap">
                  <Anchor component={Link} to={`/handoffs/${h.id}`} size="sm" fw={600}>
                    {t("relay.edge", { from: teamLabel(h.fromTeam), to: teamLabel(h.toTeam) })}
                  </Anchor>
                  {!isPending(h) && (
                    <Badge
                      color={h.state === "accepted" ? "teal" : "red"}
                      variant="light"
                      size="sm"
                      radius="sm"
                      tt="none"
                    >
                      {t(`relay.state.${h.state}`)}
                    </Badge>
                  )}
                </Group>
                {isPending(h) ? (
                  <SlaCountdown handoff={h} />
                ) : (
                  <Text size="xs" c="dimmed">
                    {formatDateTime(h.decidedAt ?? h.createdAt)}
                    {h.rejectionReason
                      ? `・${i18n.language === "en" ? h.rejectionReason.labelEn : h.rejectionReason.labelJa}`
                      : h.decidedBy
                        ? `・${h.decidedBy.name}`
                        : ""}
                  </Text>
                )}
              </Stack>
            ))}
          </Stack>
        )}
      </QueryState>
      <CreateHandoffModal person={person} opened={open} onClose={() => setOpen(false)} />
    </SectionCard>
  );
}

/** Hand the person to the next team with a baton note: why now, the activities that show it, 温度感. */
function CreateHandoffModal({
  person,
  opened,
  onClose,
}: {
  person: Person;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const teamLabel = useTeamLabel();
  const queryClient = useQueryClient();
  const teams = useTeams();
  const items = teams.data?.items ?? [];
  const manager = me.role === "admin" || me.role === "manager";
  const myTeam = items.find((tm) => tm.id === me.team?.id);
  // Admins and managers hand off on behalf of the team that holds the person now.
  const defaultFrom = myTeam ?? items.find((tm) => tm.id === person.team?.id) ?? items[0];
  const [fromId, setFromId] = useState<string | null>(null);
  const from = items.find((tm) => tm.id === fromId) ?? defaultFrom;
  const [toId, setToId] = useState<string | null>(null);
  const to = items.find((tm) => tm.id === toId) ?? nextTeam(items, from?.function);
  const [whyNow, setWhyNow] = useState("");
  const [activityIds, setActivityIds] = useState<string[]>([]);
  const [temperature, setTemperature] = useState<Temperature | "none">(person.temperature ?? "none");
  const [assigneeId, setAssigneeId] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const [touched, setTouched] = useState(false);

  const timeline = useQuery({
    queryKey: [...keys.timeline(person.id), "for-handoff"],
    queryFn: () => api.getPersonTimeline(person.id, { limit: 50 }),
    enabled: opened,
    select: (page) =>
      page.items.flatMap((e) => (e.kind === "activity" && e.activity ? [e.activity] : [])).slice(0, 12),
  });
  const users = useQuery({
    queryKey: keys.users(),
    queryFn: () => api.listUsers(),
    enabled: opened,
    staleTime: 5 * 60_000,
  });
  const members = (users.data?.items ?? []).filter((u) => to && u.team?.id === to.id);

  const mutation = useMutation({
    mutationFn: () =>
      api.createHandoff({
        personId: person.id,
        ...(manager && from ? { fromTeamId: from.id } : {}),
        toTeamId: to!.id,
        whyNow: whyNow.trim(),
        engagedActivityIds: activityIds,
        temperature: temperature === "none" ? null : temperature,
        note: note.trim() || null,
        assigneeId,
      }),
    onSuccess: (created: Handoff) => {
      void queryClient.invalidateQueries({ queryKey: keys.handoffs });
      notifications.show({
        color: "teal",
        message: t("relay.created", { name: person.name, team: teamLabel(created.toTeam) }),
      });
      close();
    },
  });
  const close = () => {
    setFromId(null);
    setToId(null);
    setWhyNow("");
    setActivityIds([]);
    setTemperature(person.temperature ?? "none");
    setAssigneeId(null);
    setNote("");
    setTouched(false);
    mutation.reset();
    onClose();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!to || !whyNow.trim()) return;
    mutation.mutate();
  };
  const fieldErrors = mutation.error instanceof ApiError ? mutation.error.fieldErrors() : {};
  const teamData = items.map((tm) => ({ value: tm.id, label: teamLabel(tm) }));

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t("relay.createTitle", { name: person.name })}
      size="lg"
      centered
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormErrorAlert error={mutation.error} />
          <Group grow align="flex-start">
            <Select
              label={t("relay.fromTeam")}
              data={teamData}
              value={from?.id ?? null}
              onChange={setFromId}
              disabled={!manager}
              description={manager ? undefined : t("relay.fromYourTeam")}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
            />
            <Select
              label={t("relay.toTeam")}
              data={teamData.filter((d) => d.value !== from?.id)}
              value={to?.id ?? null}
              onChange={(v) => {
                setToId(v);
                setAssigneeId(null);
              }}
              required
              allowDeselect={false}
              error={touched && !to ? t("relay.toTeamRequired") : fieldErrors.toTeamId}
              comboboxProps={{ withinPortal: true }}
              data-testid="handoff-to-team"
            />
          </Group>
          <Textarea
            label={t("relay.whyNow")}
            description={withCounter(t("relay.whyNowHelp"), lengthCounter(whyNow, 2000))}
            placeholder={t("relay.whyNowPlaceholder")}
            value={whyNow}
            onChange={(e) => setWhyNow(e.currentTarget.value)}
            required
            autosize
            minRows={2}
            maxLength={2000}
            error={touched && !whyNow.trim() ? t("relay.whyNowRequired") : fieldErrors.whyNow}
            data-testid="handoff-why-now"
            data-autofocus
          />
          <Checkbox.Group
            label={t("relay.engaged")}
            description={t("relay.engagedHelp")}
            value={activityIds}
            onChange={setActivityIds}
            error={fieldErrors.engagedActivityIds}
          >
            {timeline.isPending ? (
              <Skeleton h={60} mt="xs" />
            ) : timeline.isError ? (
              <Text size="sm" c="red.8" mt="xs">
                {t("common.loadFailed")}
              </Text>
            ) : timeline.data.length === 0 ? (
              <Text size="sm" c="dimmed" mt="xs">
                {t("relay.noActivities")}
              </Text>
            ) : (
              <Stack gap={6} mt="xs">
                {timeline.data.map((a) => (
                  <Checkbox
                    key={a.id}
                    value={a.id}
                    label={
                      <Text size="sm" span>
                        <Text span fw={600} size="sm">
                          {t(`activityType.${a.type}`)}
                        </Text>
                        {a.subject ? `　${a.subject}` : ""}
                        <Text span c="dimmed" size="xs" ml={6}>
                          {formatDateTime(a.occurredAt)}
                        </Text>
                      </Text>
                    }
                  />
                ))}
              </Stack>
            )}
          </Checkbox.Group>
          <Stack gap={4}>
            <Text size="sm" fw={500} id="handoff-temperature-label">
              {t("relay.temperature")}
            </Text>
            <SegmentedControl
              aria-labelledby="handoff-temperature-label"
              value={temperature}
              onChange={(v) => setTemperature(v as Temperature | "none")}
              data={[
                { value: "hot", label: t("temperature.hot") },
                { value: "warm", label: t("temperature.warm") },
                { value: "cold", label: t("temperature.cold") },
                { value: "none", label: t("temperature.none") },
              ]}
            />
          </Stack>
          <Select
            label={t("relay.assignee")}
            description={t("relay.assigneeHelp")}
            placeholder={t("relay.assigneeAuto")}
            data={members.map((u) => ({ value: u.id, label: u.name }))}
            value={assigneeId}
            onChange={setAssigneeId}
            clearable
            searchable
            nothingFoundMessage={t("common.noMatches")}
            error={fieldErrors.assigneeId}
            comboboxProps={{ withinPortal: true }}
          />
          <Textarea
            label={t("relay.note")}
            placeholder={t("relay.notePlaceholder")}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            autosize
            minRows={2}
            maxLength={5000}
            description={lengthCounter(note, 5000)}
            error={fieldErrors.note}
          />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={mutation.isPending} data-testid="handoff-submit">
              {t("relay.createSubmit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
