import fs from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";

// docs/architecture.md lists the modules of lib/ that reach the browser; this recomputes that list from the
// imports, so the document cannot drift from the code. A module reaches the browser when a "use client" file
// under app/ or components/ imports it, directly or through any module it imports in turn. Type-only imports
// are left out: they are erased before bundling. A simple static walk: `import`/`export ... from`, side-effect
// imports and `import("...")` with a literal path.

const ROOT = path.resolve(import.meta.dirname, "..");
const DOC = path.join(ROOT, "docs/architecture.md");
const EXTENSIONS = ["", ".ts", ".tsx", "/index.ts", "/index.tsx"];

const FROM =
  /^\s*(?:import|export)\s+(type\s+)?([\w$]+\s*,\s*)?(\{[^}]*\}|\*(?:\s+as\s+[\w$]+)?|[\w$]+)\s+from\s+["']([^"']+)["']/gm;
const BARE = /^\s*import\s+["']([^"']+)["']/gm;
const DYNAMIC = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const isClient = (source: string) => /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*["']use client["']/.test(source);

/** What a file loads at run time: the specifiers of its imports that are not type-only. */
function runtimeImports(source: string): string[] {
  const found: string[] = [];
  for (const [, typeOnly, defaultName, names, spec] of source.matchAll(FROM)) {
    const allTypes =
      names.startsWith("{") &&
      names
        .slice(1, -1)
        .split(",")
        .map((n) => n.trim())
        .filter(Boolean)
        .every((n) => n.startsWith("type "));
    if (typeOnly || (allTypes && !defaultName)) continue;
    found.push(spec);
  }
  for (const [, spec] of source.matchAll(BARE)) found.push(spec);
  for (const [, spec] of source.matchAll(DYNAMIC)) found.push(spec);
  return found;
}

function resolveLocal(from: string, spec: string): string | null {
  const base = spec.startsWith("@/")
    ? path.join(ROOT, spec.slice(2))
    : spec.startsWith(".")
      ? path.resolve(path.dirname(from), spec)
      : null;
  if (!base) return null;
  const file = EXTENSIONS.map((ext) => base + ext).find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
  if (!file) throw new Error(`${path.relative(ROOT, from)} imports "${spec}", which is not a file here`);
  return file;
}

/** The modules of lib/ that client components load, as paths from the repository root. */
function browserModules(): { modules: string[]; imports: Map<string, string[]> } {
  const entries = [...sourceFiles(path.join(ROOT, "app")), ...sourceFiles(path.join(ROOT, "components"))].filter((f) =>
    isClient(fs.readFileSync(f, "utf8")),
  );
  const seen = new Set<string>(entries);
  const imports = new Map<string, string[]>();
  const todo = [...entries];
  while (todo.length) {
    const file = todo.pop()!;
    const specs = runtimeImports(fs.readFileSync(file, "utf8"));
    imports.set(file, specs);
    for (const spec of specs) {
      const next = resolveLocal(file, spec);
      if (next && !seen.has(next)) {
        seen.add(next);
        todo.push(next);
      }
    }
  }
  const modules = [...seen]
    .map((f) => path.relative(ROOT, f))
    .filter((f) => f.startsWith("lib/"))
    .sort();
  return { modules, imports };
}

/** The list between the browser-safe markers of the document; `lib/runs/{a,b}.ts` stands for two modules. */
function documentedModules(): string[] {
  const doc = fs.readFileSync(DOC, "utf8");
  const list = /<!-- browser-safe -->([\s\S]*?)<!-- \/browser-safe -->/.exec(doc);
  if (!list) throw new Error("docs/architecture.md has no <!-- browser-safe --> ... <!-- /browser-safe --> list");
  return [...list[1].matchAll(/`(lib\/[^`]+)`/g)]
    .flatMap(([, p]) => {
      const brace = /^(.*)\{([^}]+)\}(.*)$/.exec(p.replace(/\s+/g, ""));
      return brace ? brace[2].split(",").map((name) => `${brace[1]}${name}${brace[3]}`) : [p];
    })
    .sort();
}

describe("the browser/server line", () => {
  const { modules, imports } = browserModules();

  it("finds the client components and what they load", () => {
    expect(modules).toContain("lib/format.ts");
    expect(
      runtimeImports(
        `import type { A } from "@/lib/a";\nimport { type B } from "@/lib/b";\nimport { c, type D } from "./c";\nexport * from "./e";\nimport "./f.css";`,
      ),
    ).toEqual(["./c", "./e", "./f.css"]);
  });

  it("docs/architecture.md lists exactly the modules of lib/ that reach the browser", () => {
    const documented = documentedModules();
    const add = modules.filter((m) => !documented.includes(m));
    const remove = documented.filter((m) => !modules.includes(m));
    const problems = [
      add.length ? `add ${add.join(", ")} (client components load them)` : "",
      remove.length ? `remove ${remove.join(", ")} (no client component loads them)` : "",
    ].filter(Boolean);
    expect(problems, `docs/architecture.md's browser-safe list is out of date: ${problems.join("; ")}`).toEqual([]);
  });

  it("no module that reaches the browser imports server-only or a Node module", () => {
    const node = new Set(builtinModules);
    const bad = modules.flatMap((m) =>
      (imports.get(path.join(ROOT, m)) ?? [])
        .filter((spec) => spec === "server-only" || spec.startsWith("node:") || node.has(spec.split("/")[0]))
        .map((spec) => `${m} imports ${spec}`),
    );
    expect(bad).toEqual([]);
  });
});
