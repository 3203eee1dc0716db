import { Button, Group, Select, Text } from "@mantine/core";
import { IconChevronLeft, IconChevronRight } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";

/**
 * Previous / next over cursor pages. The API pages by keyset (fast on page 1,000 as on page 1),
 * so there is no total; we show which rows this page holds.
 */
export function CursorPager({
  pageIndex,
  pageSize,
  rowCount,
  hasNext,
  onPrevious,
  onNext,
  onPageSizeChange,
  loading,
}: {
  pageIndex: number;
  pageSize: number;
  rowCount: number;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
  onPageSizeChange?: (size: number) => void;
  loading?: boolean;
}) {
  const { t } = useTranslation();
  const from = rowCount === 0 ? 0 : pageIndex * pageSize + 1;
  const to = pageIndex * pageSize + rowCount;
  return (
    <Group justify="space-between" mt="sm" wrap="wrap" gap="sm">
      <Text size="sm" c="dimmed" aria-live="polite">
        {rowCount === 0 ? "" : t("pager.range", { from, to })}
      </Text>
      <Group gap="xs">
        {onPageSizeChange && (
          <Select
            aria-label={t("pager.pageSize")}
            size="xs"
            w={110}
            data={["25", "50", "100", "200"].map((v) => ({
              value: v,
              label: t("pager.perPage", { count: Number(v) }),
            }))}
            value={String(pageSize)}
            onChange={(v) => v && onPageSizeChange(Number(v))}
            allowDeselect={false}
          />
        )}
        <Button
          size="xs"
          variant="default"
          leftSection={<IconChevronLeft size={14} />}
          disabled={pageIndex === 0 || loading}
          onClick={onPrevious}
        >
          {t("pager.previous")}
        </Button>
        <Button
          size="xs"
          variant="default"
          rightSection={<IconChevronRight size={14} />}
          disabled={!hasNext || loading}
          onClick={onNext}
        >
          {t("pager.next")}
        </Button>
      </Group>
    </Group>
  );
}
