// The parameter form's rules, apart from its looks: the values it starts
// with, how each kind writes its value into the `${NAME}` text, and what
// stops a run. Values are strings because the script receives text.
import type { ParameterField, ParameterKind } from "../../ipc";

export const KIND_LABELS: Record<ParameterKind, string> = {
  text: "Text",
  number: "Number",
  date: "Date",
  yesno: "Yes / no",
  list: "Choice from a list",
  company: "One company",
  companies: "Several companies",
};

export const KINDS = Object.keys(KIND_LABELS) as ParameterKind[];

/** A yes/no parameter's values, as the script receives them. */
export const YES = "true";
export const NO = "false";

/** The values the form starts with: `preset` (a past run's), else each
 * field's remembered or default value; a yes/no starts at "no". */
export function initialValues(
  fields: readonly ParameterField[],
  preset?: Record<string, string>,
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const f of fields) {
    const value = preset?.[f.name] ?? f.value ?? "";
    values[f.name] = f.kind === "yesno" && value === "" ? NO : value;
  }
  return values;
}

/** Why the form cannot run yet, naming the fields to fill in; null when it can. */
export function missingMessage(
  fields: readonly ParameterField[],
  values: Record<string, string>,
): string | null {
  const missing = fields
    .filter((f) => f.required && (values[f.name] ?? "").trim() === "")
    .map((f) => f.label || f.name);
  if (missing.length === 0) return null;
  return `Fill in ${listWords(missing)}.`;
}

/** Why a value does not fit its kind; null when it does (or is empty). */
export function invalidMessage(field: ParameterField, value: string): string | null {
  const v = value.trim();
  if (v === "") return null;
  const label = field.label || field.name;
  if (field.kind === "number" && !/^-?\d+([.,]\d+)?$/.test(v)) {
    return `${label} must be a number, for example 2024 or 12.50.`;
  }
  if (field.kind === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(v)) {
    return `${label} must be a date.`;
  }
  return null;
}

function listWords(words: string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1] as string}`;
}

/** Company codes of a `companies` value ("100001, 100002"). */
export function splitCompanies(value: string): number[] {
  return value
    .split(/[\s,;]+/)
    .map((s) => Number.parseInt(s, 10))
    .filter((n) => Number.isInteger(n));
}

export function joinCompanies(codes: readonly number[]): string {
  return codes.join(", ");
}

/** `${NAME}` values of a run, in words for a list ("Year: 2024 · Company: 100001"). */
export function describeParameters(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}: ${v}`)
    .join(" · ");
}
