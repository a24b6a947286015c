import type { Usage } from "./ipc";
import { connectionHint } from "./connection";
import { isConnected, selectionLabel, type Session } from "./session";
import { THEME_CHOICES, type ThemeChoice } from "./theme";

export type { EngineStatus } from "./session";

/** Below these the budget is shown as running low. */
const LOW_MINUTELY = 10;
const LOW_DAILY = 500;

function usageText(usage: Usage): string {
  const parts = [`${usage.calls.toLocaleString("en")} API ${usage.calls === 1 ? "call" : "calls"}`];
  const left: string[] = [];
  if (usage.minutelyRemaining !== null)
    left.push(`${usage.minutelyRemaining.toLocaleString("en")}/min`);
  if (usage.dailyRemaining !== null)
    left.push(`${usage.dailyRemaining.toLocaleString("en")} today`);
  if (left.length) parts.push(`${left.join(", ")} left`);
  return parts.join(" · ");
}

function usageLow(usage: Usage): boolean {
  return (
    (usage.minutelyRemaining !== null && usage.minutelyRemaining < LOW_MINUTELY) ||
    (usage.dailyRemaining !== null && usage.dailyRemaining < LOW_DAILY)
  );
}

const USAGE_HINT =
  "Exact Online allows each company about 60 calls a minute and 5,000 a day. " +
  "The numbers left are for the company with the fewest.";

export function StatusBar({
  session,
  theme,
  onTheme,
}: {
  /** `selection`: the companies the session reads now (after a script's
   * `use`, not only what the Companies screen applied). */
  session: Pick<Session, "engine" | "selection" | "partitions" | "usage">;
  theme: ThemeChoice;
  onTheme: (theme: ThemeChoice) => void;
}) {
  const { engine, selection, partitions, usage } = session;
  // Names are known for the companies last applied; a script's `use` may
  // have switched to others, which are listed by code.
  const names = partitions.length
    ? selection.active
        .map((code) => {
          const known = partitions.find((p) => p.code === code);
          return known ? `${code} ${known.name}` : String(code);
        })
        .join("\n")
    : "";
  return (
    <footer class="status">
      {/* Only the connection and the companies are announced: the budget
          changes every few seconds and would drown everything else. */}
      <div class="status-live" role="status" aria-live="polite">
        {engine.state === "loading" && <span data-testid="status-connection">Starting…</span>}
        {engine.state === "failed" && (
          <span data-testid="status-connection" class="status-error">
            Tandem's engine did not answer: {engine.message}
          </span>
        )}
        {engine.state === "ready" && (
          <span
            data-testid="status-connection"
            data-kind={engine.info.connection.kind}
            class={`chip chip-${engine.info.connection.kind}`}
            title={connectionHint(engine.info.connection)}
          >
            {engine.info.connectionLabel}
          </span>
        )}
        {isConnected(engine) && (
          <span
            data-testid="status-companies"
            class={selection.active.length ? "" : "muted"}
            title={names || undefined}
          >
            {selectionLabel(selection)}
          </span>
        )}
      </div>
      {isConnected(engine) && usage && (
        <span
          data-testid="status-usage"
          class={usageLow(usage) ? "status-warn" : "muted"}
          title={USAGE_HINT}
        >
          {usageText(usage)}
        </span>
      )}
      <span class="spacer" />
      <select
        class="theme-picker"
        data-testid="theme-select"
        aria-label="Theme"
        title="Theme"
        value={theme}
        onChange={(e) => onTheme((e.currentTarget as HTMLSelectElement).value as ThemeChoice)}
      >
        {THEME_CHOICES.map((c) => (
          <option key={c.value} value={c.value}>
            {c.value === "system" ? "Theme: System" : `Theme: ${c.label}`}
          </option>
        ))}
      </select>
      {engine.state === "ready" && (
        <span data-testid="status-version" class="muted">
          Tandem {engine.info.engineVersion} · SQLite {engine.info.sqliteVersion}
        </span>
      )}
    </footer>
  );
}
