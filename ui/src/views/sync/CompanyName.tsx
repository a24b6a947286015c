// A company as "name (code)" in a narrow list cell. Names run long ("Stichting
// Beheer ... Holding B.V.") and the code is what tells two of them apart, so
// only the name gives way: it ellipsizes, the code always stays in view, and
// the whole label is the cell's title.
import { companyLabel } from "./words";

export function CompanyName({
  company,
  name,
}: {
  company: number | null;
  name?: string | undefined;
}) {
  const label = companyLabel(company, name);
  if (company === null || !name) {
    return (
      <span class="company-name" title={label}>
        <span class="company-name-text">{label}</span>
      </span>
    );
  }
  // The space is a text node so the label reads (and copies) as one phrase;
  // the flex layout drops it and spaces the parts with a gap instead.
  return (
    <span class="company-name" title={label}>
      <span class="company-name-text">{name}</span>{" "}
      <span class="company-name-code">({company})</span>
    </span>
  );
}
