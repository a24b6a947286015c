// The plan of a synchronize, before anything is written: per company what
// it adds, changes and removes, what that costs against today's API budget,
// the statement's limits, and every changed field on demand. Nothing is
// written until "Apply these changes"; Cancel (or Escape) writes nothing.
import { useMemo, useState } from "preact/hooks";
import type { Backend, PendingPlan, PlanCompany } from "../../ipc";
import type { SyncFlow } from "./syncFlow";
import { VirtualList } from "./VirtualList";
import { PlanRowsPane } from "./PlanRowsPane";
import { CompanyName } from "./CompanyName";
import { companyLabel, duration, overBudget, plural, recordNoun } from "./words";

const COMPANY_ROW = 48;

function n(value: number): string {
  return value.toLocaleString("en-US");
}

function totals(plan: PendingPlan) {
  const t = { inserts: 0, updates: 0, deletes: 0, unchanged: 0, calls: 0 };
  for (const c of plan.companies) {
    t.inserts += c.inserts;
    t.updates += c.updates;
    t.deletes += c.deletes;
    t.unchanged += c.unchanged;
    t.calls += c.calls;
  }
  return t;
}

function CompanyRow({
  c,
  noun,
  selected,
  id,
  onSelect,
}: {
  c: PlanCompany;
  noun: string;
  selected: boolean;
  id: string;
  onSelect: () => void;
}) {
  const over = overBudget(c);
  return (
    <div
      id={id}
      role="option"
      aria-selected={selected}
      class={`plan-company${selected ? " selected" : ""}${c.massDelete ? " danger" : ""}`}
      data-testid="plan-company"
      data-company={c.company === null ? "" : String(c.company)}
      onClick={onSelect}
    >
      <div class="plan-company-main">
        <CompanyName company={c.company} name={c.name} />
        <span class="num" title="to add">
          +{n(c.inserts)}
        </span>
        <span class="num" title="to change">
          ~{n(c.updates)}
        </span>
        <span class={`num${c.deletes ? " minus" : ""}`} title="to remove">
          −{n(c.deletes)}
        </span>
        <span class="num muted" title="already the same">
          ={n(c.unchanged)}
        </span>
      </div>
      <div class="plan-company-note">
        {c.massDelete ? (
          <strong class="sync-error">Would remove more than half of this company's {noun}.</strong>
        ) : over ? (
          <span class="sync-warn">
            Needs {n(c.calls)} API calls; only {n(c.dailyRemaining ?? 0)} left today.
          </span>
        ) : (
          <span class="muted">
            {plural(c.calls, "API call", "API calls")}
            {c.dailyRemaining !== null && ` of ${n(c.dailyRemaining)} left today`} ·{" "}
            {duration(c.estimatedSeconds)}
          </span>
        )}
      </div>
    </div>
  );
}

export function PlanScreen({ flow, backend }: { flow: SyncFlow; backend: Backend }) {
  const plan = flow.plan;
  // -1 is "All companies"; otherwise an index into plan.companies.
  const [selected, setSelected] = useState(-1);
  const [massConfirmed, setMassConfirmed] = useState(false);
  const noun = useMemo(() => recordNoun(plan?.statement ?? ""), [plan]);
  const sums = useMemo(() => (plan ? totals(plan) : null), [plan]);
  const massDelete = useMemo(() => plan?.companies.filter((c) => c.massDelete) ?? [], [plan]);
  const overBudgetCompanies = useMemo(() => plan?.companies.filter(overBudget) ?? [], [plan]);

  const undo = plan?.undoOf ?? null;
  const title =
    undo !== null
      ? `Undo run ${undo}: check what it will put back`
      : "Check the changes before they are made";

  if (!plan || !sums) {
    return (
      <div class="sync-body">
        <h2 id="sync-dialog-title">{title}</h2>
        {flow.planError ? (
          <p class="notice notice-error" role="alert">
            {flow.planError}
          </p>
        ) : (
          <p class="muted" role="status">
            <span class="spinner" aria-hidden="true" /> Working out the plan
            {flow.awaiting
              ? ` for ${plural(flow.awaiting.companies, "company", "companies")} (${plural(flow.awaiting.writes, "change", "changes")})`
              : ""}
            …
          </p>
        )}
        <PlanButtons flow={flow} canApply={false} />
      </div>
    );
  }

  const count = plan.companies.length;
  const options = count + 1;
  const move = (to: number) => setSelected(Math.max(-1, Math.min(count - 1, to)));
  const onListKey = (event: KeyboardEvent) => {
    const page = 8;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(selected + 1),
      ArrowUp: () => move(selected - 1),
      Home: () => move(-1),
      End: () => move(count - 1),
      PageDown: () => move(selected + page),
      PageUp: () => move(selected - page),
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  };
  const chosen = selected >= 0 ? plan.companies[selected] : undefined;
  const writes = sums.inserts + sums.updates + sums.deletes;
  const needsConfirm = massDelete.length > 0;

  return (
    <div class="sync-body plan">
      <h2 id="sync-dialog-title">{title}</h2>
      <p id="sync-dialog-desc">
        Nothing has been changed yet. Tandem makes the changes below in{" "}
        {plural(count, "company", "companies")} only when you choose{" "}
        <strong>Apply these changes</strong>.
      </p>

      <div class="plan-total" data-testid="plan-total">
        <span>
          <strong>{n(sums.inserts)}</strong> to add
        </span>
        <span>
          <strong>{n(sums.updates)}</strong> to change
        </span>
        <span class={sums.deletes ? "sync-error" : ""}>
          <strong>{n(sums.deletes)}</strong> to remove
        </span>
        <span class="muted">{n(sums.unchanged)} already the same</span>
        <span>
          {plural(sums.calls, "API call", "API calls")} · {duration(plan.estimatedSeconds)}
        </span>
      </div>

      <details class="plan-statement">
        <summary>The statement{plan.limits.length > 0 && " and its limits"}</summary>
        <pre>{plan.statement}</pre>
      </details>
      {plan.limits.length > 0 && (
        <p class="plan-limits" data-testid="plan-limits">
          Limits in the statement: {plan.limits.join("; ")}.
        </p>
      )}

      {needsConfirm && (
        <div class="notice notice-error" data-testid="plan-mass-delete">
          <p>
            <strong>
              {massDelete.length === 1
                ? `${companyLabel(massDelete[0]?.company ?? null, massDelete[0]?.name)} would lose`
                : `${n(massDelete.length)} companies would each lose`}{" "}
              more than half of {massDelete.length === 1 ? "its" : "their"} {noun}.
            </strong>{" "}
            This is usually a mistake in the script or in the chosen companies.
          </p>
          <label class="plan-confirm">
            <input
              type="checkbox"
              data-testid="plan-confirm-mass-delete"
              checked={massConfirmed}
              onChange={(e) => setMassConfirmed((e.currentTarget as HTMLInputElement).checked)}
            />{" "}
            I have checked this and want to remove these {noun}.
          </label>
        </div>
      )}
      {overBudgetCompanies.length > 0 && (
        <p class="notice" data-testid="plan-budget-warning">
          <strong>
            {overBudgetCompanies.length === 1
              ? `${companyLabel(overBudgetCompanies[0]?.company ?? null, overBudgetCompanies[0]?.name)} needs`
              : `${n(overBudgetCompanies.length)} companies need`}{" "}
            more API calls than Exact Online allows for the rest of today.
          </strong>{" "}
          The changes that do not fit wait or fail until the budget resets tomorrow.
        </p>
      )}

      <div class="plan-panes">
        <div class="plan-companies-pane">
          <VirtualList
            count={options}
            rowHeight={COMPANY_ROW}
            label="Companies in the plan"
            role="listbox"
            tabIndex={0}
            class="plan-companies"
            testid="plan-companies"
            activeDescendant={selected < 0 ? "plan-opt-all" : `plan-opt-${selected}`}
            revealIndex={selected + 1}
            onKeyDown={onListKey}
            renderRow={(i) =>
              i === 0 ? (
                <div
                  id="plan-opt-all"
                  role="option"
                  aria-selected={selected < 0}
                  class={`plan-company all${selected < 0 ? " selected" : ""}`}
                  data-testid="plan-company-all"
                  onClick={() => setSelected(-1)}
                >
                  <div class="plan-company-main">
                    <strong class="plan-company-name">All companies</strong>
                    <span class="muted">{plural(writes, "change", "changes")}</span>
                  </div>
                  <div class="plan-company-note muted">{plural(count, "company", "companies")}</div>
                </div>
              ) : (
                <CompanyRow
                  c={plan.companies[i - 1] as PlanCompany}
                  noun={noun}
                  id={`plan-opt-${i - 1}`}
                  selected={selected === i - 1}
                  onSelect={() => setSelected(i - 1)}
                />
              )
            }
          />
        </div>
        <PlanRowsPane
          backend={backend}
          company={chosen ? chosen.company : null}
          label={chosen ? companyLabel(chosen.company, chosen.name) : "all companies"}
          showCompany={!chosen}
        />
      </div>

      {flow.planError && (
        <p class="notice notice-error" role="alert">
          {flow.planError}
        </p>
      )}
      <PlanButtons
        flow={flow}
        canApply={!needsConfirm || massConfirmed}
        hint={
          needsConfirm && !massConfirmed
            ? `Tick the box above to allow removing ${noun}.`
            : writes === 0
              ? "There is nothing to change."
              : undefined
        }
      />
    </div>
  );
}

function PlanButtons({
  flow,
  canApply,
  hint,
}: {
  flow: SyncFlow;
  canApply: boolean;
  hint?: string | undefined;
}) {
  return (
    <div class="sync-buttons">
      {hint && <span class="muted">{hint}</span>}
      <span class="spacer" />
      <button
        type="button"
        class="button"
        data-testid="plan-cancel"
        data-autofocus
        disabled={flow.deciding}
        onClick={() => void flow.decide(false)}
      >
        Cancel — change nothing
      </button>
      <button
        type="button"
        class="button primary"
        data-testid="plan-apply"
        disabled={!canApply || flow.deciding}
        aria-busy={flow.deciding}
        onClick={() => void flow.decide(true)}
      >
        Apply these changes
      </button>
    </div>
  );
}
