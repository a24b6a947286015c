// Choosing companies for a parameter: a search over code and name, then one
// company from a short list, or several with checkboxes. Hundreds of
// companies stay usable because only the matches are shown.
import { useMemo, useState } from "preact/hooks";
import type { Company } from "../../ipc";
import { joinCompanies, splitCompanies } from "./parameters";

const SHOWN = 200;

function matches(companies: readonly Company[], search: string): Company[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  return companies.filter((c) => {
    const text = `${c.code} ${c.name} ${c.city ?? ""}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

export function CompanyPicker(props: {
  id: string;
  label: string;
  companies: readonly Company[] | null;
  multiple: boolean;
  value: string;
  onChange: (value: string) => void;
}) {
  const { companies, multiple, value, onChange } = props;
  const [search, setSearch] = useState("");
  const found = useMemo(() => matches(companies ?? [], search), [companies, search]);
  const chosen = splitCompanies(value);
  const chosenSet = new Set(chosen);
  const name = (code: number) => companies?.find((c) => c.code === code)?.name;

  if (companies === null) return <p class="muted">Loading companies…</p>;
  if (companies.length === 0) {
    return (
      <input
        id={props.id}
        type="text"
        inputMode="numeric"
        value={value}
        placeholder="Company code"
        onInput={(e) => onChange((e.target as HTMLInputElement).value)}
      />
    );
  }
  const shown = found.slice(0, SHOWN);
  return (
    <div class="company-picker">
      <input
        id={props.id}
        type="search"
        placeholder="Search by code or name"
        aria-label={`Search companies for ${props.label}`}
        value={search}
        onInput={(e) => setSearch((e.target as HTMLInputElement).value)}
      />
      {multiple ? (
        <div class="company-checks" role="group" aria-label={props.label}>
          {shown.map((c) => (
            <label key={c.code} class="company-check">
              <input
                type="checkbox"
                checked={chosenSet.has(c.code)}
                onChange={(e) => {
                  const on = (e.target as HTMLInputElement).checked;
                  const next = on ? [...chosen, c.code] : chosen.filter((x) => x !== c.code);
                  onChange(joinCompanies(next));
                }}
              />
              <span class="company-code">{c.code}</span> {c.name}
            </label>
          ))}
        </div>
      ) : (
        <select
          class="company-list"
          size={Math.min(6, Math.max(2, shown.length))}
          aria-label={props.label}
          value={value}
          onChange={(e) => onChange((e.target as HTMLSelectElement).value)}
        >
          {shown.map((c) => (
            <option key={c.code} value={String(c.code)}>
              {c.code} · {c.name}
            </option>
          ))}
        </select>
      )}
      <p class="hint" aria-live="polite">
        {found.length === 0
          ? "No company matches."
          : found.length > SHOWN
            ? `Showing ${SHOWN} of ${found.length} matches; type more to narrow down.`
            : null}{" "}
        {multiple
          ? chosen.length === 0
            ? "None chosen."
            : `${chosen.length} chosen: ${chosen
                .slice(0, 5)
                .map((c) => name(c) ?? c)
                .join(", ")}${chosen.length > 5 ? "…" : ""}`
          : chosen[0] !== undefined
            ? `Chosen: ${chosen[0]} · ${name(chosen[0]) ?? "not in your companies"}`
            : "None chosen."}
      </p>
    </div>
  );
}
