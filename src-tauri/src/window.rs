//! The main window's size and place, remembered in the settings when it
//! closes and restored at the next start.

use serde::{Deserialize, Serialize};
use tauri::{PhysicalPosition, PhysicalSize, Runtime, WebviewWindow, Window};

use crate::AppState;

/// The settings key the geometry is kept under.
const WINDOW_SETTING: &str = "window";

/// Where the window was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Geometry {
    x: i32,
    y: i32,
    width: u32,
    height: u32,
    maximized: bool,
}

impl Geometry {
    /// A geometry too small to use (a window minimised when it closed) is
    /// not restored; the configured default is better.
    fn usable(&self) -> bool {
        self.width >= 400 && self.height >= 300
    }
}

/// Puts the window where it was last time.
pub fn restore<R: Runtime>(window: &WebviewWindow<R>, state: &AppState) {
    let Ok(session) = state.session.try_lock() else {
        return;
    };
    let Some(text) = session.setting(WINDOW_SETTING).ok().flatten() else {
        return;
    };
    let Ok(g) = serde_json::from_str::<Geometry>(&text) else {
        return;
    };
    if !g.usable() {
        return;
    }
    let _ = window.set_size(PhysicalSize::new(g.width, g.height));
    let _ = window.set_position(PhysicalPosition::new(g.x, g.y));
    if g.maximized {
        let _ = window.maximize();
    }
}

/// Remembers where the window is. Skipped when a script holds the session:
/// closing must not wait for it.
pub fn remember<R: Runtime>(window: &Window<R>, state: &AppState) {
    let (Ok(position), Ok(size)) = (window.outer_position(), window.inner_size()) else {
        return;
    };
    let g = Geometry {
        x: position.x,
        y: position.y,
        width: size.width,
        height: size.height,
        maximized: window.is_maximized().unwrap_or(false),
    };
    let Ok(session) = state.session.try_lock() else {
        return;
    };
    if let Ok(text) = serde_json::to_string(&g) {
        if let Err(e) = session.set_setting(WINDOW_SETTING, &text) {
            tracing::warn!("the window's size could not be saved: {e}");
        }
    }
}
