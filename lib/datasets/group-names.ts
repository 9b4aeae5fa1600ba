// Which label column holds the name people know a group by (the product name beside an asin). Browser-safe.

const NAME_COLUMN = /^(name|title|product|product[ _.-]?(name|title)|item[ _.-]?name)$/i;

/** The first label column that looks like a name ("name", "product_name", "title"…), or null. */
export function nameColumnOf(mapping: { group: string | null; labels: string[] }): string | null {
  if (!mapping.group) return null;
  return mapping.labels.find((c) => NAME_COLUMN.test(c.trim())) ?? null;
}

/** "Echo Dot (3rd Gen) · B00SAMPLE01", or the bare code when no name is known. */
export function groupDisplay(group: string, names: Record<string, string> | null | undefined): string {
  return groupLabel(group, names?.[group]);
}

/** The same, from the name itself. */
export function groupLabel(group: string, name: string | null | undefined): string {
  return name ? `${name} · ${group}` : group;
}

type NamedGroup = { group: string; name: string | null };

/** Groups in the order people look for them: by name (or code when unnamed), numbers in numeric order. */
export function sortGroups<T extends NamedGroup>(groups: T[]): T[] {
  return [...groups].sort((a, b) =>
    (a.name ?? a.group).localeCompare(b.name ?? b.group, "en", { numeric: true, sensitivity: "base" }),
  );
}
