// The Exact Online sites a login can belong to, by the names accountants know
// them by. The order is the engine's (Country), Dutch first as most users are.
import type { Country } from "../../ipc";

export const COUNTRIES: readonly { code: Country; name: string }[] = [
  { code: "nl", name: "Netherlands" },
  { code: "be", name: "Belgium" },
  { code: "de", name: "Germany" },
  { code: "fr", name: "France" },
  { code: "es", name: "Spain" },
  { code: "uk", name: "United Kingdom" },
  { code: "us", name: "United States" },
];

export function countryName(code: string): string {
  return COUNTRIES.find((c) => c.code === code)?.name ?? code.toUpperCase();
}

export function isCountry(code: string | null | undefined): code is Country {
  return COUNTRIES.some((c) => c.code === code);
}
