import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Code,
  CopyButton,
  Drawer,
  Group,
  Menu,
  Modal,
  PasswordInput,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import {
  IconBell,
  IconCheck,
  IconCopy,
  IconDots,
  IconList,
  IconPencil,
  IconSend,
  IconTrash,
} from "@tabler/icons-react";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { RELAY_EVENT_TYPES, type RelayEventType } from "@tasuki/domain";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { apiErrorText } from "../../api/client.ts";
import { api, keys } from "../../api/endpoints.ts";
import type { NotificationChannel } from "../../api/types.ts";
import { CursorPager, useCursorPaging } from "../../components/CursorPager.tsx";
import { FormActions } from "../../components/FormActions.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { EmptyState, ForbiddenState, TableSkeleton } from "../../components/states.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { useCan } from "../auth/session.tsx";
import { useTeamLabel, useTeams } from "../relay/teams.ts";
import { SettingsList, useSettingsSave } from "./SettingsList.tsx";

type Kind = NotificationChannel["kind"];
const KINDS: Kind[] = ["slack", "teams", "chatwork", "webhook"];

export function NotificationChannelsPage() {
  const canManage = useCan("relay.manage");
  if (!canManage) return <ForbiddenState />;
  return <Channels />;
}

function Channels() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const channels = useQuery({ queryKey: keys.notificationChannels, queryFn: api.listNotificationChannels });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<NotificationChannel | null>(null);
  const [deleting, setDeleting] = useState<NotificationChannel | null>(null);
  const [log, setLog] = useState<NotificationChannel | null>(null);
  const teamLabel = useTeamLabel();
  const refresh = () => client.invalidateQueries({ queryKey: keys.notificationChannels });
  const test = useMutation({
    mutationFn: (c: NotificationChannel) => api.testNotificationChannel(c.id),
    onSuccess: (r, c) =>
      notifications.show({
        color: r.ok ? "teal" : "red",
        title: r.ok
          ? t("relaySettings.channels.testOk", { name: c.name })
          : t("relaySettings.channels.testFailed"),
        message: t(`relaySettings.channels.testOutcome.${r.outcome}`, { status: r.statusCode }),
        autoClose: r.ok ? 4000 : false,
      }),
    onError: (error) => notifications.show({ color: "red", message: apiErrorText(error) }),
  });
  const toggle = useMutation({
    mutationFn: (c: NotificationChannel) =>
      api.updateNotificationChannel(c.id, { active: !c.active, version: c.version }),
    onSuccess: refresh,
    onError: (error) => notifications.show({ color: "red", message: apiErrorText(error) }),
  });
  return (
    <SettingsList
      description={t("relaySettings.channels.description")}
      descriptionMaw={680}
      createLabel={t("relaySettings.channels.create")}
      createTestId="channel-create"
      onCreate={() => setCreating(true)}
      query={channels}
      skeletonRows={3}
      empty={
        <EmptyState
          icon={IconBell}
          title={t("relaySettings.channels.emptyTitle")}
          description={t("relaySettings.channels.emptyBody")}
        />
      }
      dialogs={
        <>
          <Modal
            opened={creating}
            onClose={() => setCreating(false)}
            title={t("relaySettings.channels.create")}
            size="lg"
          >
            {creating && <CreateChannel onDone={() => setCreating(false)} />}
          </Modal>
          <Modal
            opened={editing !== null}
            onClose={() => setEditing(null)}
            title={t("relaySettings.channels.edit")}
            size="lg"
          >
            {editing && <EditChannel channel={editing} onDone={() => setEditing(null)} />}
          </Modal>
          <DeleteChannel channel={deleting} onClose={() => setDeleting(null)} />
          <Drawer
            opened={log !== null}
            onClose={() => setLog(null)}
            position="right"
            size="xl"
            title={log ? t("relaySettings.channels.logTitle", { name: log.name }) : ""}
          >
            {log && <DeliveryLog channel={log} />}
          </Drawer>
        </>
      }
    >
      {(data) => (
        <ScrollArea>
          {/* On a phone each channel is a block of labelled lines (tasuki-stacked-table), not a wide row. */}
          <Table
            verticalSpacing="sm"
            miw={{ base: 0, sm: 900 }}
            className="tasuki-stacked-table"
            data-testid="channels"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("relaySettings.channels.name")}</Table.Th>
                <Table.Th>{t("relaySettings.channels.events")}</Table.Th>
                <Table.Th>{t("relaySettings.channels.team")}</Table.Th>
                <Table.Th>{t("relaySettings.channels.deliveries")}</Table.Th>
                <Table.Th>{t("relaySettings.channels.active")}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.items.map((c) => (
                <Table.Tr key={c.id} data-testid="channel-row" data-name={c.name}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Badge variant="light" style={{ flexShrink: 0 }}>
                        {t(`relaySettings.channels.kind.${c.kind}`)}
                      </Badge>
                      <div style={{ minWidth: 0 }}>
                        <Text fw={500}>{c.name}</Text>
                        <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
                          {c.target}
                        </Text>
                      </div>
                    </Group>
                  </Table.Td>
                  <Table.Td data-label={t("relaySettings.channels.events")}>
                    <Group gap={4}>
                      {c.events.map((e) => (
                        <Badge key={e} size="xs" variant="outline" tt="none">
                          {t(`relaySettings.channels.event.${e}`)}
                        </Badge>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td data-label={t("relaySettings.channels.team")}>
                    {c.team ? teamLabel(c.team) : t("relaySettings.channels.allTeams")}
                  </Table.Td>
                  <Table.Td data-label={t("relaySettings.channels.deliveries")}>
                    <Anchor component="button" size="sm" onClick={() => setLog(c)} data-testid="channel-log">
                      {t("relaySettings.channels.counts", c.deliveryCounts)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td data-label={t("relaySettings.channels.active")}>
                    <Switch
                      checked={c.active}
                      onChange={() => toggle.mutate(c)}
                      aria-label={t("relaySettings.channels.activeToggle", { name: c.name })}
                      data-testid="channel-active"
                    />
                  </Table.Td>
                  <Table.Td ta="right">
                    <Group gap={4} justify="flex-end" wrap="nowrap">
                      <Button
                        size="xs"
                        variant="light"
                        leftSection={<IconSend size={14} />}
                        loading={test.isPending && test.variables?.id === c.id}
                        onClick={() => test.mutate(c)}
                        data-testid="channel-test"
                      >
                        {t("relaySettings.channels.test")}
                      </Button>
                      <Menu position="bottom-end">
                        <Menu.Target>
                          <Button size="xs" variant="subtle" aria-label={t("relaySettings.channels.more")}>
                            <IconDots size={16} />
                          </Button>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item leftSection={<IconList size={14} />} onClick={() => setLog(c)}>
                            {t("relaySettings.channels.log")}
                          </Menu.Item>
                          <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setEditing(c)}>
                            {t("common.edit")}
                          </Menu.Item>
                          <Menu.Item
                            color="red"
                            leftSection={<IconTrash size={14} />}
                            onClick={() => setDeleting(c)}
                          >
                            {t("relaySettings.channels.delete")}
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </SettingsList>
  );
}

function EventPicker({
  value,
  onChange,
}: {
  value: RelayEventType[];
  onChange: (v: RelayEventType[]) => void;
}) {
  const { t } = useTranslation();
  return (
    <Checkbox.Group
      label={t("relaySettings.channels.events")}
      value={value}
      onChange={(v) => onChange(v as RelayEventType[])}
    >
      <Stack gap={6} mt={6}>
        {RELAY_EVENT_TYPES.map((e) => (
          <Checkbox key={e} value={e} label={t(`relaySettings.channels.event.${e}`)} />
        ))}
      </Stack>
    </Checkbox.Group>
  );
}

function TeamPicker({ value, onChange }: { value: string | null; onChange: (v: string | null) => void }) {
  const { t } = useTranslation();
  const teams = useTeams();
  const teamLabel = useTeamLabel();
  return (
    <Select
      label={t("relaySettings.channels.team")}
      value={value ?? "all"}
      onChange={(v) => onChange(v === "all" || v === null ? null : v)}
      data={[
        { value: "all", label: t("relaySettings.channels.allTeams") },
        ...(teams.data?.items ?? []).map((tm) => ({ value: tm.id, label: teamLabel(tm) })),
      ]}
      allowDeselect={false}
    />
  );
}

function CreateChannel({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [kind, setKind] = useState<Kind>("slack");
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [roomId, setRoomId] = useState("");
  const [apiToken, setApiToken] = useState("");
  const [events, setEvents] = useState<RelayEventType[]>(["handoff.at_risk", "handoff.breached"]);
  const [teamId, setTeamId] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () =>
      api.createNotificationChannel(
        kind === "chatwork"
          ? { kind, name, roomId, apiToken, events, teamId }
          : { kind, name, url, events, teamId },
      ),
    onSuccess: (r) => {
      client.invalidateQueries({ queryKey: keys.notificationChannels });
      if (!r.signingSecret) {
        notifications.show({
          color: "teal",
          message: t("relaySettings.channels.created", { name: r.channel.name }),
        });
        onDone();
      }
    },
  });
  if (create.data?.signingSecret) {
    const secret = create.data.signingSecret;
    return (
      <Stack gap="sm" data-testid="channel-secret">
        <Alert color="yellow" title={t("relaySettings.channels.secretTitle")}>
          {t("relaySettings.channels.secretBody")}
        </Alert>
        <Group gap="xs" wrap="nowrap">
          <Code block style={{ flex: 1, wordBreak: "break-all" }} data-testid="signing-secret">
            {secret}
          </Code>
          <CopyButton value={secret}>
            {({ copied, copy }) => (
              <Button
                variant="light"
                onClick={copy}
                leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
              >
                {copied ? t("relaySettings.channels.copied") : t("relaySettings.channels.copy")}
              </Button>
            )}
          </CopyButton>
        </Group>
        <Group justify="flex-end">
          <Button onClick={onDone}>{t("common.done")}</Button>
        </Group>
      </Stack>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <SegmentedControl
          value={kind}
          onChange={(v) => setKind(v as Kind)}
          data={KINDS.map((k) => ({ value: k, label: t(`relaySettings.channels.kind.${k}`) }))}
          data-testid="channel-kind"
        />
        <Text size="xs" c="dimmed">
          {t(`relaySettings.channels.kindHint.${kind}`)}
        </Text>
        <TextInput
          label={t("relaySettings.channels.name")}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
          data-autofocus
          data-testid="channel-name"
        />
        {kind === "chatwork" ? (
          <>
            <TextInput
              label={t("relaySettings.channels.roomId")}
              value={roomId}
              onChange={(e) => setRoomId(e.currentTarget.value)}
              required
              inputMode="numeric"
              data-testid="channel-room"
            />
            <PasswordInput
              label={t("relaySettings.channels.apiToken")}
              value={apiToken}
              onChange={(e) => setApiToken(e.currentTarget.value)}
              required
              data-testid="channel-token"
            />
          </>
        ) : (
          <TextInput
            label={t("relaySettings.channels.url")}
            placeholder="https://"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
            required
            data-testid="channel-url"
          />
        )}
        <EventPicker value={events} onChange={setEvents} />
        <TeamPicker value={teamId} onChange={setTeamId} />
        {create.isError && <Alert color="red">{apiErrorText(create.error)}</Alert>}
        <FormActions
          onCancel={onDone}
          submitLabel={t("relaySettings.channels.create")}
          loading={create.isPending}
          disabled={events.length === 0}
          submitTestId="channel-save"
        />
      </Stack>
    </form>
  );
}

function EditChannel({ channel, onDone }: { channel: NotificationChannel; onDone: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(channel.name);
  const [url, setUrl] = useState("");
  const [roomId, setRoomId] = useState("");
  const [apiToken, setApiToken] = useState("");
  const [events, setEvents] = useState<RelayEventType[]>(channel.events);
  const [teamId, setTeamId] = useState<string | null>(channel.team?.id ?? null);
  const { save, submit } = useSettingsSave(
    keys.notificationChannels,
    () =>
      api.updateNotificationChannel(channel.id, {
        name,
        events,
        teamId,
        ...(channel.kind === "chatwork"
          ? { ...(roomId ? { roomId } : {}), ...(apiToken ? { apiToken } : {}) }
          : url
            ? { url }
            : {}),
        version: channel.version,
      }),
    onDone,
  );
  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <Text size="sm">
          {t(`relaySettings.channels.kind.${channel.kind}`)} · {channel.target}
        </Text>
        <TextInput
          label={t("relaySettings.channels.name")}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
        />
        {channel.kind === "chatwork" ? (
          <>
            <TextInput
              label={t("relaySettings.channels.roomId")}
              description={t("relaySettings.channels.keepIfEmpty")}
              value={roomId}
              onChange={(e) => setRoomId(e.currentTarget.value)}
            />
            <PasswordInput
              label={t("relaySettings.channels.apiToken")}
              description={t("relaySettings.channels.keepIfEmpty")}
              value={apiToken}
              onChange={(e) => setApiToken(e.currentTarget.value)}
            />
          </>
        ) : (
          <TextInput
            label={t("relaySettings.channels.url")}
            description={t("relaySettings.channels.keepIfEmpty")}
            placeholder="https://"
            value={url}
            onChange={(e) => setUrl(e.currentTarget.value)}
          />
        )}
        <EventPicker value={events} onChange={setEvents} />
        <TeamPicker value={teamId} onChange={setTeamId} />
        {save.isError && <Alert color="red">{apiErrorText(save.error)}</Alert>}
        <FormActions
          onCancel={onDone}
          submitLabel={t("common.save")}
          loading={save.isPending}
          disabled={events.length === 0}
        />
      </Stack>
    </form>
  );
}

function DeleteChannel({ channel, onClose }: { channel: NotificationChannel | null; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const remove = useMutation({
    mutationFn: (c: NotificationChannel) => api.deleteNotificationChannel(c.id),
    onSuccess: () => {
      client.invalidateQueries({ queryKey: keys.notificationChannels });
      onClose();
    },
  });
  return (
    <Modal opened={channel !== null} onClose={onClose} title={t("relaySettings.channels.deleteTitle")}>
      {channel && (
        <Stack gap="sm">
          <Text size="sm">{t("relaySettings.channels.deleteBody", { name: channel.name })}</Text>
          {remove.isError && <Alert color="red">{apiErrorText(remove.error)}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button
              color="red"
              loading={remove.isPending}
              onClick={() => remove.mutate(channel)}
              data-testid="channel-delete-confirm"
            >
              {t("relaySettings.channels.delete")}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

const STATUS_COLORS: Record<string, string> = {
  pending: "yellow",
  sending: "blue",
  delivered: "teal",
  failed: "red",
};

function DeliveryLog({ channel }: { channel: NotificationChannel }) {
  const { t } = useTranslation();
  const [pageSize, setPageSize] = useState(25);
  const paging = useCursorPaging(`${channel.id}:${pageSize}`);
  const query = { limit: pageSize, cursor: paging.cursor };
  const log = useQuery({
    queryKey: keys.deliveries(channel.id, query),
    queryFn: () => api.listDeliveries(channel.id, query),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  return (
    <QueryState query={log} loading={<TableSkeleton rows={5} />}>
      {(data) => (
        <>
          {data.items.length === 0 ? (
            <EmptyState icon={IconList} title={t("relaySettings.channels.logEmpty")} />
          ) : (
            <ScrollArea>
              <Table verticalSpacing="xs" fz="sm" miw={760} data-testid="delivery-log">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("relaySettings.channels.logColumns.at")}</Table.Th>
                    <Table.Th>{t("relaySettings.channels.logColumns.event")}</Table.Th>
                    <Table.Th>{t("relaySettings.channels.logColumns.status")}</Table.Th>
                    <Table.Th ta="right">{t("relaySettings.channels.logColumns.attempts")}</Table.Th>
                    <Table.Th>{t("relaySettings.channels.logColumns.lastError")}</Table.Th>
                    <Table.Th>{t("relaySettings.channels.logColumns.nextRetry")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((d) => (
                    <Table.Tr key={d.id} data-testid="delivery-row">
                      <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDateTime(d.createdAt)}</Table.Td>
                      <Table.Td>
                        <Text size="sm">{t(`relaySettings.channels.event.${d.eventType}`)}</Text>
                        {d.handoffId && (
                          <Anchor component={Link} to={`/handoffs/${d.handoffId}`} size="xs">
                            {d.personName ?? t("relaySettings.channels.openHandoff")}
                          </Anchor>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Badge color={STATUS_COLORS[d.status]} variant="light">
                          {t(`relaySettings.channels.status.${d.status}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td ta="right">{d.attempts}</Table.Td>
                      <Table.Td maw={240}>
                        <Text
                          size="xs"
                          c={d.lastError ? "red" : "dimmed"}
                          lineClamp={2}
                          title={d.lastError ?? undefined}
                        >
                          {d.lastError ?? "—"}
                        </Text>
                      </Table.Td>
                      <Table.Td style={{ whiteSpace: "nowrap" }}>
                        {d.nextAttemptAt
                          ? formatDateTime(d.nextAttemptAt)
                          : d.deliveredAt
                            ? formatDateTime(d.deliveredAt)
                            : "—"}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
          )}
          <CursorPager
            pageIndex={paging.pageIndex}
            pageSize={pageSize}
            rowCount={data.items.length}
            hasNext={Boolean(data.nextCursor)}
            onPrevious={paging.previous}
            onNext={() => data.nextCursor && paging.next(data.nextCursor)}
            onPageSizeChange={setPageSize}
            loading={log.isFetching}
          />
        </>
      )}
    </QueryState>
  );
}
