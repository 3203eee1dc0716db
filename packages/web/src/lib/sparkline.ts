/**
 * An SVG path through values, oldest first, scaled into a `width` × `height` box with `pad`
 * pixels kept free at the edges (so the stroke is not clipped). One value draws a flat line.
 */
export function sparklinePath(values: readonly number[], width: number, height: number, pad = 2): string {
  if (values.length === 0) return "";
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const innerW = width - pad * 2;
  const innerH = height - pad * 2;
  const points = values.length === 1 ? [values[0]!, values[0]!] : values;
  const step = innerW / (points.length - 1);
  return points
    .map((v, i) => {
      const x = pad + i * step;
      // Equal values sit in the middle rather than on the floor.
      const y = max === min ? pad + innerH / 2 : pad + innerH - ((v - min) / span) * innerH;
      return `${i === 0 ? "M" : "L"}${round(x)} ${round(y)}`;
    })
    .join(" ");
}

const round = (n: number) => Math.round(n * 10) / 10;
