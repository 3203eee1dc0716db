import { Anchor, Button, Grid, Stack, Table, Text } from "@mantine/core";
import { IconPencil, IconPlus } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { canActOnOwned } from "@tasuki/domain";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api, keys } from "../../api/endpoints.ts";
import type { Company } from "../../api/types.ts";
import { StageBadge, TemperatureBadge } from "../../components/badges.tsx";
import { InfoList } from "../../components/InfoList.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { PageQueryState, QueryState } from "../../components/QueryState.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { EmptyState, TableSkeleton } from "../../components/states.tsx";
import { formatDateTime, formatEmployeeBand, kanaOf } from "../../lib/format.ts";
import { useCan, useCurrentUser } from "../auth/session.tsx";
import { OpportunityRows } from "../opportunities/OpportunityRows.tsx";
import { CompanyFormModal } from "./CompanyFormModal.tsx";

export function CompanyPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const company = useQuery({ queryKey: keys.company(id), queryFn: () => api.getCompany(id) });
  return (
    <PageQueryState
      query={company}
      header={{ title: t("companies.company"), crumbs: [{ label: t("nav.companies"), to: "/companies" }] }}
    >
      {(data) => <CompanyView company={data} />}
    </PageQueryState>
  );
}

function CompanyView({ company }: { company: Company }) {
  const { t } = useTranslation();
  const canCreateOpportunity = useCan("opportunities.write");
  const me = useCurrentUser();
  const canEdit =
    useCan("companies.write") &&
    canActOnOwned(
      { userId: me.id, role: me.role, teamId: me.team?.id ?? null },
      { ownerId: company.owner?.id ?? null },
    );
  const [editing, setEditing] = useState(false);
  return (
    <>
      <PageHeader
        crumbs={[{ label: t("nav.companies"), to: "/companies" }, { label: company.name }]}
        above={company.nameKana && <span className="tasuki-kana">{company.nameKana}</span>}
        title={company.name}
        description={[company.industry ? t(`industry.${company.industry}`) : null, company.prefecture]
          .filter(Boolean)
          .join("・")}
        actions={
          <>
            {canEdit && (
              <Button
                leftSection={<IconPencil size={16} />}
                variant="default"
                onClick={() => setEditing(true)}
                data-testid="edit-company"
              >
                {t("common.edit")}
              </Button>
            )}
            {canCreateOpportunity && (
              <Button
                component={Link}
                to={`/opportunities/new?companyId=${company.id}`}
                leftSection={<IconPlus size={16} />}
                variant="light"
              >
                {t("opportunities.new")}
              </Button>
            )}
          </>
        }
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 4 }}>
          <SectionCard title={t("companies.profile")}>
            <InfoList
              items={[
                { label: t("companies.corporateNumber"), value: company.corporateNumber },
                {
                  label: t("companies.columns.industry"),
                  value: company.industry && t(`industry.${company.industry}`),
                },
                {
                  label: t("companies.columns.employees"),
                  value:
                    company.employeeBand &&
                    t("companies.employeesValue", { band: formatEmployeeBand(company.employeeBand) }),
                },
                { label: t("companies.columns.prefecture"), value: company.prefecture },
                { label: t("companies.address"), value: company.address },
                {
                  label: t("companies.domain"),
                  value: company.domain && (
                    <Anchor
                      href={`https://${company.domain}`}
                      target="_blank"
                      rel="noopener noreferrer"
                      size="sm"
                    >
                      {company.domain}
                    </Anchor>
                  ),
                },
                { label: t("companies.columns.owner"), value: company.owner?.name ?? t("common.unassigned") },
                { label: t("people.columns.createdAt"), value: formatDateTime(company.createdAt) },
                { label: t("people.columns.updatedAt"), value: formatDateTime(company.updatedAt) },
              ]}
            />
          </SectionCard>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md">
            <CompanyOpportunities companyId={company.id} />
            <CompanyPeople companyId={company.id} count={company.peopleCount} />
          </Stack>
        </Grid.Col>
      </Grid>
      <CompanyFormModal company={company} opened={editing} onClose={() => setEditing(false)} />
    </>
  );
}

function CompanyPeople({ companyId, count }: { companyId: string; count: number }) {
  const { t } = useTranslation();
  const query = { companyId, limit: 100, sort: "kana" as const, order: "asc" as const };
  const people = useQuery({ queryKey: keys.peopleList(query), queryFn: () => api.listPeople(query) });
  return (
    <SectionCard title={t("companies.people", { count })}>
      <QueryState
        query={people}
        loading={<TableSkeleton rows={4} />}
        isEmpty={(data) => data.items.length === 0}
        empty={<EmptyState compact title={t("companies.noPeople")} />}
      >
        {(data) => (
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing={6}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th fz="xs" c="dimmed">
                    {t("people.columns.name")}
                  </Table.Th>
                  <Table.Th fz="xs" c="dimmed">
                    {t("people.columns.title")}
                  </Table.Th>
                  <Table.Th fz="xs" c="dimmed">
                    {t("people.columns.stage")}
                  </Table.Th>
                  <Table.Th fz="xs" c="dimmed">
                    {t("people.columns.temperature")}
                  </Table.Th>
                  <Table.Th fz="xs" c="dimmed">
                    {t("people.columns.owner")}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>
                      {kanaOf(p) && (
                        <Text size="xs" c="dimmed" lh={1.2} className="tasuki-kana">
                          {kanaOf(p)}
                        </Text>
                      )}
                      <Anchor component={Link} to={`/people/${p.id}`} size="sm" fw={600}>
                        {p.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td fz="sm">{[p.department, p.title].filter(Boolean).join(" / ") || "—"}</Table.Td>
                    <Table.Td>
                      <StageBadge stage={p.stage} size="sm" />
                    </Table.Td>
                    <Table.Td>
                      <TemperatureBadge temperature={p.temperature} />
                    </Table.Td>
                    <Table.Td fz="sm">{p.owner?.name ?? "—"}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
    </SectionCard>
  );
}

function CompanyOpportunities({ companyId }: { companyId: string }) {
  const { t } = useTranslation();
  const query = { companyId, limit: 50, sort: "updatedAt" as const, order: "desc" as const };
  const result = useQuery({
    queryKey: keys.opportunitiesList(query),
    queryFn: () => api.listOpportunities(query),
  });
  return (
    <SectionCard title={t("opportunities.title")}>
      <QueryState
        query={result}
        loading={<TableSkeleton rows={3} />}
        isEmpty={(data) => data.items.length === 0}
        empty={<EmptyState compact title={t("companies.noOpportunities")} />}
      >
        {(data) => <OpportunityRows items={data.items} showContact />}
      </QueryState>
    </SectionCard>
  );
}
