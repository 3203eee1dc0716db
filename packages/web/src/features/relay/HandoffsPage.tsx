import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Switch,
  Tabs,
  Text,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconChartBar, IconCornerUpLeft, IconInbox } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { TeamFunction } from "@tasuki/domain";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { api, keys } from "../../api/endpoints.ts";
import type { Handoff, HandoffsQuery } from "../../api/types.ts";
import { CursorPager, useCursorPaging } from "../../components/CursorPager.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { EmptyState, ErrorState } from "../../components/states.tsx";
import { useCurrentUser } from "../auth/session.tsx";
import { AcceptDialog, RejectDialog } from "./DecisionDialogs.tsx";
import { HandoffCard } from "./HandoffCard.tsx";
import { RECEIVING, RELAY_ORDER, useTeamLabel, useTeams } from "./teams.ts";

const PAGE_SIZE = 25;
type View = "inbox" | "returned" | "records";

/** Filters a link from SLA compliance carries (`view=records`), as listHandoffs takes them. */
const RECORD_FILTERS = [
  "from",
  "to",
  "teamId",
  "fromTeamId",
  "assigneeId",
  "unassigned",
  "slaOutcome",
  "state",
  "slaStatus",
] as const;

function recordsQuery(params: URLSearchParams): HandoffsQuery {
  const query: Record<string, unknown> = { sort: "createdAt", order: "desc" };
  for (const key of RECORD_FILTERS) {
    const value = params.get(key);
    if (value === null || value === "") continue;
    if (key === "unassigned") query.unassigned = value === "true";
    else if (key === "slaOutcome" || key === "state" || key === "slaStatus") query[key] = value.split(",");
    else query[key] = value;
  }
  return query as HandoffsQuery;
}
type StateFilter = "open" | "decided";
const SENDING: readonly TeamFunction[] = RELAY_ORDER.filter((f) => f !== "customer_success");

/**
 * 引き渡し: a receiving team's inbox, most urgent first (SLA due time), with the baton note up
 * front; and the sending team's 差し戻し view, handoffs that came back with a reason.
 */
export function HandoffsPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const teamLabel = useTeamLabel();
  const teams = useTeams();
  const [params, setParams] = useSearchParams();
  const myFunction = teams.data?.items.find((tm) => tm.id === me.team?.id)?.function;
  const defaultView: View = myFunction === "marketing" ? "returned" : "inbox";
  const view = (params.get("view") as View | null) ?? defaultView;
  const inboxTeam =
    (params.get("team") as TeamFunction | null) ??
    (myFunction && RECEIVING.includes(myFunction) ? myFunction : "inside_sales");
  const fromTeam =
    (params.get("from") as TeamFunction | null) ??
    (myFunction && SENDING.includes(myFunction) ? myFunction : "marketing");
  const stateFilter = (params.get("state") as StateFilter | null) ?? "open";
  const mineOnly = params.get("mine") === "1";
  const set = (changes: Record<string, string>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) next.set(k, v);
        return next;
      },
      { replace: true },
    );
  const teamId = (key: TeamFunction) => teams.data?.items.find((tm) => tm.function === key)?.id;

  const mine = view === "inbox" && mineOnly ? { assigneeId: me.id } : {};
  const query: HandoffsQuery | null = !teams.data
    ? null
    : view === "records"
      ? recordsQuery(params)
      : view === "inbox"
        ? stateFilter === "open"
          ? {
              teamId: teamId(inboxTeam),
              ...mine,
              state: ["pending", "expired_escalated"],
              sort: "dueAt",
              order: "asc",
            }
          : {
              teamId: teamId(inboxTeam),
              ...mine,
              state: ["accepted", "rejected"],
              sort: "createdAt",
              order: "desc",
            }
        : { fromTeamId: teamId(fromTeam), state: ["rejected"], sort: "createdAt", order: "desc" };
  const teamOptions = (list: readonly TeamFunction[]) =>
    list.map((f) => {
      const team = teams.data?.items.find((tm) => tm.function === f);
      return { value: f, label: team ? teamLabel(team) : t(`team.${f}`) };
    });

  return (
    <>
      <PageHeader
        title={t("relay.title")}
        description={t("relay.description")}
        actions={
          <Button
            component={Link}
            to="/handoffs/compliance"
            variant="light"
            leftSection={<IconChartBar size={16} />}
            data-testid="open-compliance"
          >
            {t("compliance.title")}
          </Button>
        }
      />
      {view === "records" ? (
        <RecordsSummary params={params} />
      ) : (
        <>
          <Tabs value={view} onChange={(v) => v && set({ view: v })} mb="md" keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="inbox" leftSection={<IconInbox size={16} />} data-testid="tab-inbox">
                {t("relay.inbox")}
              </Tabs.Tab>
              <Tabs.Tab
                value="returned"
                leftSection={<IconCornerUpLeft size={16} />}
                data-testid="tab-returned"
              >
                {t("relay.returned")}
              </Tabs.Tab>
            </Tabs.List>
          </Tabs>
          <Paper withBorder radius="md" p="sm" mb="md">
            <Group gap="lg" wrap="wrap">
              {view === "inbox" ? (
                <>
                  <Stack gap={4} w={{ base: "100%", sm: "auto" }}>
                    <Text size="xs" c="dimmed" id="inbox-team-label">
                      {t("relay.inboxOf")}
                    </Text>
                    <TeamSwitch
                      labelledBy="inbox-team-label"
                      value={inboxTeam}
                      onChange={(v) => set({ team: v })}
                      data={teamOptions(RECEIVING)}
                      testId="inbox-team"
                    />
                  </Stack>
                  <Stack gap={4}>
                    <Text size="xs" c="dimmed" id="inbox-state-label">
                      {t("relay.show")}
                    </Text>
                    <SegmentedControl
                      aria-labelledby="inbox-state-label"
                      value={stateFilter}
                      onChange={(v) => set({ state: v })}
                      data={[
                        { value: "open", label: t("relay.open") },
                        { value: "decided", label: t("relay.decided") },
                      ]}
                      data-testid="inbox-state"
                    />
                  </Stack>
                  <Switch
                    mt={18}
                    label={t("relay.mineOnly")}
                    checked={mineOnly}
                    onChange={(e) => set({ mine: e.currentTarget.checked ? "1" : "0" })}
                    data-testid="inbox-mine"
                  />
                </>
              ) : (
                <Stack gap={4} w={{ base: "100%", sm: "auto" }}>
                  <Text size="xs" c="dimmed" id="returned-team-label">
                    {t("relay.returnedTo")}
                  </Text>
                  <TeamSwitch
                    labelledBy="returned-team-label"
                    value={fromTeam}
                    onChange={(v) => set({ from: v })}
                    data={teamOptions(SENDING)}
                    testId="returned-team"
                  />
                </Stack>
              )}
              <Text size="xs" c="dimmed" maw={420} ml={{ base: 0, md: "auto" }}>
                {view === "inbox"
                  ? stateFilter === "open"
                    ? t("relay.inboxHint")
                    : t("relay.decidedHint")
                  : t("relay.returnedHint")}
              </Text>
            </Group>
          </Paper>
        </>
      )}
      {teams.isError ? (
        <ErrorState error={teams.error} onRetry={() => teams.refetch()} />
      ) : query ? (
        <HandoffList
          key={JSON.stringify(query)}
          query={query}
          empty={
            view === "records"
              ? { title: t("compliance.recordsEmpty") }
              : view === "inbox"
                ? stateFilter === "open"
                  ? { title: t("relay.inboxEmpty"), body: t("relay.inboxEmptyBody") }
                  : { title: t("relay.decidedEmpty") }
                : { title: t("relay.returnedEmpty"), body: t("relay.returnedEmptyBody") }
          }
          showReturn={view === "returned"}
        />
      ) : (
        <ListSkeleton />
      )}
    </>
  );
}

/**
 * Which team's handoffs: segments side by side on a wide screen; on a phone three team names do
 * not fit in 390 px, so a select of the same choices.
 */
function TeamSwitch({
  labelledBy,
  value,
  onChange,
  data,
  testId,
}: {
  labelledBy: string;
  value: string;
  onChange: (value: string) => void;
  data: { value: string; label: string }[];
  testId: string;
}) {
  const phone = useMediaQuery("(max-width: 48em)");
  return phone ? (
    <Select
      aria-labelledby={labelledBy}
      value={value}
      onChange={(v) => v && onChange(v)}
      data={data}
      allowDeselect={false}
      w="100%"
      comboboxProps={{ withinPortal: true }}
      data-testid={testId}
    />
  ) : (
    <SegmentedControl
      aria-labelledby={labelledBy}
      value={value}
      onChange={onChange}
      data={data}
      data-testid={testId}
    />
  );
}

/** What a link from SLA compliance filtered on, in words, with the way back. */
function RecordsSummary({ params }: { params: URLSearchParams }) {
  const { t } = useTranslation();
  const teams = useTeams();
  const teamLabel = useTeamLabel();
  const team = teams.data?.items.find((tm) => tm.id === params.get("teamId"));
  const users = useQuery({ queryKey: keys.users(), queryFn: () => api.listUsers(false), staleTime: 600_000 });
  const assignee = users.data?.items.find((u) => u.id === params.get("assigneeId"));
  const chips: string[] = [];
  if (params.get("from") || params.get("to"))
    chips.push(t("compliance.period", { from: params.get("from") ?? "", to: params.get("to") ?? "" }));
  if (team) chips.push(teamLabel(team));
  const fromTeam = teams.data?.items.find((tm) => tm.id === params.get("fromTeamId"));
  if (fromTeam) chips.push(t("relay.fromTeamChip", { team: teamLabel(fromTeam) }));
  if (params.get("state") === "rejected") chips.push(t("relay.state.rejected"));
  if (assignee) chips.push(assignee.name);
  if (params.get("unassigned") === "true") chips.push(t("compliance.queue"));
  for (const outcome of params.get("slaOutcome")?.split(",") ?? [])
    chips.push(t(`compliance.outcome.${outcome as "met"}`));
  for (const status of params.get("slaStatus")?.split(",") ?? [])
    chips.push(t(`relay.sla.${status as "on_track"}`));
  if (params.get("state") === "accepted,rejected") chips.push(t("compliance.columns.decided"));
  if (params.get("state") === "withdrawn") chips.push(t("compliance.columns.withdrawn"));
  if (params.get("state") === "pending,expired_escalated") chips.push(t("compliance.outcome.pending"));
  const back = new URLSearchParams();
  if (params.get("from")) back.set("from", params.get("from")!);
  if (params.get("to")) back.set("to", params.get("to")!);
  return (
    <Paper withBorder radius="md" p="sm" mb="md" data-testid="records-summary">
      <Group gap="xs" wrap="wrap">
        <Text size="sm" fw={600}>
          {t("compliance.recordsTitle")}
        </Text>
        {chips.map((c) => (
          <Badge key={c} variant="light" size="lg" tt="none">
            {c}
          </Badge>
        ))}
        <Anchor component={Link} to={`/handoffs/compliance?${back}`} size="sm" ml="auto">
          {t("compliance.backToCompliance")}
        </Anchor>
      </Group>
    </Paper>
  );
}

function ListSkeleton() {
  const { t } = useTranslation();
  return (
    <Stack gap="md" aria-busy="true" aria-label={t("common.loading")}>
      {[0, 1, 2].map((i) => (
        <Skeleton key={i} h={190} radius="md" />
      ))}
    </Stack>
  );
}

function HandoffList({
  query,
  empty,
  showReturn,
}: {
  query: HandoffsQuery;
  empty: { title: string; body?: string };
  showReturn: boolean;
}) {
  const [pageSize, setPageSize] = useState(PAGE_SIZE);
  const paging = useCursorPaging(`${JSON.stringify(query)}:${pageSize}`);
  const full = { ...query, limit: pageSize, cursor: paging.cursor };
  const result = useQuery({
    queryKey: keys.handoffsList(full),
    queryFn: () => api.listHandoffs(full),
    placeholderData: keepPreviousData,
    // New handoffs arrive and SLAs move on: refresh the list every minute.
    refetchInterval: 60_000,
  });
  const [accepting, setAccepting] = useState<Handoff | null>(null);
  const [rejecting, setRejecting] = useState<Handoff | null>(null);

  return (
    <QueryState query={result} loading={<ListSkeleton />}>
      {({ items, nextCursor }) => (
        <>
          {items.length === 0 ? (
            <Paper withBorder radius="md">
              <EmptyState
                icon={showReturn ? IconCornerUpLeft : IconInbox}
                title={empty.title}
                description={empty.body}
              />
            </Paper>
          ) : (
            <Stack
              gap="md"
              data-testid="handoff-list"
              style={{ opacity: result.isPlaceholderData ? 0.6 : 1 }}
            >
              {items.map((h) => (
                <HandoffCard
                  key={h.id}
                  handoff={h}
                  onAccept={setAccepting}
                  onReject={setRejecting}
                  showReturn={showReturn}
                />
              ))}
            </Stack>
          )}
          <CursorPager
            pageIndex={paging.pageIndex}
            pageSize={pageSize}
            rowCount={items.length}
            hasNext={Boolean(nextCursor)}
            onPrevious={paging.previous}
            onNext={() => nextCursor && paging.next(nextCursor)}
            onPageSizeChange={setPageSize}
            loading={result.isFetching}
          />
          <AcceptDialog handoff={accepting} onClose={() => setAccepting(null)} />
          <RejectDialog handoff={rejecting} onClose={() => setRejecting(null)} />
        </>
      )}
    </QueryState>
  );
}
