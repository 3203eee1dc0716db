type Underscored<S extends string> = S extends `${infer A}:${infer B}` ? `${A}_${B}` : S;

/**
 * `updatedAt:desc` → `updatedAt_desc`: sort options travel as `sort:order`, but i18next reads
 * ":" in a key as a namespace separator, so their labels use "_".
 */
export function sortLabelKey<S extends string>(value: S): Underscored<S> {
  return value.replace(":", "_") as Underscored<S>;
}
