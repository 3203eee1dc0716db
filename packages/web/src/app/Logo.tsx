import { Group, Text } from "@mantine/core";
import { Link } from "react-router";

export function Logo({ size = "md" }: { size?: "md" | "lg" }) {
  const box = size === "lg" ? 40 : 30;
  return (
    <Link to="/" style={{ textDecoration: "none", color: "inherit" }} aria-label="Tasuki">
      <Group gap={8} wrap="nowrap">
        <svg width={box} height={box} viewBox="0 0 64 64" aria-hidden="true">
          <rect width="64" height="64" rx="14" fill="#c2410c" />
          <path d="M14 50 L50 14" stroke="#fff" strokeWidth="10" strokeLinecap="round" />
          <path d="M14 14 L30 30" stroke="#fed7aa" strokeWidth="6" strokeLinecap="round" />
        </svg>
        <Text fw={700} size={size === "lg" ? "xl" : "lg"} lh={1}>
          Tasuki
          <Text span c="dimmed" fw={500} size="sm" ml={6} visibleFrom="xs">
            襷
          </Text>
        </Text>
      </Group>
    </Link>
  );
}
