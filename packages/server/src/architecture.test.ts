import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

/**
 * No import cycles between files anywhere in packages/*\/src: a module that needs something from a
 * module that needs it back hides an order of evaluation (a binding still undefined while the other
 * file loads) and a tangle of areas. Type-only imports count too: they tie the files together just
 * the same. The graph is read with the TypeScript parser, so no extra tool is needed.
 */

const packagesRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const SOURCE = /\.(ts|tsx|mts)$/;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

/** Workspace packages by name (`@tasuki/domain`), each to its `src/index.ts`. */
function workspaceEntries(): Map<string, string> {
  const entries = new Map<string, string>();
  for (const name of readdirSync(packagesRoot)) {
    const manifest = join(packagesRoot, name, "package.json");
    const index = join(packagesRoot, name, "src/index.ts");
    if (!existsSync(manifest) || !existsSync(index)) continue;
    const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string };
    if (pkg.name) entries.set(pkg.name, index);
  }
  return entries;
}

function resolveSpecifier(from: string, specifier: string, packages: Map<string, string>): string | null {
  const workspace = packages.get(specifier);
  if (workspace) return workspace;
  if (!specifier.startsWith(".")) return null;
  const base = resolve(dirname(from), specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts"), join(base, "index.tsx")];
  if (base.endsWith(".js")) candidates.push(base.replace(/\.js$/, ".ts"), base.replace(/\.js$/, ".tsx"));
  return candidates.find((c) => SOURCE.test(c) && existsSync(c)) ?? null;
}

function importsOf(file: string, packages: Map<string, string>): string[] {
  // Static imports, `export … from` and dynamic `import()`, type-only ones included.
  const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
  return importedFiles.flatMap((f) => resolveSpecifier(file, f.fileName, packages) ?? []);
}

/** Strongly connected components with more than one file (or a file importing itself): each is a cycle. */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return found;
}

describe("architecture", () => {
  it("has no import cycles between files in packages/*/src", () => {
    const packages = workspaceEntries();
    const files = readdirSync(packagesRoot)
      .map((name) => join(packagesRoot, name, "src"))
      .filter((dir) => existsSync(dir))
      .flatMap(sourceFiles);
    expect(files.length).toBeGreaterThan(100);
    const graph = new Map(files.map((file) => [file, importsOf(file, packages)]));
    const found = cycles(graph).map((component) => component.map((f) => relative(packagesRoot, f)));
    expect(found).toEqual([]);
  });

  it("reaches another package only through its entry points, never into its src by a relative path", () => {
    const repoRoot = resolve(packagesRoot, "..");
    const owner = (file: string) => relative(repoRoot, file).split("/").slice(0, 2).join("/");
    const tools = ["e2e", "bench"].map((dir) => join(repoRoot, dir)).filter((dir) => existsSync(dir));
    const files = [
      ...readdirSync(packagesRoot)
        .map((name) => join(packagesRoot, name, "src"))
        .filter((dir) => existsSync(dir))
        .flatMap(sourceFiles),
      ...tools.flatMap(sourceFiles),
    ];
    const packageOf = (file: string) => {
      const path = relative(repoRoot, file);
      return path.startsWith("packages/") ? owner(file) : path.split("/")[0];
    };
    const crossings = files.flatMap((file) => {
      const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
      return importedFiles
        .filter((f) => f.fileName.startsWith("."))
        .map((f) => resolve(dirname(file), f.fileName))
        .filter((target) => packageOf(target) !== packageOf(file))
        .map((target) => `${relative(repoRoot, file)} → ${relative(repoRoot, target)}`);
    });
    expect(files.length).toBeGreaterThan(100);
    expect(crossings).toEqual([]);
  });
});
