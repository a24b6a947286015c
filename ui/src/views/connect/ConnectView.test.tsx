import { describe, expect, it, vi } from "vitest";
import type { AppInfo, CommandError } from "../../ipc";
import { demoInfo, fakeBackend } from "../../testing/fakeBackend";
import { $, choose, click, mountApp, settle, text, type } from "../../testing/render";

const offline: AppInfo = {
  ...demoInfo,
  connection: { kind: "notConnected" },
  connectionLabel: "Not connected",
};
const belgium: AppInfo = {
  ...demoInfo,
  connection: { kind: "exactOnline", country: "be" },
  connectionLabel: "Exact Online Belgium",
};

const fail = (kind: string): Promise<never> =>
  Promise.reject({ kind, message: `engine says ${kind}` } satisfies CommandError);

describe("Connect view", () => {
  it("offers the countries by name", async () => {
    const root = await mountApp(fakeBackend({ appInfo: async () => offline }));
    const names = [...$(root, "[data-testid=country-select]").querySelectorAll("option")].map(
      (o) => `${o.value}:${o.textContent}`,
    );
    expect(names).toEqual([
      "nl:Netherlands",
      "be:Belgium",
      "de:Germany",
      "fr:France",
      "es:Spain",
      "uk:United Kingdom",
      "us:United States",
    ]);
  });

  it("logs in to the chosen country, waiting for the browser meanwhile", async () => {
    let finish: (info: AppInfo) => void = () => {};
    const login = vi.fn(() => new Promise<AppInfo>((resolve) => (finish = resolve)));
    const setSetting = vi.fn(async () => {});
    const root = await mountApp(fakeBackend({ appInfo: async () => offline, login, setSetting }));
    expect(text(root, "[data-testid=connection-summary] h2")).toBe("You are not connected yet");
    expect(root.querySelector("[data-testid=logout-button]")).toBeNull();

    await choose($(root, "[data-testid=country-select]"), "be");
    await click($(root, "[data-testid=login-button]"));
    expect(login).toHaveBeenCalledWith({ country: "be", registration: null });
    expect(text(root, "[data-testid=login-waiting]")).toContain(
      "Finish logging in in your browser…",
    );
    expect($<HTMLButtonElement>(root, "[data-testid=demo-button]").disabled).toBe(true);

    finish(belgium);
    await settle();
    expect(root.querySelector("[data-testid=login-waiting]")).toBeNull();
    expect(text(root, "[data-testid=connection-summary] h2")).toBe(
      "Logged in to Exact Online Belgium",
    );
    expect(text(root, "[data-testid=status-connection]")).toBe("Exact Online Belgium");
    expect(text(root, "[data-testid=logout-button]")).toBe("Log out");
    expect(setSetting).toHaveBeenCalledWith("loginCountry", "be");
  });

  it.each([
    ["loginDenied", "Exact Online did not give Tandem access."],
    ["loginTimeout", "The login was not finished in time."],
    ["loginRequired", "Your Exact Online session has expired."],
    ["cancelled", "The login was stopped."],
    ["io", "Tandem could not reach Exact Online."],
    ["engine", "Something went wrong while connecting."],
  ])("explains a %s failure in plain words", async (kind, title) => {
    const root = await mountApp(
      fakeBackend({ appInfo: async () => offline, login: () => fail(kind) }),
    );
    await click($(root, "[data-testid=login-button]"));
    const alert = $(root, "[data-testid=connect-error]");
    expect(alert.getAttribute("role")).toBe("alert");
    expect(text(alert, "strong")).toBe(title);
    if (kind === "loginRequired") expect(alert.textContent).toContain("Please log in again.");
    // The engine's own words only where they help (not for a denial, say).
    expect(alert.textContent?.includes(`engine says ${kind}`)).toBe(
      kind === "io" || kind === "engine",
    );
    expect(text(root, "[data-testid=status-connection]")).toBe("Not connected");
  });

  it("starts the demo and can leave it again", async () => {
    const startDemo = vi.fn(async () => demoInfo);
    const logout = vi.fn(async () => offline);
    const root = await mountApp(fakeBackend({ appInfo: async () => offline, startDemo, logout }));
    await click($(root, "[data-testid=demo-button]"));
    expect(startDemo).toHaveBeenCalledOnce();
    expect(text(root, "[data-testid=connection-summary] h2")).toBe("You are using demo data");
    expect(text(root, "[data-testid=status-connection]")).toBe("Demo data");

    await click($(root, "[data-testid=logout-button]"));
    expect(logout).toHaveBeenCalledOnce();
    expect(text(root, "[data-testid=status-connection]")).toBe("Not connected");
    expect(root.querySelector("[data-testid=status-companies]")).toBeNull();
  });

  it("does not offer the demo while it is running", async () => {
    const root = await mountApp(fakeBackend());
    expect(text(root, "[data-testid=connection-summary] h2")).toBe("You are using demo data");
    expect(root.querySelector("[data-testid=demo-button]")).toBeNull();
  });

  it("shows a demo failure too", async () => {
    const root = await mountApp(
      fakeBackend({ appInfo: async () => offline, startDemo: () => fail("io") }),
    );
    await click($(root, "[data-testid=demo-button]"));
    expect(text(root, "[data-testid=connect-error] strong")).toBe(
      "Tandem could not reach Exact Online.",
    );
  });

  it("sends the firm's own registration, and never shows a saved secret", async () => {
    const login = vi.fn(async () => belgium);
    const savedRegistration = vi
      .fn()
      .mockResolvedValueOnce({
        clientId: "old-id",
        redirectUri: "http://127.0.0.1:7000/",
        hasSecret: true,
      })
      .mockResolvedValue({
        clientId: "new-id",
        redirectUri: "http://127.0.0.1:7000/",
        hasSecret: true,
      });
    const root = await mountApp(
      fakeBackend({ appInfo: async () => offline, login, savedRegistration }),
    );
    const secret = $<HTMLInputElement>(root, "[data-testid=registration-secret]");
    expect(secret.value).toBe("");
    expect(secret.type).toBe("password");
    expect(text(root, "[data-testid=registration-secret-saved]")).toContain("A secret is saved");
    expect($<HTMLInputElement>(root, "[data-testid=registration-client-id]").value).toBe("old-id");

    // A new client id needs its own secret before login is possible.
    await type($(root, "[data-testid=registration-client-id]"), "new-id");
    expect($<HTMLButtonElement>(root, "[data-testid=login-button]").disabled).toBe(true);
    await type($(root, "[data-testid=registration-secret]"), "s3cret");
    await click($(root, "[data-testid=login-button]"));
    expect(login).toHaveBeenCalledWith({
      country: "nl",
      registration: {
        clientId: "new-id",
        clientSecret: "s3cret",
        redirectUri: "http://127.0.0.1:7000/",
      },
    });
    expect($<HTMLInputElement>(root, "[data-testid=registration-secret]").value).toBe("");
  });

  it("keeps the saved secret when the secret field is left empty", async () => {
    const login = vi.fn(async () => belgium);
    const root = await mountApp(
      fakeBackend({
        appInfo: async () => offline,
        login,
        savedRegistration: async () => ({
          clientId: "firm",
          redirectUri: "http://127.0.0.1:7000/",
          hasSecret: true,
        }),
      }),
    );
    await click($(root, "[data-testid=login-button]"));
    expect(login).toHaveBeenCalledWith({
      country: "nl",
      registration: { clientId: "firm", clientSecret: "", redirectUri: "http://127.0.0.1:7000/" },
    });
  });

  it("asks to log in again when another command found the session expired", async () => {
    const root = await mountApp(
      fakeBackend({ appInfo: async () => belgium, companies: () => fail("loginRequired") }),
    );
    await click($(root, "[data-view=companies]"));
    expect(text(root, "[data-testid=companies-error]")).toContain("Please log in again.");
    await click($(root, "[data-view=connect]"));
    expect(text(root, "[data-testid=connect-error] strong")).toBe(
      "Your Exact Online session has expired.",
    );
  });
});
