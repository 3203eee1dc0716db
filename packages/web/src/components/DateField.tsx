import { TextInput, type TextInputProps } from "@mantine/core";

/**
 * A calendar date as the API takes it, `YYYY-MM-DD` (a JST date, never an instant: the browser's
 * date input has no time zone). `onChange` gets the string, `""` when cleared.
 */
export function DateField({
  value,
  onChange,
  ...props
}: Omit<TextInputProps, "type" | "value" | "onChange"> & {
  value: string;
  onChange: (value: string) => void;
}) {
  return <TextInput type="date" value={value} onChange={(e) => onChange(e.currentTarget.value)} {...props} />;
}
