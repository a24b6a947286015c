//! Who is running Tandem, for the run log's "run by". The environment names
//! the user in a login shell, but a process started by tauri-driver, cron or
//! systemd may have no `$USER`, `$USERNAME` or `$LOGNAME`; on Unix the
//! password database still knows the account of the real user id, so a run
//! is not logged as "by unknown" while someone plainly ran it.
//!
//! This is the crate's one use of `unsafe`: the C library's `getpwuid_r`.

/// The user's name: the first of `$USER`, `$USERNAME` and `$LOGNAME` that is
/// set and not empty, else the real uid's account, else "unknown".
pub(crate) fn user_name() -> String {
    name_from(|var| std::env::var(var).ok(), account_name)
}

/// [`user_name`] with the environment and the account looked up by the
/// caller, so tests need not change the process's environment (which other
/// tests read at the same time).
fn name_from(
    env: impl Fn(&str) -> Option<String>,
    account: impl FnOnce() -> Option<String>,
) -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|var| env(var).filter(|s| !s.is_empty()))
        .or_else(account)
        .unwrap_or_else(|| "unknown".into())
}

/// The name of the real uid's entry in the password database, if it has one.
#[cfg(unix)]
#[allow(unsafe_code)]
fn account_name() -> Option<String> {
    use std::ffi::CStr;

    // Names are short; the buffer also holds the entry's other strings
    // (home, shell, gecos), and grows when the C library says so.
    const LARGEST: usize = 1 << 20;
    let mut buf: Vec<libc::c_char> = vec![0; 1024];
    // SAFETY: getuid has no preconditions and cannot fail.
    let uid = unsafe { libc::getuid() };
    loop {
        // SAFETY: a zeroed passwd is a valid value (integers and null
        // pointers); getpwuid_r fills it with pointers into `buf`, which
        // outlives every use of them below.
        let mut entry: libc::passwd = unsafe { std::mem::zeroed() };
        let mut found: *mut libc::passwd = std::ptr::null_mut();
        // SAFETY: every pointer is to a live local, `buf.len()` is its size.
        let code =
            unsafe { libc::getpwuid_r(uid, &mut entry, buf.as_mut_ptr(), buf.len(), &mut found) };
        if code == libc::ERANGE && buf.len() < LARGEST {
            buf.resize(buf.len() * 2, 0);
            continue;
        }
        if code != 0 || found.is_null() || entry.pw_name.is_null() {
            return None;
        }
        // SAFETY: on success pw_name is a NUL-terminated string in `buf`.
        let name = unsafe { CStr::from_ptr(entry.pw_name) };
        let name = name.to_string_lossy().into_owned();
        return (!name.is_empty()).then_some(name);
    }
}

/// Windows has no password database; `%USERNAME%` is set for every login.
#[cfg(not(unix))]
fn account_name() -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_environment_names_the_user_first() {
        let account = || Some("from-passwd".to_string());
        assert_eq!(name_from(env(&[("USER", "anna")]), account), "anna");
        assert_eq!(
            name_from(env(&[("USER", ""), ("LOGNAME", "bert")]), account),
            "bert"
        );
        assert_eq!(name_from(env(&[("USERNAME", "carla")]), account), "carla");
    }

    #[test]
    fn unknown_only_without_environment_and_account() {
        assert_eq!(name_from(env(&[]), || None), "unknown");
        assert_eq!(name_from(env(&[("USER", "")]), || None), "unknown");
    }

    /// Regression: under tauri-driver none of the three variables is set,
    /// and every run was logged as "by unknown".
    #[cfg(unix)]
    #[test]
    fn without_user_variables_the_password_database_names_the_user() {
        let name = name_from(env(&[]), account_name);
        assert_ne!(name, "unknown");
        // `id -un` reads the same database for the same uid.
        let id = std::process::Command::new("id").arg("-un").output();
        if let Some(out) = id.ok().filter(|o| o.status.success()) {
            assert_eq!(name, String::from_utf8_lossy(&out.stdout).trim());
        }
    }
}
