//! The companies screen: which companies the login may use, which of them
//! the next statements read (the same list a script's `use` sets), and the
//! master company — remembered in the app database so that the next start
//! (after the demo or the login connects) picks up where the user left off.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::partitions::refused_error;
use crate::session::{ActivePartition, Session};

/// The settings key the selection is kept under (JSON).
pub const SELECTION_SETTING: &str = "selection";

/// The companies the next statements read, and the one marked as master.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CompanySelection {
    /// Company codes, in the order chosen.
    #[ts(type = "number[]")]
    pub active: Vec<i64>,
    /// The master (source) company, if one is marked.
    #[ts(type = "number | null")]
    pub master: Option<i64>,
}

/// A company the login may use, as the Companies screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Company {
    /// Its code (division number).
    #[ts(type = "number")]
    pub code: i64,
    /// Its name.
    pub name: String,
    /// Its country code, when known.
    pub country: Option<String>,
    /// Its city, when known.
    pub city: Option<String>,
    /// Whether it is the login's current company in Exact Online.
    pub current: bool,
}

impl Session {
    /// The companies the first connection's login may use, in the order
    /// the service lists them.
    pub async fn companies(&mut self) -> Result<Vec<Company>> {
        let provider = self.provider_index(None)?;
        Ok(self
            .accessible(provider)
            .await?
            .into_iter()
            .map(|p| Company {
                code: p.code,
                name: p.name,
                country: p.country,
                city: p.city,
                current: p.current,
            })
            .collect())
    }

    /// Makes `codes` (companies of the first connection) the partitions the
    /// next statements read, as `use` does. Every code that the login cannot
    /// use is named in one error, and nothing changes then.
    pub async fn set_active(&mut self, codes: &[i64]) -> Result<Vec<ActivePartition>> {
        let provider = self.provider_index(None)?;
        if codes.is_empty() {
            return Err(Error::Partition {
                message: "pick at least one company".into(),
                position: None,
            });
        }
        let accessible = self.accessible(provider).await?;
        let refused: Vec<String> = codes
            .iter()
            .filter(|c| !accessible.iter().any(|a| a.code == **c))
            .map(|c| c.to_string())
            .collect();
        if !refused.is_empty() {
            return Err(refused_error(&refused));
        }
        let mut active = Vec::with_capacity(codes.len());
        for c in codes {
            if !active.contains(&(provider, *c)) {
                active.push((provider, *c));
            }
        }
        self.active = active;
        Ok(self.active_partitions())
    }

    /// The active companies and the remembered master.
    pub fn selection(&self) -> CompanySelection {
        CompanySelection {
            active: self.active.iter().map(|(_, code)| *code).collect(),
            master: self.saved_selection().and_then(|s| s.master),
        }
    }

    /// Makes `selection.active` the active companies (see
    /// [`Session::set_active`]) and remembers it, with the master, for the
    /// next start. The master must be a company the login may use.
    pub async fn set_selection(
        &mut self,
        selection: &CompanySelection,
    ) -> Result<Vec<ActivePartition>> {
        if let Some(master) = selection.master {
            let provider = self.provider_index(None)?;
            if !self
                .accessible(provider)
                .await?
                .iter()
                .any(|a| a.code == master)
            {
                return Err(refused_error(&[master.to_string()]));
            }
        }
        let active = self.set_active(&selection.active).await?;
        let value = serde_json::to_value(selection)
            .map_err(|e| Error::Bug(format!("selection as JSON: {e}")))?;
        self.set_setting_value(SELECTION_SETTING, &value)?;
        Ok(active)
    }

    /// Applies the remembered selection after connecting: the companies the
    /// login may still use become active; when none of them remains (another
    /// login, companies gone), the login's current company stays active.
    pub async fn restore_selection(&mut self) -> Result<()> {
        let Some(saved) = self.saved_selection() else {
            return Ok(());
        };
        let provider = self.provider_index(None)?;
        let accessible = self.accessible(provider).await?;
        let still: Vec<i64> = saved
            .active
            .into_iter()
            .filter(|c| accessible.iter().any(|a| a.code == *c))
            .collect();
        if !still.is_empty() {
            self.set_active(&still).await?;
        }
        Ok(())
    }

    fn saved_selection(&self) -> Option<CompanySelection> {
        let value = self.setting_value(SELECTION_SETTING).ok().flatten()?;
        // A selection written by another version that no longer parses is
        // forgotten rather than stopping the start.
        serde_json::from_value(value).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CancelToken, Defines, NoEvents, SimConfig};

    async fn demo() -> Session {
        let mut session = Session::demo_with(SimConfig::demo()).await.unwrap();
        session.attach_store(tandem_store::Store::open_in_memory().unwrap());
        session
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn companies_list_the_demo_divisions_with_their_country() {
        let mut session = demo().await;
        let companies = session.companies().await.unwrap();
        assert!(companies.len() > 2, "{companies:?}");
        let current: Vec<&Company> = companies.iter().filter(|c| c.current).collect();
        assert_eq!(current.len(), 1);
        assert_eq!(current[0].code, 102673);
        assert_eq!(current[0].country.as_deref(), Some("NL"));
        assert!(companies.iter().any(|c| c.country.as_deref() == Some("BE")));
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_selection_is_validated_applied_and_remembered() {
        let mut session = demo().await;
        let codes: Vec<i64> = session
            .companies()
            .await
            .unwrap()
            .iter()
            .map(|c| c.code)
            .take(3)
            .collect();
        let bad = CompanySelection {
            active: vec![codes[0], 999001, 999002],
            master: None,
        };
        let e = session.set_selection(&bad).await.unwrap_err();
        assert!(e.to_string().contains("999001, 999002"), "{e}");
        assert_eq!(session.selection().active, vec![102673], "nothing changed");
        let e = session
            .set_selection(&CompanySelection::default())
            .await
            .unwrap_err();
        assert!(e.to_string().contains("at least one"), "{e}");

        let good = CompanySelection {
            active: codes[1..].to_vec(),
            master: Some(codes[0]),
        };
        let active = session.set_selection(&good).await.unwrap();
        assert_eq!(
            active.iter().map(|p| p.code).collect::<Vec<_>>(),
            codes[1..].to_vec()
        );
        assert!(active.iter().all(|p| !p.name.is_empty()));
        assert_eq!(session.selection(), good);

        // The next start on the same database picks the selection up.
        let store = session.store.take().unwrap();
        let mut next = Session::demo_with(SimConfig::demo()).await.unwrap();
        next.attach_store(store);
        assert_eq!(next.selection().active, vec![102673]);
        next.restore_selection().await.unwrap();
        assert_eq!(next.selection(), good);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn usage_reports_calls_and_the_lowest_budget_of_the_active_companies() {
        let mut session = demo().await;
        let before = session.usage();
        let report = session
            .run_script(
                "select code from exactonlinerest..accounts",
                &mut Defines::default(),
                &NoEvents,
                &CancelToken::new(),
            )
            .await;
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let after = session.usage();
        assert!(after.calls > before.calls, "{after:?}");
        assert!(after.minutely_remaining.is_some(), "{after:?}");
        assert!(after.daily_remaining.is_some(), "{after:?}");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_catalog_names_tables_as_users_type_them() {
        let mut session = demo().await;
        session
            .run_script(
                "create or replace table targets@inmemorystorage as select 1 code, 'x' name",
                &mut Defines::default(),
                &NoEvents,
                &CancelToken::new(),
            )
            .await;
        let catalog = session.catalog().unwrap();
        let accounts = catalog
            .iter()
            .find(|t| t.name == "exactonlinerest..accounts")
            .expect("accounts");
        assert!(accounts.columns.iter().any(|c| c == "division"));
        assert!(accounts.columns.iter().any(|c| c == "Name"));
        let targets = catalog
            .iter()
            .find(|t| t.name == "targets@inmemorystorage")
            .expect("the in-memory table");
        assert_eq!(
            targets.columns,
            vec!["code".to_string(), "name".to_string()]
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sorting_makes_a_new_result_set_and_export_writes_all_of_it() {
        let mut session = demo().await;
        let report = session
            .run_script(
                "select code, name from exactonlinerest..accounts",
                &mut Defines::default(),
                &NoEvents,
                &CancelToken::new(),
            )
            .await;
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        let original = report.results[0].clone();
        let sorted = session.sort_result(original.id, 1, true).unwrap();
        assert_ne!(sorted.id, original.id);
        assert_eq!(sorted.columns, original.columns);
        assert_eq!(sorted.row_count, original.row_count);
        let names: Vec<String> = session
            .page(sorted.id, 0, u64::MAX)
            .unwrap()
            .into_iter()
            .map(|row| row[1].as_text().unwrap_or_default().to_lowercase())
            .collect();
        let mut expected = names.clone();
        expected.sort_by(|a, b| b.cmp(a));
        assert_eq!(names, expected);
        assert!(session.sort_result(original.id, 9, false).is_err());

        let dir = std::env::temp_dir().join(format!("tandem-export-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("result.csv");
        let rows = session
            .export_result(sorted.id, &path, crate::ExportFormat::Csv, Some(";"))
            .unwrap();
        assert_eq!(rows, sorted.row_count);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.to_lowercase().starts_with("code;name\n"),
            "{}",
            &text[..40]
        );
        assert_eq!(text.lines().count() as u64, rows + 1);
        let missing = dir.join("no-such-folder").join("result.xlsx");
        let e = session
            .export_result(sorted.id, &missing, crate::ExportFormat::Xlsx, None)
            .unwrap_err();
        assert_eq!(e.kind(), crate::ErrorKind::Io);
        assert!(e.to_string().contains("no-such-folder"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_empty_script_says_there_is_nothing_to_run() {
        let mut session = Session::new(crate::ConnectionState::NotConnected);
        for script in ["", "  \n", "-- only a comment\n/* and this */"] {
            let report = session
                .run_script(
                    script,
                    &mut Defines::default(),
                    &NoEvents,
                    &CancelToken::new(),
                )
                .await;
            assert_eq!(report.outcome, crate::RunOutcome::Failed, "{script:?}");
            assert_eq!(report.errors, vec![Error::NothingToRun]);
            assert_eq!(report.errors[0].position(), None);
        }
    }
}
