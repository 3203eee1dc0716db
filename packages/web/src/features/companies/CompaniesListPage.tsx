import { Anchor, Button, Group, MultiSelect, Paper, Select, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconBuilding, IconPlus, IconSearch } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { INDUSTRIES, PREFECTURES } from "@tasuki/domain";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api, keys } from "../../api/endpoints.ts";
import type { CompaniesQuery } from "../../api/types.ts";
import { CursorPager, useCursorPaging } from "../../components/CursorPager.tsx";
import { ExportButton } from "../../components/ExportButton.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { ListPanel } from "../../components/QueryState.tsx";
import { EmptyState } from "../../components/states.tsx";
import { formatDateTime, formatEmployeeBand } from "../../lib/format.ts";
import { sortLabelKey } from "../../lib/sort-key.ts";
import { useCan } from "../auth/session.tsx";
import { industryOptions } from "../people/options.ts";
import { CompanyFormModal } from "./CompanyFormModal.tsx";

const SORTS = ["createdAt:desc", "kana:asc", "name:asc", "updatedAt:desc"] as const;
const PAGE_SIZE = 50;

export function CompaniesListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [search, setSearch] = useState(params.get("q") ?? "");
  const canCreate = useCan("companies.write");
  const [creating, setCreating] = useState(false);
  const [q] = useDebouncedValue(search.trim(), 300);
  const sortValue = params.get("sort") ?? "kana:asc";
  const [sort, order] = sortValue.split(":") as [CompaniesQuery["sort"], "asc" | "desc"];
  const industry = (params.get("industry") ?? "")
    .split(",")
    .filter((v): v is (typeof INDUSTRIES)[number] => (INDUSTRIES as readonly string[]).includes(v));
  const prefecture = (params.get("prefecture") ?? "")
    .split(",")
    .filter((v): v is (typeof PREFECTURES)[number] => (PREFECTURES as readonly string[]).includes(v));
  const paging = useCursorPaging(JSON.stringify({ q, sort, order, industry, prefecture }));

  const query: CompaniesQuery = {
    q: q || undefined,
    sort,
    order,
    industry,
    prefecture,
    limit: PAGE_SIZE,
    cursor: paging.cursor,
  };
  const result = useQuery({
    queryKey: keys.companiesList(query),
    queryFn: () => api.listCompanies(query),
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
  const filtered = Boolean(q) || industry.length > 0 || prefecture.length > 0;

  return (
    <>
      <PageHeader
        title={t("companies.title")}
        description={t("companies.description")}
        actions={
          canCreate && (
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => setCreating(true)}
              data-testid="add-company"
            >
              {t("companies.create")}
            </Button>
          )
        }
      />
      <CompanyFormModal
        opened={creating}
        onClose={() => setCreating(false)}
        onSaved={(company) => navigate(`/companies/${company.id}`)}
      />
      <Paper withBorder radius="md" p="md" mb="md">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            label={t("companies.search")}
            placeholder={t("companies.searchPlaceholder")}
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            style={{ flex: "1 1 260px" }}
          />
          <MultiSelect
            label={t("people.industry")}
            placeholder={industry.length ? undefined : t("common.all")}
            data={industryOptions(t)}
            value={industry}
            onChange={(v) => setParam("industry", v.join(","))}
            clearable
            searchable
            w={240}
          />
          <MultiSelect
            label={t("companies.prefecture")}
            placeholder={prefecture.length ? undefined : t("common.all")}
            data={PREFECTURES.map((p) => ({ value: p, label: p }))}
            value={prefecture}
            onChange={(v) => setParam("prefecture", v.join(","))}
            clearable
            searchable
            w={220}
          />
          <Select
            label={t("people.sort")}
            data={SORTS.map((v) => ({ value: v, label: t(`companies.sorts.${sortLabelKey(v)}`) }))}
            value={sortValue}
            onChange={(v) => setParam("sort", v)}
            allowDeselect={false}
            w={200}
          />
          <ExportButton kind="companies" filter={query} />
        </Group>
      </Paper>
      <ListPanel
        query={result}
        isEmpty={() => items.length === 0}
        empty={
          <EmptyState
            icon={IconBuilding}
            title={filtered ? t("companies.emptyFilteredTitle") : t("companies.emptyTitle")}
            description={filtered ? t("people.emptyFilteredBody") : t("companies.emptyBody")}
          />
        }
      >
        {() => (
          <Table highlightOnHover verticalSpacing="xs" horizontalSpacing="md" miw={820} stickyHeader>
            <Table.Thead>
              <Table.Tr>
                {(
                  [
                    "name",
                    "industry",
                    "employees",
                    "prefecture",
                    "people",
                    "openOpportunities",
                    "owner",
                    "updatedAt",
                  ] as const
                ).map((c) => (
                  <Table.Th key={c} fz="xs" c="dimmed" fw={600} style={{ whiteSpace: "nowrap" }}>
                    {t(`companies.columns.${c}`)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody style={{ opacity: result.isPlaceholderData ? 0.6 : 1 }}>
              {items.map((c) => (
                <Table.Tr
                  key={c.id}
                  className="tasuki-row-link"
                  onClick={() => navigate(`/companies/${c.id}`)}
                >
                  <Table.Td fz="sm">
                    {c.nameKana && (
                      <Text size="xs" c="dimmed" lh={1.2} className="tasuki-kana">
                        {c.nameKana}
                      </Text>
                    )}
                    <Anchor
                      component={Link}
                      to={`/companies/${c.id}`}
                      fw={600}
                      size="sm"
                      onClick={(e) => e.stopPropagation()}
                    >
                      {c.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td fz="sm">{c.industry ? t(`industry.${c.industry}`) : "—"}</Table.Td>
                  <Table.Td fz="sm">
                    {c.employeeBand
                      ? t("companies.employeesValue", { band: formatEmployeeBand(c.employeeBand) })
                      : "—"}
                  </Table.Td>
                  <Table.Td fz="sm">{c.prefecture ?? "—"}</Table.Td>
                  <Table.Td fz="sm" ta="right">
                    {c.peopleCount.toLocaleString("ja-JP")}
                  </Table.Td>
                  <Table.Td fz="sm" ta="right">
                    {c.openOpportunityCount.toLocaleString("ja-JP")}
                  </Table.Td>
                  <Table.Td fz="sm">{c.owner?.name ?? "—"}</Table.Td>
                  <Table.Td fz="sm">{formatDateTime(c.updatedAt)}</Table.Td>
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
