import {
  ActionIcon,
  Anchor,
  Box,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  Paper,
  Popover,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
  UnstyledButton,
} from "@mantine/core";
import { useDebouncedValue, useLocalStorage, useMediaQuery } from "@mantine/hooks";
import {
  IconArrowsSort,
  IconChevronDown,
  IconChevronUp,
  IconColumns3,
  IconFilter,
  IconSearch,
  IconSortAscending,
  IconSortDescending,
  IconUserPlus,
  IconUsers,
  IconX,
} from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import {
  type ColumnVisibilityState,
  columnVisibilityFeature,
  createColumnHelper,
  tableFeatures,
  useTable,
} from "@tanstack/react-table";
import { INDUSTRIES, LIFECYCLE_STAGES, TEMPERATURES } from "@tasuki/domain";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, keys } from "../../api/endpoints.ts";
import type { PeopleQuery, Person } from "../../api/types.ts";
import { StageBadge, TemperatureBadge } from "../../components/badges.tsx";
import { CursorPager, useCursorPaging } from "../../components/CursorPager.tsx";
import { ExportButton } from "../../components/ExportButton.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ListPanel } from "../../components/QueryState.tsx";
import { EmptyState } from "../../components/states.tsx";
import { UserSelect } from "../../components/UserSelect.tsx";
import { formatDateTime, formatPhoneNumber, kanaOf } from "../../lib/format.ts";
import { sortLabelKey } from "../../lib/sort-key.ts";
import { useCan, useCurrentUser } from "../auth/session.tsx";
import { BulkActions } from "./BulkActions.tsx";
import { CreatePersonModal } from "./CreatePersonModal.tsx";
import { industryOptions, PERSON_SORTS_FOR_UI, stageOptions, temperatureOptions } from "./options.ts";

const features = tableFeatures({ columnVisibilityFeature });
const helper = createColumnHelper<typeof features, Person>();
const emptyRows: Person[] = [];

const DEFAULT_VISIBILITY: ColumnVisibilityState = {
  email: false,
  phone: false,
  title: false,
  stageChangedAt: false,
  createdAt: false,
};

function listParam<T extends string>(value: string | null, allowed: readonly T[]): T[] {
  return (value ?? "").split(",").filter((v): v is T => (allowed as readonly string[]).includes(v));
}

export function PeopleListPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const canCreate = useCan("people.write");
  const [creating, setCreating] = useState(false);
  // On a phone the filters fold under one button, so the list starts on the first screen.
  const phone = useMediaQuery("(max-width: 48em)");
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [search, setSearch] = useState(params.get("q") ?? "");
  const [debouncedSearch] = useDebouncedValue(search.trim(), 300);
  const [pageSize, setPageSize] = useLocalStorage({ key: "tasuki.people.pageSize", defaultValue: 50 });
  const [visibility, setVisibility] = useLocalStorage<ColumnVisibilityState>({
    key: "tasuki.people.columns",
    defaultValue: DEFAULT_VISIBILITY,
  });

  // The header search box navigates here with ?q=; keep the input in step with it.
  const urlQ = params.get("q") ?? "";
  useEffect(() => {
    setSearch(urlQ);
  }, [urlQ]);

  const sortValue = params.get("sort") ?? "updatedAt:desc";
  const [sort, order] = sortValue.split(":") as [PeopleQuery["sort"], "asc" | "desc"];
  const filters = {
    q: debouncedSearch || undefined,
    stage: listParam(params.get("stage"), LIFECYCLE_STAGES),
    temperature: listParam(params.get("temperature"), TEMPERATURES),
    industry: listParam(params.get("industry"), INDUSTRIES),
    teamId: params.get("teamId") ?? undefined,
    ownerId: params.get("ownerId") ?? undefined,
    sort,
    order,
  };
  // Any change of filter, sort or page size starts again from the first page.
  const paging = useCursorPaging(JSON.stringify({ ...filters, pageSize }));
  // Bulk selection: ticked rows, or everyone matching the filter; a new filter clears it.
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const { sort: _sort, order: _order, ...bulkFilter } = filters;
  const filterKey = JSON.stringify(bulkFilter);
  useEffect(() => {
    void filterKey;
    setSelected(new Set());
    setAllMatching(false);
  }, [filterKey]);
  const toggle = useCallback((id: string, on: boolean) => {
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);

  useEffect(() => {
    if (debouncedSearch === (params.get("q") ?? "")) return;
    setParams(
      (p) => {
        if (debouncedSearch) p.set("q", debouncedSearch);
        else p.delete("q");
        return p;
      },
      { replace: true },
    );
  }, [debouncedSearch, params, setParams]);

  const query: PeopleQuery = { ...filters, limit: pageSize, cursor: paging.cursor };
  const result = useQuery({
    queryKey: keys.peopleList(query),
    queryFn: () => api.listPeople(query),
    placeholderData: keepPreviousData,
  });
  const pageIds = useMemo(() => (result.data?.items ?? []).map((p) => p.id), [result.data]);
  const teams = useQuery({ queryKey: keys.teams, queryFn: api.listTeams, staleTime: 10 * 60_000 });

  const setParam = useCallback(
    (key: string, value: string | string[] | null) => {
      setParams(
        (p) => {
          const text = Array.isArray(value) ? value.join(",") : value;
          if (text) p.set(key, text);
          else p.delete(key);
          return p;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  const columns = useMemo(
    () =>
      helper.columns([
        helper.display({
          id: "select",
          enableHiding: false,
          header: () => (
            <Checkbox
              size="xs"
              aria-label={t("people.bulk.selectPage")}
              checked={allMatching || (pageIds.length > 0 && pageIds.every((id) => selected.has(id)))}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                setAllMatching(false);
                setSelected(on ? new Set(pageIds) : new Set());
              }}
              data-testid="people-select-page"
            />
          ),
          cell: ({ row }) => (
            <Checkbox
              size="xs"
              aria-label={t("people.bulk.select")}
              checked={allMatching || selected.has(row.original.id)}
              disabled={allMatching}
              onClick={(e) => e.stopPropagation()}
              onChange={(e) => toggle(row.original.id, e.currentTarget.checked)}
              data-testid="people-select"
            />
          ),
        }),
        helper.accessor("name", {
          header: () => t("people.columns.name"),
          enableHiding: false,
          cell: ({ row }) => {
            const kana = kanaOf(row.original);
            return (
              <Box>
                {kana && (
                  <Text size="xs" c="dimmed" lh={1.2} className="tasuki-kana">
                    {kana}
                  </Text>
                )}
                <Anchor
                  component={Link}
                  to={`/people/${row.original.id}`}
                  fw={600}
                  size="sm"
                  onClick={(e) => e.stopPropagation()}
                >
                  {row.original.name}
                </Anchor>
              </Box>
            );
          },
        }),
        helper.accessor((p) => p.company?.name ?? "", {
          id: "company",
          header: () => t("people.columns.company"),
          cell: ({ row }) =>
            row.original.company?.name ?? (
              <Text c="dimmed" span size="sm">
                —
              </Text>
            ),
        }),
        helper.accessor((p) => [p.department, p.title].filter(Boolean).join(" / "), {
          id: "title",
          header: () => t("people.columns.title"),
        }),
        helper.accessor("stage", {
          header: () => t("people.columns.stage"),
          cell: ({ row }) => <StageBadge stage={row.original.stage} size="sm" />,
        }),
        helper.accessor("temperature", {
          header: () => t("people.columns.temperature"),
          cell: ({ row }) => <TemperatureBadge temperature={row.original.temperature} />,
        }),
        helper.accessor((p) => p.score?.total ?? -1, {
          id: "score",
          header: () => (
            <ScoreSortHeader
              sort={sort}
              order={order}
              onSort={(next) => setParam("sort", next)}
              label={t("people.columns.score")}
            />
          ),
          cell: ({ row }) =>
            row.original.score ? (
              <Tooltip
                label={t("people.scoreTooltip", {
                  fit: row.original.score.fit,
                  engagement: row.original.score.engagement,
                })}
              >
                <Group gap={6} wrap="nowrap">
                  <Text
                    span
                    size="sm"
                    fw={700}
                    style={{ fontVariantNumeric: "tabular-nums" }}
                    data-testid="person-score-total"
                  >
                    {row.original.score.total}
                  </Text>
                  <Text span size="xs" c="dimmed" style={{ fontVariantNumeric: "tabular-nums" }}>
                    {row.original.score.fit}/{row.original.score.engagement}
                  </Text>
                </Group>
              </Tooltip>
            ) : (
              <Text c="dimmed" span size="sm">
                —
              </Text>
            ),
        }),
        helper.accessor((p) => p.owner?.name ?? "", {
          id: "owner",
          header: () => t("people.columns.owner"),
          cell: ({ row }) =>
            row.original.owner?.name ?? (
              <Text c="dimmed" span size="sm">
                {t("common.unassigned")}
              </Text>
            ),
        }),
        helper.accessor((p) => p.team?.key ?? "", {
          id: "team",
          header: () => t("people.columns.team"),
          cell: ({ row }) =>
            row.original.team
              ? t(`team.${row.original.team.key as "marketing"}`, { defaultValue: row.original.team.name })
              : "—",
        }),
        helper.accessor("email", {
          header: () => t("people.columns.email"),
          cell: ({ getValue }) => getValue() ?? "—",
        }),
        helper.accessor("phone", {
          header: () => t("people.columns.phone"),
          cell: ({ getValue }) => formatPhoneNumber(getValue()),
        }),
        helper.accessor("stageChangedAt", {
          header: () => t("people.columns.stageChangedAt"),
          cell: ({ getValue }) => formatDateTime(getValue()),
        }),
        helper.accessor("updatedAt", {
          header: () => t("people.columns.updatedAt"),
          cell: ({ getValue }) => formatDateTime(getValue()),
        }),
        helper.accessor("createdAt", {
          header: () => t("people.columns.createdAt"),
          cell: ({ getValue }) => formatDateTime(getValue()),
        }),
      ]),
    [t, sort, order, setParam, allMatching, selected, pageIds, toggle],
  );

  const table = useTable({
    features,
    columns,
    data: result.data?.items ?? emptyRows,
    getRowId: (row) => row.id,
    state: { columnVisibility: visibility },
    onColumnVisibilityChange: (updater) =>
      setVisibility((current) => (typeof updater === "function" ? updater(current) : updater)),
  });

  const rows = table.getRowModel().rows;
  const hasFilters =
    Boolean(filters.q) ||
    filters.stage.length + filters.temperature.length + filters.industry.length > 0 ||
    Boolean(filters.teamId || filters.ownerId);
  const activeFilters =
    filters.stage.length +
    filters.temperature.length +
    filters.industry.length +
    (filters.teamId ? 1 : 0) +
    (filters.ownerId ? 1 : 0);

  return (
    <>
      <PageHeader
        title={t("people.title")}
        description={t("people.description")}
        actions={
          canCreate && (
            <Button
              leftSection={<IconUserPlus size={16} />}
              onClick={() => setCreating(true)}
              data-testid="person-create"
            >
              {t("people.create")}
            </Button>
          )
        }
      />
      <CreatePersonModal opened={creating} onClose={() => setCreating(false)} />
      <Paper withBorder radius="md" p="md" mb="md">
        <Stack gap="sm">
          <Group gap="sm" align="flex-end" wrap="wrap">
            <TextInput
              label={t("people.search")}
              placeholder={t("people.searchPlaceholder")}
              leftSection={<IconSearch size={16} />}
              value={search}
              onChange={(e) => setSearch(e.currentTarget.value)}
              rightSection={
                search ? (
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    size="sm"
                    onClick={() => setSearch("")}
                    aria-label={t("common.clear")}
                  >
                    <IconX size={14} />
                  </ActionIcon>
                ) : null
              }
              style={{ flex: "1 1 280px" }}
              data-testid="people-search"
            />
            <Select
              label={t("people.sort")}
              data={PERSON_SORTS_FOR_UI.map((v) => ({
                value: v,
                label: t(`people.sorts.${sortLabelKey(v)}`),
              }))}
              value={sortValue}
              onChange={(v) => setParam("sort", v === "updatedAt:desc" ? null : v)}
              allowDeselect={false}
              w={{ base: "100%", sm: 220 }}
            />
            <ColumnChooser table={table} />
            {phone && (
              <Button
                variant={activeFilters > 0 ? "light" : "default"}
                leftSection={<IconFilter size={16} />}
                rightSection={filtersOpen ? <IconChevronUp size={14} /> : <IconChevronDown size={14} />}
                onClick={() => setFiltersOpen((o) => !o)}
                aria-expanded={filtersOpen}
                aria-controls="people-filters"
                data-testid="people-filters-toggle"
              >
                {activeFilters > 0
                  ? t("people.filtersActive", { count: activeFilters })
                  : t("people.filters")}
              </Button>
            )}
            <ExportButton kind="people" filter={filters} />
          </Group>
          <Group
            gap="sm"
            align="flex-end"
            wrap="wrap"
            id="people-filters"
            display={phone && !filtersOpen ? "none" : undefined}
            data-testid="people-filters"
          >
            <MultiSelect
              label={t("people.columns.stage")}
              placeholder={filters.stage.length ? undefined : t("common.all")}
              data={stageOptions(t)}
              value={filters.stage}
              onChange={(v) => setParam("stage", v)}
              clearable
              w={{ base: "100%", sm: 230 }}
            />
            <MultiSelect
              label={t("people.columns.temperature")}
              placeholder={filters.temperature.length ? undefined : t("common.all")}
              data={temperatureOptions(t)}
              value={filters.temperature}
              onChange={(v) => setParam("temperature", v)}
              clearable
              w={{ base: "100%", sm: 200 }}
            />
            <MultiSelect
              label={t("people.industry")}
              placeholder={filters.industry.length ? undefined : t("common.all")}
              data={industryOptions(t)}
              value={filters.industry}
              onChange={(v) => setParam("industry", v)}
              clearable
              searchable
              w={{ base: "100%", sm: 220 }}
            />
            <Select
              label={t("people.columns.team")}
              placeholder={t("common.all")}
              data={(teams.data?.items ?? []).map((team) => ({
                value: team.id,
                label: t(`team.${team.key as "marketing"}`, { defaultValue: team.nameJa }),
              }))}
              value={filters.teamId ?? null}
              onChange={(v) => setParam("teamId", v)}
              clearable
              w={{ base: "100%", sm: 200 }}
            />
            <UserSelect
              label={t("people.columns.owner")}
              placeholder={t("common.all")}
              value={filters.ownerId ?? null}
              onChange={(v) => setParam("ownerId", v)}
              currentUserId={me.id}
              w={{ base: "100%", sm: 200 }}
            />
          </Group>
        </Stack>
      </Paper>

      {(allMatching || selected.size > 0) && (
        <BulkActions
          selectedIds={[...selected]}
          allMatching={allMatching}
          onSelectAllMatching={() => setAllMatching(true)}
          onClear={() => {
            setSelected(new Set());
            setAllMatching(false);
          }}
          filter={bulkFilter}
        />
      )}
      <ListPanel
        query={result}
        isEmpty={() => rows.length === 0}
        empty={
          <EmptyState
            icon={IconUsers}
            title={hasFilters ? t("people.emptyFilteredTitle") : t("people.emptyTitle")}
            description={hasFilters ? t("people.emptyFilteredBody") : t("people.emptyBody")}
          />
        }
      >
        {() => (
          <Table
            highlightOnHover
            verticalSpacing="xs"
            horizontalSpacing="md"
            miw={900}
            stickyHeader
            aria-busy={result.isFetching}
            style={{ opacity: result.isPlaceholderData ? 0.6 : 1 }}
            data-testid="people-table"
          >
            <Table.Thead>
              {table.getHeaderGroups().map((group) => (
                <Table.Tr key={group.id}>
                  {group.headers.map((header) => (
                    <Table.Th key={header.id} fz="xs" c="dimmed" fw={600} style={{ whiteSpace: "nowrap" }}>
                      {header.isPlaceholder ? null : <table.FlexRender header={header} />}
                    </Table.Th>
                  ))}
                </Table.Tr>
              ))}
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr
                  key={row.id}
                  className="tasuki-row-link"
                  onClick={() => navigate(`/people/${row.original.id}`)}
                >
                  {row.getVisibleCells().map((cell) => (
                    <Table.Td key={cell.id} fz="sm">
                      <table.FlexRender cell={cell} />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </ListPanel>
      <CursorPager
        pageIndex={paging.pageIndex}
        pageSize={pageSize}
        rowCount={rows.length}
        hasNext={Boolean(result.data?.nextCursor)}
        loading={result.isFetching}
        onPrevious={paging.previous}
        onNext={() => result.data?.nextCursor && paging.next(result.data.nextCursor)}
        onPageSizeChange={setPageSize}
      />
    </>
  );
}

function ColumnChooser({ table }: { table: ReturnType<typeof useTable<typeof features, Person>> }) {
  const { t } = useTranslation();
  return (
    <Popover position="bottom-end" shadow="md" withinPortal>
      <Popover.Target>
        <Tooltip label={t("people.columnsChoose")}>
          <ActionIcon
            variant="default"
            size={36}
            aria-label={t("people.columnsChoose")}
            data-testid="column-chooser"
          >
            <IconColumns3 size={18} />
          </ActionIcon>
        </Tooltip>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap={8}>
          <Text size="xs" fw={600} c="dimmed">
            {t("people.columnsChoose")}
          </Text>
          {table
            .getAllLeafColumns()
            .filter((column) => column.id !== "select")
            .map((column) => (
              <Checkbox
                key={column.id}
                size="xs"
                label={t(`people.columns.${column.id as "name"}`)}
                checked={column.getIsVisible()}
                disabled={!column.getCanHide()}
                onChange={(e) => column.toggleVisibility(e.currentTarget.checked)}
              />
            ))}
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

/** The score column's header: click to sort by total score, highest first, then lowest first. */
function ScoreSortHeader({
  sort,
  order,
  onSort,
  label,
}: {
  sort: PeopleQuery["sort"];
  order: "asc" | "desc";
  onSort: (value: string) => void;
  label: string;
}) {
  const { t } = useTranslation();
  const active = sort === "scoreTotal";
  const Icon = !active ? IconArrowsSort : order === "desc" ? IconSortDescending : IconSortAscending;
  return (
    <UnstyledButton
      onClick={() => onSort(active && order === "desc" ? "scoreTotal:asc" : "scoreTotal:desc")}
      aria-label={t("people.sortByScore")}
      aria-sort={active ? (order === "desc" ? "descending" : "ascending") : undefined}
      data-testid="sort-by-score"
      style={{ display: "inline-flex", alignItems: "center", gap: 4, font: "inherit", color: "inherit" }}
    >
      {label}
      <Icon size={14} aria-hidden />
    </UnstyledButton>
  );
}
