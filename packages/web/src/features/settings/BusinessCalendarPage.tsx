import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCalendarPlus, IconPlus, IconTrash } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TeamFunction } from "@tasuki/domain";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, fieldErrorOf } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { BusinessCalendar, UpdateBusinessCalendarRequest } from "../../api/types.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { ForbiddenState, TableSkeleton } from "../../components/states.tsx";
import { useCan } from "../auth/session.tsx";
import { RELAY_ORDER, useTeamLabel } from "../relay/teams.ts";

type Holiday = { date: string; name: string };
type TeamEntry = BusinessCalendar["teams"][number];

/** Monday first, as a Japanese office calendar reads; values are JS weekdays (0 = Sunday). */
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 0] as const;
const YEAR_END: Holiday[] = ["12-29", "12-30", "12-31", "01-01", "01-02", "01-03"].map((date) => ({
  date,
  name: "年末年始",
}));

export function BusinessCalendarPage() {
  const canManage = useCan("relay.manage");
  if (!canManage) return <ForbiddenState />;
  return <CalendarSettings />;
}

function useSave() {
  const { t } = useTranslation();
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateBusinessCalendarRequest) => api.updateBusinessCalendar(body),
    onSuccess: (data) => {
      client.setQueryData(keys.businessCalendar, data);
      notifications.show({ color: "teal", message: t("relaySettings.saved") });
    },
  });
}

function CalendarSettings() {
  const { t } = useTranslation();
  const calendar = useQuery({ queryKey: keys.businessCalendar, queryFn: api.getBusinessCalendar });
  return (
    <QueryState query={calendar} loading={<TableSkeleton rows={6} />}>
      {(data) => (
        <Stack gap="lg">
          <Text size="sm" c="dimmed" maw={760}>
            {t("relaySettings.calendar.description")}
          </Text>
          <CompanyCalendar key={data.company.version} company={data.company} />
          <Title order={3} size="h4">
            {t("relaySettings.calendar.teams")}
          </Title>
          {[...data.teams]
            .sort(
              (a, b) =>
                RELAY_ORDER.indexOf(a.team.key as TeamFunction) -
                RELAY_ORDER.indexOf(b.team.key as TeamFunction),
            )
            .map((entry) => (
              <TeamOverride key={`${entry.team.id}:${entry.override?.version ?? 0}`} entry={entry} />
            ))}
        </Stack>
      )}
    </QueryState>
  );
}

function WorkdayPicker({ value, onChange }: { value: number[]; onChange: (days: number[]) => void }) {
  const { t } = useTranslation();
  return (
    <Checkbox.Group
      label={t("relaySettings.calendar.workdays")}
      value={value.map(String)}
      onChange={(v) => onChange(v.map(Number))}
    >
      <Group gap="md" mt={6}>
        {WEEKDAYS.map((d) => (
          <Checkbox
            key={d}
            value={String(d)}
            label={t(`relaySettings.weekday.${d}`)}
            data-testid={`workday-${d}`}
          />
        ))}
      </Group>
    </Checkbox.Group>
  );
}

/** The working day's start and end, `HH:MM` each. */
function WorkingHours({
  start,
  end,
  onStartChange,
  onEndChange,
  testIds,
}: {
  start: string;
  end: string;
  onStartChange: (value: string) => void;
  onEndChange: (value: string) => void;
  testIds?: { start: string; end: string };
}) {
  const { t } = useTranslation();
  return (
    <Group gap="md">
      <TextInput
        placeholder="09:00"
        maxLength={5}
        w={110}
        label={t("relaySettings.calendar.workStart")}
        value={start}
        onChange={(e) => onStartChange(e.currentTarget.value)}
        data-testid={testIds?.start}
      />
      <TextInput
        placeholder="09:00"
        maxLength={5}
        w={110}
        label={t("relaySettings.calendar.workEnd")}
        value={end}
        onChange={(e) => onEndChange(e.currentTarget.value)}
        data-testid={testIds?.end}
      />
    </Group>
  );
}

function errorText(error: unknown): string | null {
  if (!error) return null;
  if (error instanceof ApiError) {
    const details = error.details?.map((d) => d.message).join(" / ");
    return details ? `${error.message} ${details}` : error.message;
  }
  return String(error);
}

function CompanyCalendar({ company }: { company: BusinessCalendar["company"] }) {
  const { t } = useTranslation();
  const [workdays, setWorkdays] = useState<number[]>(company.workdays);
  const [workStart, setWorkStart] = useState(company.workStart);
  const [workEnd, setWorkEnd] = useState(company.workEnd);
  const [national, setNational] = useState(company.nationalHolidays);
  const [holidays, setHolidays] = useState<Holiday[]>(company.companyHolidays);
  const save = useSave();
  const missingYearEnd = YEAR_END.filter((h) => !holidays.some((x) => x.date === h.date));
  const sorted = (list: Holiday[]) => [...list].sort((a, b) => a.date.localeCompare(b.date));
  // The server numbers the holidays it was sent (blank rows are left out): map each row to it.
  const sentIndex = (i: number) => holidays.slice(0, i).filter((h) => h.date || h.name).length;
  const holidayError = fieldErrorOf(save.error);
  const updateHoliday = (i: number, patch: Partial<Holiday>) =>
    setHolidays(holidays.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  return (
    <Paper withBorder radius="md" p="md" data-testid="company-calendar">
      <Title order={3} size="h4" mb="sm">
        {t("relaySettings.calendar.company")}
      </Title>
      <Stack gap="md">
        <WorkdayPicker value={workdays} onChange={setWorkdays} />
        <WorkingHours
          start={workStart}
          end={workEnd}
          onStartChange={setWorkStart}
          onEndChange={setWorkEnd}
          testIds={{ start: "work-start", end: "work-end" }}
        />
        <Switch
          label={t("relaySettings.calendar.nationalHolidays")}
          description={t("relaySettings.calendar.nationalHolidaysHint")}
          checked={national}
          onChange={(e) => setNational(e.currentTarget.checked)}
        />
        <div>
          <Group justify="space-between" mb={6}>
            <Text size="sm" fw={500}>
              {t("relaySettings.calendar.companyHolidays")}
            </Text>
            <Group gap="xs">
              {missingYearEnd.length > 0 && (
                <Button
                  size="xs"
                  variant="light"
                  leftSection={<IconCalendarPlus size={14} />}
                  onClick={() => setHolidays(sorted([...holidays, ...missingYearEnd]))}
                >
                  {t("relaySettings.calendar.addYearEnd")}
                </Button>
              )}
              <Button
                size="xs"
                variant="default"
                leftSection={<IconPlus size={14} />}
                onClick={() => setHolidays([...holidays, { date: "", name: "" }])}
                data-testid="holiday-add"
              >
                {t("relaySettings.calendar.addHoliday")}
              </Button>
            </Group>
          </Group>
          <Text size="xs" c="dimmed" mb={6}>
            {t("relaySettings.calendar.holidayFormat")}
          </Text>
          <Table withTableBorder verticalSpacing={4} data-testid="company-holidays">
            <Table.Tbody>
              {holidays.map((h, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place and may share a date while typing
                <Table.Tr key={i}>
                  <Table.Td w={170}>
                    <TextInput
                      size="xs"
                      placeholder="12-29 / 2026-05-01"
                      aria-label={t("relaySettings.calendar.holidayDate")}
                      value={h.date}
                      onChange={(e) => updateHoliday(i, { date: e.currentTarget.value })}
                      data-testid="holiday-date"
                      error={holidayError(`companyHolidays.${sentIndex(i)}.date`)}
                    />
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      size="xs"
                      aria-label={t("relaySettings.calendar.holidayName")}
                      placeholder={t("relaySettings.calendar.holidayNamePlaceholder")}
                      value={h.name}
                      onChange={(e) => updateHoliday(i, { name: e.currentTarget.value })}
                      data-testid="holiday-name"
                      error={holidayError(`companyHolidays.${sentIndex(i)}.name`)}
                    />
                  </Table.Td>
                  <Table.Td w={44}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t("relaySettings.calendar.removeHoliday", { date: h.date })}
                      onClick={() => setHolidays(holidays.filter((_, j) => j !== i))}
                      data-testid="holiday-remove"
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
        {save.isError && (
          <Alert color="red" data-testid="calendar-error">
            {errorText(save.error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button
            loading={save.isPending}
            onClick={() =>
              save.mutate({
                teamId: null,
                workdays,
                workStart,
                workEnd,
                nationalHolidays: national,
                companyHolidays: holidays.filter((h) => h.date || h.name),
                version: company.version,
              })
            }
            data-testid="company-calendar-save"
          >
            {t("common.save")}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function TeamOverride({ entry }: { entry: TeamEntry }) {
  const { t } = useTranslation();
  const teamLabel = useTeamLabel();
  const o = entry.override;
  const [own, setOwn] = useState(
    Boolean(o && (o.workdays || o.workStart || o.workEnd || o.nationalHolidays !== null)),
  );
  const [workdays, setWorkdays] = useState<number[]>(o?.workdays ?? entry.effective.workdays);
  const [workStart, setWorkStart] = useState(o?.workStart ?? entry.effective.workStart);
  const [workEnd, setWorkEnd] = useState(o?.workEnd ?? entry.effective.workEnd);
  const [national, setNational] = useState(o?.nationalHolidays ?? entry.effective.nationalHolidays);
  const save = useSave();
  const e = entry.effective;
  const summary = t("relaySettings.calendar.effective", {
    days: WEEKDAYS.filter((d) => e.workdays.includes(d))
      .map((d) => t(`relaySettings.weekday.${d}`))
      .join("・"),
    start: e.workStart,
    end: e.workEnd,
  });
  return (
    <Paper withBorder radius="md" p="md" data-testid="team-calendar" data-team={entry.team.key}>
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Text fw={600}>{teamLabel(entry.team)}</Text>
          <Badge variant="light" color={own ? "grape" : "gray"}>
            {own ? t("relaySettings.calendar.overridden") : t("relaySettings.calendar.inherits")}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {summary}
        </Text>
      </Group>
      <Switch
        label={t("relaySettings.calendar.ownHours")}
        checked={own}
        onChange={(ev) => setOwn(ev.currentTarget.checked)}
        mb="sm"
        data-testid="team-own-hours"
      />
      {own && (
        <Stack gap="sm" mb="sm">
          <WorkdayPicker value={workdays} onChange={setWorkdays} />
          <WorkingHours
            start={workStart}
            end={workEnd}
            onStartChange={setWorkStart}
            onEndChange={setWorkEnd}
          />
          <Switch
            label={t("relaySettings.calendar.nationalHolidays")}
            checked={national}
            onChange={(ev) => setNational(ev.currentTarget.checked)}
          />
          <Text size="xs" c="dimmed">
            {t("relaySettings.calendar.teamHolidaysInherit")}
          </Text>
        </Stack>
      )}
      {save.isError && (
        <Alert color="red" mb="sm">
          {errorText(save.error)}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button
          variant="light"
          loading={save.isPending}
          onClick={() =>
            save.mutate({
              teamId: entry.team.id,
              workdays: own ? workdays : null,
              workStart: own ? workStart : null,
              workEnd: own ? workEnd : null,
              nationalHolidays: own ? national : null,
              ...(o ? { version: o.version } : {}),
            })
          }
          data-testid="team-calendar-save"
        >
          {t("common.save")}
        </Button>
      </Group>
    </Paper>
  );
}
