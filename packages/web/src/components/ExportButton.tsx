import { Button, Menu } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { type Query, toSearchParams } from "../api/client.ts";

export type ExportKind = "people" | "companies" | "opportunities" | "activities";

/**
 * The URL of an export (`exportPeople`, …) for a list's current filter: the list's own query
 * without paging, plus the encoding and the UI language for the headers. A plain GET with the
 * session cookie, so the browser downloads it and names it from Content-Disposition.
 */
export function exportUrl(
  kind: ExportKind,
  filter: Query,
  encoding: "utf8" | "shift_jis",
  lang: string,
): string {
  const { cursor: _cursor, limit: _limit, ...rest } = filter;
  return `/api/v1/${kind}/export${toSearchParams({ ...rest, encoding, lang: lang.startsWith("en") ? "en" : "ja" })}`;
}

/** "Export CSV" with the choice Excel users in Japan need: UTF-8 (BOM) or Shift_JIS. */
export function ExportButton({ kind, filter }: { kind: ExportKind; filter: Query }) {
  const { t, i18n } = useTranslation();
  return (
    <Menu position="bottom-end" shadow="md" withinPortal>
      <Menu.Target>
        <Button variant="default" leftSection={<IconDownload size={16} />} data-testid={`${kind}-export`}>
          {t("common.export.button")}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t("common.export.filterNote")}</Menu.Label>
        <Menu.Item
          component="a"
          href={exportUrl(kind, filter, "utf8", i18n.language)}
          download
          data-testid={`${kind}-export-utf8`}
        >
          {t("common.export.utf8")}
        </Menu.Item>
        <Menu.Item
          component="a"
          href={exportUrl(kind, filter, "shift_jis", i18n.language)}
          download
          data-testid={`${kind}-export-shift_jis`}
        >
          {t("common.export.shiftJis")}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
