// Companies: choose the companies (administrations) the next statements read
// and the master that synchronize copies from. Ticking only changes a draft;
// "Use these companies" applies it, so nobody switches the companies in use
// by a stray click while a colleague's script is open in the editor.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import type { Backend, Company, CompanySelection } from "../../ipc";
import type { ViewId } from "../../views";
import { errorText } from "../../commandError";
import { isConnected, selectionLabel, type Session } from "../../session";
import { CompanyGrid } from "./CompanyGrid";
import "./companies.css";
import {
  DEFAULT_SORT,
  coverage,
  filterCompanies,
  nextSort,
  sameSelection,
  selectAll,
  setMaster,
  sortCompanies,
  toggleCompany,
  unselectAll,
  type Sort,
} from "./companyList";

type Load =
  | { state: "loading" }
  | { state: "ready"; companies: Company[] }
  | { state: "failed"; message: string; expired: boolean };

export function CompaniesView({
  backend,
  session,
  onNavigate,
}: {
  backend: Backend;
  session: Pick<Session, "engine" | "selection" | "applySelection" | "reportError">;
  onNavigate?: (view: ViewId) => void;
}) {
  const { engine } = session;
  const online = isConnected(engine);
  const connectionKey = online ? JSON.stringify(engine.info.connection) : "";
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    if (!connectionKey) return;
    let live = true;
    setLoad({ state: "loading" });
    backend.companies().then(
      (companies) => live && setLoad({ state: "ready", companies }),
      (error: unknown) => {
        if (!live) return;
        session.reportError(error);
        const expired = (error as { kind?: string } | null)?.kind === "loginRequired";
        setLoad({ state: "failed", message: errorText(error), expired });
      },
    );
    return () => {
      live = false;
    };
    // Reload on a new connection or Retry only (reportError is stable).
  }, [backend, connectionKey, reloads]);

  if (!online) {
    return (
      <div class="card empty-state" data-testid="companies-empty">
        <h2>Connect first</h2>
        <p>
          Log in to Exact Online, or try Tandem with demo data, to see the companies you can work
          in.
        </p>
        {onNavigate && (
          <div class="actions">
            <button
              type="button"
              class="button primary"
              data-testid="connect-first"
              onClick={() => onNavigate("connect")}
            >
              Go to Connect
            </button>
          </div>
        )}
      </div>
    );
  }
  if (load.state === "loading") {
    return (
      <p class="muted" role="status">
        Loading your companies…
      </p>
    );
  }
  if (load.state === "failed") {
    return (
      <div class="notice notice-error" role="alert" data-testid="companies-error">
        <strong>
          {load.expired
            ? "Your Exact Online session has expired. Please log in again."
            : "Tandem could not list your companies."}
        </strong>
        {!load.expired && <p class="detail">{load.message}</p>}
        <div class="actions">
          {load.expired && onNavigate ? (
            <button type="button" class="button primary" onClick={() => onNavigate("connect")}>
              Go to Connect
            </button>
          ) : (
            <button type="button" class="button" onClick={() => setReloads((n) => n + 1)}>
              Try again
            </button>
          )}
        </div>
      </div>
    );
  }
  return (
    <CompanyPicker
      companies={load.companies}
      applied={session.selection}
      onApply={session.applySelection}
      onError={session.reportError}
    />
  );
}

function CompanyPicker({
  companies,
  applied,
  onApply,
  onError,
}: {
  companies: readonly Company[];
  applied: CompanySelection;
  onApply: (selection: CompanySelection) => Promise<void>;
  onError: (error: unknown) => void;
}) {
  const [query, setQuery] = useState("");
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  const [draft, setDraft] = useState<CompanySelection>(applied);
  const [applying, setApplying] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  // The remembered selection may arrive after the list: take it while the
  // user has not started changing things.
  const previous = useRef(applied);
  useEffect(() => {
    const before = previous.current;
    previous.current = applied;
    setDraft((d) => (sameSelection(d, before) ? applied : d));
  }, [applied]);

  const known = useMemo(() => new Set(companies.map((c) => c.code)), [companies]);
  const shown = useMemo(
    () => sortCompanies(filterCompanies(companies, query), sort),
    [companies, query, sort],
  );
  const shownCodes = useMemo(() => shown.map((c) => c.code), [shown]);
  const shownCoverage = coverage(draft, shownCodes);
  const dirty = !sameSelection(draft, applied);
  const missing = draft.active.filter((c) => !known.has(c));

  const change = (next: CompanySelection) => {
    setDraft(next);
    setMessage(null);
  };

  const apply = async () => {
    setApplying(true);
    setMessage(null);
    try {
      await onApply(draft);
      setMessage({ text: `Now working in ${selectionLabel(draft).toLowerCase()}.`, error: false });
    } catch (error) {
      onError(error);
      setMessage({ text: `The companies were not changed: ${errorText(error)}`, error: true });
    } finally {
      setApplying(false);
    }
  };

  return (
    <div class="companies">
      <div class="toolbar">
        <input
          type="search"
          class="search"
          data-testid="company-search"
          aria-label="Search companies by code or name"
          placeholder="Search by code or name"
          value={query}
          onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
        />
        <label class="check-label">
          <input
            type="checkbox"
            data-testid="select-all-visible"
            checked={shownCoverage === "all"}
            indeterminate={shownCoverage === "some"}
            disabled={!shown.length}
            onChange={() =>
              change(
                shownCoverage === "all"
                  ? unselectAll(draft, shownCodes)
                  : selectAll(draft, shownCodes),
              )
            }
          />
          {query.trim() ? `Select all ${shown.length} found` : `Select all ${shown.length}`}
        </label>
        <span class="muted" aria-live="polite" data-testid="company-count">
          {query.trim()
            ? `${shown.length} of ${companies.length} companies match`
            : `${companies.length} companies`}
        </span>
      </div>

      {shown.length ? (
        <CompanyGrid
          companies={shown}
          selection={draft}
          sort={sort}
          onSort={(key) => setSort(nextSort(sort, key))}
          onToggle={(code) => change(toggleCompany(draft, code))}
          onMaster={(code) => change(setMaster(draft, code))}
        />
      ) : (
        <p class="card empty-state">
          {companies.length
            ? `No company's code or name contains “${query.trim()}”.`
            : "This login has no companies in Exact Online."}
        </p>
      )}
      <p class="hint keys-hint">
        Click a row or press Space to tick it; press M or click the circle to make it the master.
      </p>

      <div class="apply-bar">
        <div>
          <strong data-testid="draft-summary">{selectionLabel(draft)}</strong>
          {missing.length > 0 && (
            <span class="muted"> · {missing.length} no longer available to this login</span>
          )}
          {dirty && <span class="pending"> · not applied yet</span>}
        </div>
        <span class="spacer" />
        {draft.master !== null && (
          <button type="button" class="button link" onClick={() => change(setMaster(draft, null))}>
            No master
          </button>
        )}
        {dirty && (
          <button type="button" class="button" onClick={() => change(applied)}>
            Undo changes
          </button>
        )}
        <button
          type="button"
          class="button primary"
          data-testid="apply-companies"
          disabled={!dirty || applying}
          onClick={apply}
        >
          {applying ? "Applying…" : "Use these companies"}
        </button>
      </div>
      <p
        class={message?.error ? "field-error" : "muted"}
        role={message?.error ? "alert" : "status"}
        data-testid="apply-message"
      >
        {message?.text ?? ""}
      </p>
    </div>
  );
}
