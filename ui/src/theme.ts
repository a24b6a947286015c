// The colour theme. Styles follow the OS through light-dark(); a saved choice
// of Light or Dark forces one side with `data-theme` on <html>. The choice is
// kept by the backend (setting `theme`) so it survives restarts and the
// end-to-end tests can set it the same way the app does.
import { useCallback, useEffect, useState } from "preact/hooks";
import type { Backend } from "./ipc";

export type ThemeChoice = "system" | "light" | "dark";

export const THEME_SETTING = "theme";

export const THEME_CHOICES: readonly { value: ThemeChoice; label: string }[] = [
  { value: "system", label: "System" },
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
];

export function parseTheme(value: string | null | undefined): ThemeChoice {
  return value === "light" || value === "dark" ? value : "system";
}

export function applyTheme(choice: ThemeChoice, root: HTMLElement = document.documentElement) {
  if (choice === "system") delete root.dataset.theme;
  else root.dataset.theme = choice;
}

/** The current choice and a setter that applies and saves it. The saved one
 * is applied once at start; until it arrives the OS decides. */
export function useTheme(backend: Backend): [ThemeChoice, (choice: ThemeChoice) => void] {
  const [choice, setChoice] = useState<ThemeChoice>("system");

  useEffect(() => {
    let live = true;
    backend.getSetting(THEME_SETTING).then(
      (saved) => {
        if (!live) return;
        const theme = parseTheme(saved);
        // "system" leaves <html> alone, so a theme forced from outside (the
        // end-to-end test) is not undone by a late answer.
        if (theme !== "system") applyTheme(theme);
        setChoice(theme);
      },
      () => {
        // No saved theme to read: the OS decides.
      },
    );
    return () => {
      live = false;
    };
  }, [backend]);

  const choose = useCallback(
    (next: ThemeChoice) => {
      setChoice(next);
      applyTheme(next);
      backend.setSetting(THEME_SETTING, next).catch(() => {
        // Applied for this session; it just won't be remembered.
      });
    },
    [backend],
  );

  return [choice, choose];
}
