// Connect: log in to Exact Online (the backend opens the browser and waits for
// the redirect), or start the demo; see who is connected and log out.
import { useEffect, useState } from "preact/hooks";
import type { AppInfo, Backend, Country, SavedRegistration } from "../../ipc";
import type { ViewId } from "../../views";
import { connectionHint } from "../../connection";
import { isConnected, type Session } from "../../session";
import { COUNTRIES, countryName, isCountry } from "./countries";
import "./connect.css";
import { loginProblem, type LoginProblem } from "./messages";
import {
  Registration,
  draftFrom,
  draftProblem,
  registrationFor,
  type RegistrationDraft,
} from "./Registration";

/** The country last logged in to, offered first next time. */
export const COUNTRY_SETTING = "loginCountry";

type Busy = "login" | "demo" | "logout" | null;

export function ConnectView({
  backend,
  session,
  onNavigate,
}: {
  backend: Backend;
  session: Pick<Session, "engine" | "expired" | "connected">;
  onNavigate?: (view: ViewId) => void;
}) {
  const [busy, setBusy] = useState<Busy>(null);
  const [problem, setProblem] = useState<LoginProblem | null>(null);
  const [country, setCountry] = useState<Country>("nl");
  const [saved, setSaved] = useState<SavedRegistration | null>(null);
  const [draft, setDraft] = useState<RegistrationDraft>(draftFrom(null));
  const { engine } = session;
  const connection = engine.state === "ready" ? engine.info.connection : null;

  useEffect(() => {
    let live = true;
    backend.savedRegistration().then(
      (reg) => {
        if (!live) return;
        setSaved(reg);
        setDraft(draftFrom(reg));
      },
      () => {},
    );
    backend.getSetting(COUNTRY_SETTING).then(
      (value) => live && isCountry(value) && setCountry(value),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [backend]);

  useEffect(() => {
    if (connection?.kind === "exactOnline") setCountry(connection.country);
  }, [connection]);

  const run = async (what: Exclude<Busy, null>, action: () => Promise<AppInfo>) => {
    setBusy(what);
    setProblem(null);
    try {
      session.connected(await action());
      return true;
    } catch (error) {
      setProblem(loginProblem(error));
      return false;
    } finally {
      setBusy(null);
    }
  };

  const registrationProblem = draftProblem(draft, saved);

  const login = async (e: Event) => {
    e.preventDefault();
    if (registrationProblem) return;
    const registration = registrationFor(draft);
    const ok = await run("login", () => backend.login({ country, registration }));
    backend.setSetting(COUNTRY_SETTING, country).catch(() => {});
    if (ok && registration) {
      // The secret went to the keyring: show "a secret is saved" from now on.
      const reg = await backend.savedRegistration().catch(() => saved);
      setSaved(reg);
      setDraft(draftFrom(reg));
    }
  };

  const shown =
    problem ?? (session.expired ? loginProblem({ kind: "loginRequired", message: "" }) : null);

  return (
    <div class="connect">
      <section
        class="card summary-card"
        aria-labelledby="connection-title"
        data-testid="connection-summary"
      >
        <h2 id="connection-title">
          {engine.state === "loading" && "Checking the connection…"}
          {engine.state === "failed" && "Tandem's engine did not answer"}
          {engine.state === "ready" && summaryTitle(engine.info)}
        </h2>
        {connection && (
          <p>
            {connection.kind === "notConnected"
              ? "Log in with your Exact Online account below, or try Tandem with demo data first."
              : connectionHint(connection)}
          </p>
        )}
        {engine.state === "ready" && isConnected(engine) && (
          <div class="actions">
            {onNavigate && (
              <button type="button" class="button primary" onClick={() => onNavigate("companies")}>
                Choose companies
              </button>
            )}
            <button
              type="button"
              class="button"
              data-testid="logout-button"
              disabled={busy !== null}
              onClick={() => run("logout", () => backend.logout())}
            >
              {busy === "logout"
                ? "Logging out…"
                : connection?.kind === "demo"
                  ? "Leave the demo"
                  : "Log out"}
            </button>
          </div>
        )}
      </section>

      {shown && (
        <div class="notice notice-error" role="alert" data-testid="connect-error">
          <strong>{shown.title}</strong>
          <p>{shown.advice}</p>
          {shown.detail && <p class="detail">{shown.detail}</p>}
        </div>
      )}

      <div class="card-row">
        <section class="card" aria-labelledby="login-title">
          <h2 id="login-title">Log in to Exact Online</h2>
          {busy === "login" ? (
            <div class="waiting" role="status" aria-live="polite" data-testid="login-waiting">
              <span class="spinner" aria-hidden="true" />
              <div>
                <strong>Finish logging in in your browser…</strong>
                <p>
                  Tandem opened Exact Online's login page in your web browser. Log in there and
                  allow Tandem access; this window carries on by itself when you are done.
                </p>
              </div>
            </div>
          ) : (
            <form onSubmit={login}>
              <p>
                Work on your real administrations. Your browser opens Exact Online's own login page.
              </p>
              <div class="field">
                <label for="country">Exact Online site</label>
                <select
                  id="country"
                  data-testid="country-select"
                  value={country}
                  disabled={busy !== null}
                  onChange={(e) =>
                    setCountry((e.currentTarget as HTMLSelectElement).value as Country)
                  }
                >
                  {COUNTRIES.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </div>
              <div class="actions">
                <button
                  type="submit"
                  class="button primary"
                  data-testid="login-button"
                  disabled={busy !== null || registrationProblem !== null}
                >
                  Log in to Exact Online
                </button>
              </div>
              <Registration
                draft={draft}
                saved={saved}
                disabled={busy !== null}
                onChange={setDraft}
              />
              {registrationProblem && (
                <p class="field-error" aria-live="polite">
                  {registrationProblem}
                </p>
              )}
            </form>
          )}
        </section>

        {connection?.kind !== "demo" && (
          <section class="card" aria-labelledby="demo-title">
            <h2 id="demo-title">Try with demo data</h2>
            <p>
              Explore Tandem on made-up companies. Nothing you do reaches Exact Online, so you can
              try anything safely.
            </p>
            <div class="actions">
              <button
                type="button"
                class="button"
                data-testid="demo-button"
                disabled={busy !== null}
                onClick={() => run("demo", () => backend.startDemo())}
              >
                {busy === "demo" ? "Starting the demo…" : "Try with demo data"}
              </button>
            </div>
          </section>
        )}
      </div>
    </div>
  );
}

function summaryTitle(info: AppInfo): string {
  switch (info.connection.kind) {
    case "notConnected":
      return "You are not connected yet";
    case "demo":
      return "You are using demo data";
    case "exactOnline":
      // The engine's label names the site ("Exact Online Netherlands").
      return `Logged in to ${info.connectionLabel || `Exact Online ${countryName(info.connection.country)}`}`;
  }
}
