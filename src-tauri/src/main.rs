//! The desktop app's entry point; everything else is in the library so that
//! tests can build the same app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    tandem_app::run();
}
