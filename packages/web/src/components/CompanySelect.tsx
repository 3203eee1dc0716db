import { Select, type SelectProps } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, keys } from "../api/endpoints.ts";

/** Picks a company by searching the server (name, フリガナ, 法人番号, domain): fine for any number of companies. */
export function CompanySelect({
  value,
  onChange,
  ...props
}: Omit<SelectProps, "data" | "value" | "onChange" | "searchValue" | "onSearchChange"> & {
  value: string | null;
  onChange: (id: string | null) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
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
  const data = [
    ...(selected.data ? [{ value: selected.data.id, label: selected.data.name }] : []),
    ...(companies.data?.items ?? [])
      .filter((c) => c.id !== value)
      .map((c) => ({ value: c.id, label: c.name })),
  ];
  return (
    <Select
      searchable
      data={data}
      value={value}
      onChange={onChange}
      searchValue={search}
      onSearchChange={setSearch}
      // The server already filtered by the search text (including フリガナ, which labels don't show).
      filter={({ options }) => options}
      nothingFoundMessage={companies.isFetching ? t("common.loading") : t("common.noMatches")}
      {...props}
    />
  );
}
