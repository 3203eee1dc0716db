import {
  Anchor,
  Badge,
  CloseButton,
  Group,
  Input,
  Paper,
  SegmentedControl,
  Select,
  Table,
  TextInput,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconChartFunnel, IconSearch } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, keys } from "../../api/endpoints.ts";
import type { OpportunitiesQuery } from "../../api/types.ts";
import { OpportunityStageBadge } from "../../components/badges.tsx";
import { CursorPager, useCursorPaging } from "../../components/CursorPager.tsx";
import { ExportButton } from "../../components/ExportButton.tsx";
import { ListPanel } from "../../components/QueryState.tsx";
import { EmptyState } from "../../components/states.tsx";
import { UserSelect } from "../../components/UserSelect.tsx";
import { formatDate, formatYen } from "../../lib/format.ts";
import { sortLabelKey } from "../../lib/sort-key.ts";
import { useCurrentUser } from "../auth/session.tsx";
import { OpportunitiesHeader } from "./shared.tsx";

const SORTS = [
  "updatedAt:desc",
  "expectedCloseDate:asc",
  "renewalOn:asc",
  "amount:desc",
  "createdAt:desc",
] as const;
const STATUSES = ["open", "won", "lost", "all"] as const;
const PAGE_SIZE = 50;

export function OpportunitiesListPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get("q") ?? "");
  const [q] = useDebouncedValue(search.trim(), 300);
  const status = (STATUSES as readonly string[]).includes(params.get("status") ?? "")
    ? (params.get("status") as (typeof STATUSES)[number])
    : "open";
  const sortValue = params.get("sort") ?? "updatedAt:desc";
  const [sort, order] = sortValue.split(":") as [OpportunitiesQuery["sort"], "asc" | "desc"];
  const ownerId = params.get("ownerId") ?? undefined;
  // The expected-close window a home tile counted (「7日以内に完了予定」, 「期限超過」), shown as a chip.
  const expectedCloseFrom = params.get("expectedCloseFrom") ?? undefined;
  const expectedCloseTo = params.get("expectedCloseTo") ?? undefined;
  // The renewal window the customer success home's 「90日以内に更新」 tile counted.
  const renewalFrom = params.get("renewalFrom") ?? undefined;
  const renewalTo = params.get("renewalTo") ?? undefined;
  const paging = useCursorPaging(
    JSON.stringify({
      q,
      status,
      sort,
      order,
      ownerId,
      expectedCloseFrom,
      expectedCloseTo,
      renewalFrom,
      renewalTo,
    }),
  );
  const query: OpportunitiesQuery = {
    q: q || undefined,
    status: status === "all" ? undefined : [status],
    sort,
    order,
    ownerId,
    expectedCloseFrom,
    expectedCloseTo,
    renewalFrom,
    renewalTo,
    limit: PAGE_SIZE,
    cursor: paging.cursor,
  };
  const result = useQuery({
    queryKey: keys.opportunitiesList(query),
    queryFn: () => api.listOpportunities(query),
    placeholderData: keepPreviousData,
  });
  const setParam = (key: string, value: string | null) =>
    setParams(
      (p) => {
        if (value) p.set(key, value);
        else p.delete(key);
        return p;
      },
      { replace: true },
    );
  const items = result.data?.items ?? [];

  return (
    <>
      <OpportunitiesHeader view="list" />
      <Paper withBorder radius="md" p="md" mb="md">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            label={t("opportunities.search")}
            placeholder={t("opportunities.searchPlaceholder")}
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            style={{ flex: "1 1 240px" }}
          />
          <Input.Wrapper label={t("opportunities.status")} labelProps={{ id: "status-label" }}>
            <SegmentedControl
              display="flex"
              aria-labelledby="status-label"
              value={status}
              onChange={(v) => setParam("status", v === "open" ? null : v)}
              data={STATUSES.map((s) => ({ value: s, label: t(`opportunities.statuses.${s}`) }))}
            />
          </Input.Wrapper>
          <UserSelect
            label={t("opportunities.owner")}
            placeholder={t("common.all")}
            value={ownerId ?? null}
            onChange={(v) => setParam("ownerId", v)}
            currentUserId={me.id}
            w={200}
          />
          <Select
            label={t("people.sort")}
            data={SORTS.map((v) => ({ value: v, label: t(`opportunities.sorts.${sortLabelKey(v)}`) }))}
            value={sortValue}
            onChange={(v) => setParam("sort", v)}
            allowDeselect={false}
            w={200}
          />
          <WindowChip
            from={expectedCloseFrom}
            to={expectedCloseTo}
            label="opportunities.closeWindow"
            params={["expectedCloseFrom", "expectedCloseTo"]}
            testId="close-window-filter"
          />
          <WindowChip
            from={renewalFrom}
            to={renewalTo}
            label="opportunities.renewalWindow"
            params={["renewalFrom", "renewalTo"]}
            testId="renewal-window-filter"
          />
          <ExportButton kind="opportunities" filter={query} />
        </Group>
      </Paper>
      <ListPanel
        query={result}
        isEmpty={() => items.length === 0}
        empty={
          <EmptyState
            icon={IconChartFunnel}
            title={t("opportunities.emptyTitle")}
            description={t("opportunities.emptyBody")}
          />
        }
      >
        {() => (
          <Table highlightOnHover verticalSpacing="xs" horizontalSpacing="md" miw={1000} stickyHeader>
            <Table.Thead>
              <Table.Tr>
                {(
                  [
                    "name",
                    "company",
                    "stage",
                    "amount",
                    "expectedClose",
                    "renewalOn",
                    "owner",
                    "lostReason",
                  ] as const
                ).map((c) => (
                  <Table.Th key={c} fz="xs" c="dimmed" fw={600} ta={c === "amount" ? "right" : undefined}>
                    {t(`opportunities.columns.${c}`)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody style={{ opacity: result.isPlaceholderData ? 0.6 : 1 }}>
              {items.map((o) => (
                <Table.Tr
                  key={o.id}
                  className="tasuki-row-link"
                  onClick={() => navigate(`/opportunities/${o.id}`)}
                >
                  <Table.Td fz="sm">
                    <Anchor
                      component={Link}
                      to={`/opportunities/${o.id}`}
                      fw={600}
                      size="sm"
                      onClick={(e) => e.stopPropagation()}
                    >
                      {o.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td fz="sm">{o.company.name}</Table.Td>
                  <Table.Td>
                    <OpportunityStageBadge stage={o.stage} outcome={o.outcome} />
                  </Table.Td>
                  <Table.Td fz="sm" ta="right" fw={600}>
                    {formatYen(o.amount)}
                  </Table.Td>
                  <Table.Td fz="sm">{formatDate(o.expectedCloseDate)}</Table.Td>
                  <Table.Td fz="sm">{formatDate(o.renewalOn)}</Table.Td>
                  <Table.Td fz="sm">{o.owner?.name ?? "—"}</Table.Td>
                  <Table.Td fz="sm">
                    {o.lostReason
                      ? i18n.language === "en"
                        ? o.lostReason.labelEn
                        : o.lostReason.labelJa
                      : "—"}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </ListPanel>
      <CursorPager
        pageIndex={paging.pageIndex}
        pageSize={PAGE_SIZE}
        rowCount={items.length}
        hasNext={Boolean(result.data?.nextCursor)}
        loading={result.isFetching}
        onPrevious={paging.previous}
        onNext={() => result.data?.nextCursor && paging.next(result.data.nextCursor)}
      />
    </>
  );
}

/** A date window from the URL (what a home tile counted) as a chip; its close button drops it. */
function WindowChip({
  from,
  to,
  label,
  params,
  testId,
}: {
  from: string | undefined;
  to: string | undefined;
  label: "opportunities.closeWindow" | "opportunities.renewalWindow";
  params: readonly [string, string];
  testId: string;
}) {
  const { t } = useTranslation();
  const [, setParams] = useSearchParams();
  if (!from && !to) return null;
  return (
    <Badge
      size="lg"
      variant="light"
      tt="none"
      data-testid={testId}
      rightSection={
        <CloseButton
          size="xs"
          aria-label={t("common.clear")}
          onClick={() =>
            setParams(
              (p) => {
                for (const key of params) p.delete(key);
                return p;
              },
              { replace: true },
            )
          }
        />
      }
    >
      {t(label, { from: from ? formatDate(from) : "", to: to ? formatDate(to) : "" })}
    </Badge>
  );
}
