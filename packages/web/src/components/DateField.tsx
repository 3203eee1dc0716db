import { DateInput, type DateInputProps } from "@mantine/dates";
import { IconCalendar } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDate, parseDateText } from "../lib/format.ts";

/**
 * A calendar date as the API takes it, `YYYY-MM-DD` (a JST date, never an instant). Shown as
 * `2026/01/05` in either language, whatever the browser's own locale; typed dates may use any
 * common Japanese form (`parseDateText`), or be picked from the calendar (in the app's language,
 * weeks from Sunday). `onChange` gets the string, `""` when cleared. Text that is not a date, or
 * a date outside `min`–`max`, is put back to the last good date on leaving the field, and the
 * field says why.
 */
export function DateField({
  value,
  onChange,
  onBlur,
  min,
  max,
  error,
  ...props
}: Omit<DateInputProps, "value" | "onChange" | "minDate" | "maxDate"> & {
  value: string;
  onChange: (value: string) => void;
  /** Earliest and latest dates that can be picked, `YYYY-MM-DD`. */
  min?: string;
  max?: string;
}) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === "en";
  const [refused, setRefused] = useState<string | null>(null);
  return (
    <DateInput
      value={value || null}
      onChange={(next) => {
        setRefused(null);
        onChange(next ?? "");
      }}
      onBlur={(event) => {
        // Still the typed text here: the field puts the last good date back after this.
        const text = event.currentTarget.value.trim();
        const date = text ? parseDateText(text) : null;
        if (text && !date) setRefused(t("common.dateUnreadable", { text }));
        else if (date && ((min && date < min) || (max && date > max)))
          setRefused(
            t("common.dateOutOfRange", {
              date: formatDate(date),
              min: min ? formatDate(min) : "",
              max: max ? formatDate(max) : "",
            }),
          );
        else setRefused(null);
        onBlur?.(event);
      }}
      error={error ?? refused}
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
