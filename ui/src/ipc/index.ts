// The only module that talks to the Rust side. Every command is listed in
// `Commands` with the types generated from Rust (ts-rs, see ./bindings), so a
// change on either side that breaks the contract fails the type check.
import { invoke } from "@tauri-apps/api/core";
import type { AppInfo } from "./bindings/AppInfo";

export type { AppInfo } from "./bindings/AppInfo";
export type { ConnectionState } from "./bindings/ConnectionState";
export type { Country } from "./bindings/Country";

type NoArgs = Record<string, never>;

/** Each command of src-tauri/src/commands.rs: its arguments and its result. */
interface Commands {
  app_info: { args: NoArgs; result: AppInfo };
}

function call<K extends keyof Commands>(
  command: K,
  args: Commands[K]["args"],
): Promise<Commands[K]["result"]> {
  return invoke<Commands[K]["result"]>(command, args);
}

/** What the UI may ask of the backend. Components receive it as a prop or
 * context, so tests can hand them a fake one. */
export interface Backend {
  appInfo(): Promise<AppInfo>;
}

export const tauriBackend: Backend = {
  appInfo: () => call("app_info", {}),
};
