// What the status bar says about the connection beyond its name (which the
// engine gives): accountants read this, so it names the data they are looking
// at, not the technique behind it.
import type { ConnectionState } from "./ipc";

/** A short explanation for the status bar's tooltip. */
export function connectionHint(state: ConnectionState): string {
  switch (state.kind) {
    case "notConnected":
      return "Log in to Exact Online, or try Tandem with demo data, under Connect.";
    case "demo":
      return "You are working on made-up demo companies. Nothing you do reaches Exact Online.";
    case "exactOnline":
      return "You are working on live Exact Online data.";
  }
}
