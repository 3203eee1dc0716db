import { Select, type SelectProps } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, keys } from "../api/endpoints.ts";
import { useCan } from "../features/auth/session.tsx";
import { CompanyFormModal } from "../features/companies/CompanyFormModal.tsx";

const CREATE = "__create_company__";

/**
 * Picks a company by searching the server (name, フリガナ, 法人番号, domain): fine for any number of
 * companies. With `allowCreate`, a typed name that matches no company is offered as
 * 「"…" を企業として追加」, which opens the company form and picks the company it creates.
 */
export function CompanySelect({
  value,
  onChange,
  allowCreate = false,
  ...props
}: Omit<SelectProps, "data" | "value" | "onChange" | "searchValue" | "onSearchChange"> & {
  value: string | null;
  onChange: (id: string | null) => void;
  allowCreate?: boolean;
}) {
  const { t } = useTranslation();
  const canCreate = useCan("companies.write") && allowCreate;
  const [search, setSearch] = useState("");
  const [creating, setCreating] = useState<string | null>(null);
  const [q] = useDebouncedValue(search.trim(), 250);
  const query = { q: q || undefined, limit: 20, sort: "kana" as const, order: "asc" as const };
  const companies = useQuery({
    queryKey: keys.companiesList(query),
    queryFn: () => api.listCompanies(query),
  });
  const selected = useQuery({
    queryKey: keys.company(value ?? ""),
    queryFn: () => api.getCompany(value!),
    enabled: Boolean(value),
  });
  const typed = search.trim();
  const items = companies.data?.items ?? [];
  const offerCreate =
    canCreate &&
    typed !== "" &&
    typed !== selected.data?.name &&
    !companies.isFetching &&
    !items.some((c) => c.name === typed);
  const data = [
    ...(selected.data ? [{ value: selected.data.id, label: selected.data.name }] : []),
    ...items.filter((c) => c.id !== value).map((c) => ({ value: c.id, label: c.name })),
    ...(offerCreate ? [{ value: CREATE, label: t("companies.createNamed", { name: typed }) }] : []),
  ];
  return (
    <>
      <Select
        searchable
        data={data}
        value={value}
        onChange={(id) => {
          if (id === CREATE) setCreating(typed);
          else onChange(id);
        }}
        searchValue={search}
        onSearchChange={setSearch}
        // The server already filtered by the search text (including フリガナ, which labels don't show).
        filter={({ options }) => options}
        nothingFoundMessage={companies.isFetching ? t("common.loading") : t("common.noMatches")}
        {...props}
      />
      {canCreate && (
        <CompanyFormModal
          opened={creating !== null}
          initialName={creating ?? ""}
          onClose={() => setCreating(null)}
          onSaved={(company) => {
            onChange(company.id);
            setSearch(company.name);
          }}
        />
      )}
    </>
  );
}
