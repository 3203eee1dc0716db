import { NumberInput, type NumberInputProps } from "@mantine/core";

/**
 * A whole amount of yen, shown as `¥1,200,000` while typing. A typed minus sign stays visible, so the
 * form can refuse a negative amount in words instead of silently turning `-5000` into `5000`
 * (`allowNegative={false}` did that); forms check the sign, and the server refuses it too.
 */
export function YenInput(props: NumberInputProps) {
  return <NumberInput prefix="¥" thousandSeparator="," allowDecimal={false} allowNegative {...props} />;
}
