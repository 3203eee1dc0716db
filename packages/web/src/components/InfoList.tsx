import { Group, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";

/** Label–value pairs for record pages (基本情報). */
export function InfoList({ items }: { items: { label: string; value: ReactNode }[] }) {
  return (
    <Stack gap={10} component="dl" m={0}>
      {items.map((item) => (
        <Group key={item.label} gap="sm" wrap="nowrap" align="flex-start">
          <Text component="dt" size="sm" c="dimmed" w={112} style={{ flexShrink: 0 }}>
            {item.label}
          </Text>
          <Text component="dd" size="sm" m={0} style={{ wordBreak: "break-word", minWidth: 0 }}>
            {item.value === null || item.value === undefined || item.value === "" ? "—" : item.value}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
