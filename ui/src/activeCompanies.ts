// The companies the session reads right now, for the status bar. The
// session's `selection` is what the Companies screen applied and the backend
// remembers; a script's `use` changes the companies its later statements
// (and the next runs) read without changing that. The backend's `selection`
// command answers with the session's live list, so it is asked again after
// every run; an Apply on the Companies screen replaces the answer.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { Backend, CompanySelection } from "./ipc";

interface AfterRun {
  selection: CompanySelection;
  /** The applied selection it was asked against: once that changes, the
   * Apply is newer than the run and wins. */
  basis: CompanySelection;
}

export function useActiveCompanies(
  backend: Backend,
  applied: CompanySelection,
): { selection: CompanySelection; afterRun: () => void } {
  const [latest, setLatest] = useState<AfterRun | null>(null);
  const appliedNow = useRef(applied);
  appliedNow.current = applied;
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  const afterRun = useCallback(() => {
    const basis = appliedNow.current;
    backend.selection().then(
      (selection) => live.current && setLatest({ selection, basis }),
      () => {
        // The bar keeps what it showed; the next run asks again.
      },
    );
  }, [backend]);

  const selection = latest && latest.basis === applied ? latest.selection : applied;
  return { selection, afterRun };
}
