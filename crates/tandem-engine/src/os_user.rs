//! Who is running Tandem, for the run log's "run by". The environment names
//! the user in a login shell, but a process started by tauri-driver, cron or
//! systemd may have no `$USER`, `$USERNAME` or `$LOGNAME`; on Unix the
//! password database still knows the account of the real user id, so a run
//! is not logged as "by unknown" while someone plainly ran it.

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
fn account_name() -> Option<String> {
    use nix::unistd::{Uid, User};
    User::from_uid(Uid::current())
        .ok()
        .flatten()
        .map(|user| user.name)
        .filter(|name| !name.is_empty())
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
