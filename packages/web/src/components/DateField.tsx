import { DateInput, type DateInputProps } from "@mantine/dates";
import { IconCalendar } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { parseDateText } from "../lib/format.ts";

/**
 * A calendar date as the API takes it, `YYYY-MM-DD` (a JST date, never an instant). Shown as
 * `2026/01/05` in either language, whatever the browser's own locale; typed dates may use any
 * common Japanese form (`parseDateText`), or be picked from the calendar (in the app's language,
 * weeks from Sunday). `onChange` gets the string, `""` when cleared.
 */
export function DateField({
  value,
  onChange,
  min,
  max,
  ...props
}: Omit<DateInputProps, "value" | "onChange" | "minDate" | "maxDate"> & {
  value: string;
  onChange: (value: string) => void;
  /** Earliest and latest dates that can be picked, `YYYY-MM-DD`. */
  min?: string;
  max?: string;
}) {
  const { i18n } = useTranslation();
  const english = i18n.language.startsWith("en");
  return (
    <DateInput
      value={value || null}
      onChange={(next) => onChange(next ?? "")}
      valueFormat="YYYY/MM/DD"
      dateParser={parseDateText}
      placeholder="2026/01/05"
      minDate={min || undefined}
      maxDate={max || undefined}
      clearable={!props.required}
      leftSection={<IconCalendar size={16} />}
      popoverProps={{ withinPortal: true }}
      // 2025年11月, not the locale's 11月 2025.
      monthLabelFormat={english ? "MMMM YYYY" : "YYYY年M月"}
      yearLabelFormat={english ? "YYYY" : "YYYY年"}
      {...props}
    />
  );
}
