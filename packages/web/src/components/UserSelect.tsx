import { Select, type SelectProps } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, keys } from "../api/endpoints.ts";

/** Picks an active user (owner pickers); the signed-in user is listed first as 自分. */
export function UserSelect({
  value,
  onChange,
  currentUserId,
  ...props
}: Omit<SelectProps, "data" | "value" | "onChange"> & {
  value: string | null;
  onChange: (id: string | null) => void;
  currentUserId?: string;
}) {
  const { t } = useTranslation();
  const users = useQuery({ queryKey: keys.users(), queryFn: () => api.listUsers(), staleTime: 5 * 60_000 });
  const items = users.data?.items ?? [];
  const data = items
    .map((u) => ({
      value: u.id,
      label: u.id === currentUserId ? `${u.name}（${t("common.me")}）` : u.name,
    }))
    .sort((a, b) => (a.value === currentUserId ? -1 : b.value === currentUserId ? 1 : 0));
  return (
    <Select
      searchable
      clearable
      data={data}
      value={value}
      onChange={onChange}
      nothingFoundMessage={t("common.noMatches")}
      disabled={users.isPending}
      {...props}
    />
  );
}
