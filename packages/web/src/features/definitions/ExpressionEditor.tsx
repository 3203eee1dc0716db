import {
  Anchor,
  Box,
  Collapse,
  Group,
  Input,
  Loader,
  Stack,
  Table,
  Text,
  UnstyledButton,
} from "@mantine/core";
import { useDebouncedValue, useDisclosure } from "@mantine/hooks";
import { IconAlertCircle, IconCircleCheck, IconHelpCircle } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type ReactNode, useId, useRef } from "react";
import { useTranslation } from "react-i18next";
import { api, keys } from "../../api/endpoints.ts";
import type { RuleError } from "../../api/types.ts";
import { highlightRanges } from "../../lib/highlight.ts";

export interface ExpressionCheck {
  /** The text the result is for; stale while the user is still typing. */
  checkedText: string | null;
  valid: boolean | null;
  errors: RuleError[];
  checking: boolean;
}

/** Asks the server to check the expression 400 ms after the user stops typing. */
export function useExpressionCheck(expression: string): ExpressionCheck {
  const [debounced] = useDebouncedValue(expression, 400);
  const trimmed = debounced.trim();
  const result = useQuery({
    queryKey: keys.validateExpression(debounced),
    queryFn: () => api.validateExpression(debounced),
    enabled: trimmed.length > 0,
    staleTime: Number.POSITIVE_INFINITY,
    placeholderData: keepPreviousData,
  });
  const fresh = result.data && !result.isPlaceholderData;
  return {
    checkedText: fresh ? debounced : null,
    valid: trimmed.length === 0 ? null : fresh ? result.data!.valid : null,
    errors: fresh ? result.data!.errors : [],
    checking: trimmed.length > 0 && (debounced !== expression || result.isFetching),
  };
}

/** Names and functions of the rule language (docs/RULES.md), inserted at the cursor on click. */
const VOCABULARY = [
  ["employees", "company.employees >= 50"],
  ["industry", "company.industry == 'manufacturing'"],
  ["prefecture", "company.prefecture == '東京都'"],
  ["title", "person.title.contains('部長')"],
  ["department", "person.department == '情報システム部'"],
  ["temperature", "person.temperature == 'hot'"],
  ["stage", "person.stage == 'mql'"],
  ["daysInStage", "person.days_in_stage >= 14"],
  ["consent", "person.consent != 'opted_out'"],
  ["freemail", "!(person.email_domain in freemail)"],
  ["score", "score.total >= 60"],
  ["count", "count('資料請求', days(30)) >= 1"],
  ["countAny", "count_any(['ウェビナー', '展示会'], days(90)) >= 1"],
  ["last", "last('問い合わせ') <= 7"],
] as const;

/**
 * The rule-language editor: a monospace textarea over a backdrop that repeats the text with each
 * error underlined where the checker found it, the messages listed below (click one to select
 * the spot), and a short reference of the names that can be used.
 */
export function ExpressionEditor({
  value,
  onChange,
  check,
  label,
  description,
  required,
  serverError,
}: {
  value: string;
  onChange: (value: string) => void;
  check: ExpressionCheck;
  label: ReactNode;
  description?: ReactNode;
  required?: boolean;
  /** An error from saving (e.g. invalid_expression), shown when the live check has nothing to say. */
  serverError?: string | null;
}) {
  const { t } = useTranslation();
  const id = useId();
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const backdropRef = useRef<HTMLDivElement>(null);
  const [helpOpen, help] = useDisclosure(false);
  // Underline only when the errors belong to the text on screen; offsets of older text would lie.
  const current = check.checkedText === value;
  const errors = current ? check.errors : [];
  const pieces = highlightRanges(value, errors);
  const invalid = current && check.valid === false;
  const errorsId = `${id}-errors`;
  const statusId = `${id}-status`;

  const select = (error: RuleError) => {
    const input = inputRef.current;
    if (!input) return;
    input.focus();
    input.setSelectionRange(error.start, Math.max(error.end, error.start + 1));
  };
  const insert = (snippet: string) => {
    const input = inputRef.current;
    const start = input?.selectionStart ?? value.length;
    const end = input?.selectionEnd ?? value.length;
    const before = value.slice(0, start);
    const glue = before.trim() && !/(&&|\|\||\()\s*$/.test(before) ? " && " : "";
    const next = `${before}${glue}${snippet}${value.slice(end)}`;
    onChange(next);
    requestAnimationFrame(() => {
      const at = start + glue.length + snippet.length;
      input?.focus();
      input?.setSelectionRange(at, at);
    });
  };
  const rows = Math.min(14, Math.max(4, value.split("\n").length + 1));

  return (
    <Input.Wrapper
      label={label}
      description={description}
      required={required}
      id={id}
      inputWrapperOrder={["label", "description", "input", "error"]}
    >
      <Box className="tasuki-expr" mt={4}>
        <div ref={backdropRef} className="tasuki-expr-backdrop tasuki-expression" aria-hidden>
          {pieces.map((piece, i) =>
            piece.marked ? (
              // biome-ignore lint/suspicious/noArrayIndexKey: pieces are positional
              <mark key={i}>{piece.text}</mark>
            ) : (
              // biome-ignore lint/suspicious/noArrayIndexKey: pieces are positional
              <span key={i}>{piece.text}</span>
            ),
          )}
          {"\n"}
        </div>
        <textarea
          ref={inputRef}
          id={id}
          className="tasuki-expr-input tasuki-expression"
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          onScroll={(e) => {
            if (backdropRef.current) backdropRef.current.scrollTop = e.currentTarget.scrollTop;
          }}
          rows={rows}
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          autoCorrect="off"
          aria-invalid={invalid}
          aria-required={required}
          aria-describedby={`${statusId} ${errorsId}`}
          data-testid="expression-input"
          placeholder="company.employees >= 50 && count('資料請求', days(30)) >= 1"
        />
      </Box>
      <Group gap={6} mt={6} id={statusId} aria-live="polite" mih={22} data-testid="expression-status">
        {value.trim() === "" ? (
          <Text size="xs" c="dimmed">
            {t("definitions.editor.exprEmpty")}
          </Text>
        ) : check.checking || !current ? (
          <>
            <Loader size={12} />
            <Text size="xs" c="dimmed">
              {t("definitions.editor.checking")}
            </Text>
          </>
        ) : check.valid ? (
          <>
            <IconCircleCheck size={16} color="var(--mantine-color-teal-7)" aria-hidden />
            <Text size="xs" c="teal.8" data-testid="expression-valid">
              {t("definitions.editor.valid")}
            </Text>
          </>
        ) : (
          <>
            <IconAlertCircle size={16} color="var(--mantine-color-red-7)" aria-hidden />
            <Text size="xs" c="red.8" fw={600}>
              {t("definitions.editor.errorCount", { count: errors.length })}
            </Text>
          </>
        )}
      </Group>
      <Stack gap={4} id={errorsId} mt={errors.length ? 4 : 0} data-testid="expression-errors">
        {errors.map((error) => (
          <UnstyledButton
            key={`${error.start}-${error.end}-${error.code}`}
            onClick={() => select(error)}
            className="tasuki-header-button"
            style={{ padding: "4px 8px" }}
          >
            <Text size="sm" c="red.8">
              <Text span fw={600} size="xs" mr={6}>
                {t("definitions.editor.position", { line: error.line, column: error.column })}
              </Text>
              {error.message}
            </Text>
          </UnstyledButton>
        ))}
        {errors.length === 0 && serverError && (
          <Text size="sm" c="red.8" role="alert">
            {serverError}
          </Text>
        )}
      </Stack>
      <Anchor
        component="button"
        type="button"
        size="xs"
        mt={6}
        onClick={help.toggle}
        aria-expanded={helpOpen}
        style={{ display: "inline-flex", alignItems: "center", gap: 4 }}
      >
        <IconHelpCircle size={14} aria-hidden />
        {helpOpen ? t("definitions.editor.hideHelp") : t("definitions.editor.showHelp")}
      </Anchor>
      <Collapse expanded={helpOpen}>
        <Box mt="xs" p="sm" bg="gray.0" style={{ borderRadius: "var(--mantine-radius-md)" }}>
          <Text size="xs" c="dimmed" mb={6}>
            {t("definitions.editor.helpIntro")}
          </Text>
          <Table withRowBorders={false} verticalSpacing={2} fz="xs">
            <Table.Tbody>
              {VOCABULARY.map(([name, snippet]) => (
                <Table.Tr key={snippet}>
                  <Table.Td w="50%">
                    <Anchor component="button" type="button" onClick={() => insert(snippet)} size="xs">
                      <span className="tasuki-expression">{snippet}</span>
                    </Anchor>
                  </Table.Td>
                  <Table.Td c="dimmed">{t(`definitions.vocabulary.${name}`)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Box>
      </Collapse>
    </Input.Wrapper>
  );
}
