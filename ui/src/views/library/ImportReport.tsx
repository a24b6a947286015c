// What importing a library folder did, in counts people can check, and each
// file left out with the reason (the header line that is wrong), so a
// colleague can fix the file and import again.
import type { ImportSummary, SkippedImport } from "../../ipc";

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `path` inside `folder` as the part below it ("Sales/q.sql"); the heading
 * already names the folder. A path elsewhere stays whole. */
function below(folder: string, path: string): string {
  const base = folder.replace(/[\\/]+$/, "");
  if (base && path.startsWith(base) && /^[\\/]/.test(path.slice(base.length))) {
    return path.slice(base.length + 1);
  }
  return path;
}

/** One skipped file. The backend's reason names the file by its full path
 * ("/x/lib/q.sql, line 2: …", "cannot read /x/lib/q.sql: …"); printed after
 * the path, that read as the folder twice, so the reason's mention of the
 * file becomes the one place it is named. */
function SkippedLine({ folder, skipped }: { folder: string; skipped: SkippedImport }) {
  const name = below(folder, skipped.path);
  const at = skipped.path ? skipped.reason.indexOf(skipped.path) : -1;
  if (at < 0) {
    return name ? (
      <>
        <code>{name}</code>: {skipped.reason}
      </>
    ) : (
      <>{skipped.reason}</>
    );
  }
  return (
    <>
      {skipped.reason.slice(0, at)}
      <code>{name}</code>
      {skipped.reason.slice(at + skipped.path.length)}
    </>
  );
}

export function ImportReport({
  summary,
  onClose,
}: {
  summary: ImportSummary;
  onClose: () => void;
}) {
  const lines: { key: string; text: string; count: number }[] = [
    { key: "imported", count: summary.imported, text: "new, added to the library" },
    { key: "updated", count: summary.updated, text: "brought up to date from their file" },
    {
      key: "copied",
      count: summary.copied,
      text: "added as a copy, because the query here was changed since (both kept)",
    },
    { key: "unchanged", count: summary.unchanged, text: "already the same here" },
  ];
  const skipped = summary.skipped.length;
  return (
    <section
      class={`notice import-report${skipped ? " has-skipped" : ""}`}
      data-testid="import-summary"
      aria-labelledby="import-report-title"
      role="status"
    >
      <div class="import-report-head">
        <strong id="import-report-title">Imported from {summary.folder}</strong>
        <span class="spacer" />
        <button
          type="button"
          class="button link"
          onClick={onClose}
          aria-label="Close the import summary"
        >
          Close
        </button>
      </div>
      <ul class="import-counts">
        {lines.map((l) => (
          <li key={l.key} data-testid={`import-${l.key}`} data-count={l.count}>
            <strong>{plural(l.count, "query", "queries")}</strong> {l.text}
          </li>
        ))}
      </ul>
      {skipped > 0 && (
        <div class="import-skipped">
          <p>
            <strong class="error-text">
              {plural(skipped, "file was", "files were")} not imported
            </strong>{" "}
            — fix {skipped === 1 ? "it" : "them"} and import the folder again:
          </p>
          <ul>
            {summary.skipped.map((s, i) => (
              <li key={`${i}:${s.path}`} data-testid="import-skipped">
                <SkippedLine folder={summary.folder} skipped={s} />
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
