import { NumberInput, type NumberInputProps } from "@mantine/core";

/** A whole, non-negative amount of yen, shown as `¥1,200,000` while typing. `min` defaults to 0. */
export function YenInput(props: NumberInputProps) {
  return (
    <NumberInput
      prefix="¥"
      thousandSeparator=","
      allowDecimal={false}
      allowNegative={false}
      min={0}
      {...props}
    />
  );
}
