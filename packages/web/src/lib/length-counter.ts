/**
 * `180 / 200` under a text field once its text nears the limit (80 %), so a limit is never a
 * silent cut: typing stops and a paste is cut at the limit only with the count in view.
 */
export function lengthCounter(value: string | null | undefined, max: number): string | undefined {
  // UTF-16 units, as the browser's maxLength and the server's limit count them.
  const length = (value ?? "").length;
  return length >= Math.floor(max * 0.8) ? `${length.toLocaleString()} / ${max.toLocaleString()}` : undefined;
}

/** A field's own hint with the counter after it (`lengthCounter`), when both are there. */
export function withCounter(
  description: string | undefined,
  counter: string | undefined,
): string | undefined {
  return [description, counter].filter(Boolean).join("　") || undefined;
}
