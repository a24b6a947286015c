//! Runs the built `tandem` binary as users do: scripts against the
//! in-process demo, progress and Ctrl-C, `tandem sim`, and the login flow
//! against a simulator, where its data goes without `TANDEM_HOME`, and the
//! history read back.

mod app_login;
mod cancel;
mod help;
mod history;
mod home;
mod kill;
mod login;
mod progress;
mod run;
mod sim;
mod support;
mod sync;
