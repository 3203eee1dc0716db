import { Box, Code, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Definition } from "../../api/types.ts";
import { type DiffPart, diffText, hasChanges } from "../../lib/diff.ts";

/** The name in the reader's language (both names are required, so either is there). */
export function useDefinitionName(): (d: { nameJa: string; nameEn: string }) => string {
  const { i18n } = useTranslation();
  return (d) => (i18n.language === "en" ? d.nameEn : d.nameJa);
}

/** A rule-language expression, monospace, wrapping long conditions instead of scrolling. */
export function ExpressionBlock({ expression, testId }: { expression: string; testId?: string }) {
  return (
    <Code
      block
      className="tasuki-expression"
      data-testid={testId}
      style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}
    >
      {expression}
    </Code>
  );
}

/** Inline diff: removed text struck through in red, added text underlined in green. */
export function DiffView({ before, after, mono = false }: { before: string; after: string; mono?: boolean }) {
  const { t } = useTranslation();
  // Nothing to compare with (a first version): show the text itself, not a wall of insertions.
  if (before === "")
    return mono ? (
      <ExpressionBlock expression={after} />
    ) : (
      <Text size="sm" lh={1.8} style={{ whiteSpace: "pre-wrap" }}>
        {after}
      </Text>
    );
  const parts: DiffPart[] = diffText(before, after);
  if (!hasChanges(parts))
    return (
      <Text size="sm" c="dimmed">
        {t("definitions.noChange")}
      </Text>
    );
  return (
    <Box
      className={mono ? "tasuki-diff tasuki-expression" : "tasuki-diff"}
      fz="sm"
      data-testid="version-diff"
      aria-label={t("definitions.diffLabel")}
    >
      {parts.map((part, i) =>
        part.kind === "same" ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts have no identity besides their order
          <span key={i}>{part.text}</span>
        ) : part.kind === "removed" ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above
          <del key={i} title={t("definitions.removed")}>
            {part.text}
          </del>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: as above
          <ins key={i} title={t("definitions.added")}>
            {part.text}
          </ins>
        ),
      )}
    </Box>
  );
}

/** The version whose text the glossary shows: the one in force, else the open one. */
export function shownVersion(d: Definition) {
  return d.current ?? d.open;
}
