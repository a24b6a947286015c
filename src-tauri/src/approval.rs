//! The app's approver: a synchronize (or an undo) that reaches its plan
//! waits here until the user confirms or cancels it in the window.
//!
//! The plan sits in a slot of its own, outside the session's lock: the
//! running script holds that lock while it waits, and the window must still
//! read the plan, page through its rows, export it and answer. Cancelling
//! the run answers "no", so a cancelled run never hangs on its plan.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use tandem_engine::{PlanDetailRow, SyncApproval, SyncPreview};
use tokio::sync::oneshot;

/// A plan waiting for the user's answer.
pub struct Pending {
    /// What the engine showed.
    pub preview: Arc<SyncPreview>,
    /// Its drill-down rows, computed once.
    pub rows: Arc<Vec<PlanDetailRow>>,
    answer: oneshot::Sender<bool>,
}

/// Where the waiting plan is kept; shared by the approver and the commands.
#[derive(Default)]
pub struct ApprovalSlot {
    pending: Mutex<Option<Pending>>,
}

impl ApprovalSlot {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Pending>> {
        self.pending.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The waiting plan and its rows, if any.
    pub fn current(&self) -> Option<(Arc<SyncPreview>, Arc<Vec<PlanDetailRow>>)> {
        self.lock()
            .as_ref()
            .map(|p| (p.preview.clone(), p.rows.clone()))
    }

    /// Answers the waiting plan; `false` when none was waiting.
    pub fn answer(&self, approved: bool) -> bool {
        match self.lock().take() {
            // The run may have gone (its window closed): nothing to tell.
            Some(pending) => {
                let _ = pending.answer.send(approved);
                true
            }
            None => false,
        }
    }

    fn wait(&self, preview: &SyncPreview) -> oneshot::Receiver<bool> {
        let (tx, rx) = oneshot::channel();
        let pending = Pending {
            rows: Arc::new(preview.detail_rows()),
            preview: Arc::new(preview.clone()),
            answer: tx,
        };
        // One script runs at a time; a plan still waiting is declined.
        if let Some(old) = self.lock().replace(pending) {
            let _ = old.answer.send(false);
        }
        rx
    }
}

/// Asks the window: the plan waits in the slot until `approve_sync` (or
/// `cancel_run`) answers.
pub struct AppApprover(pub Arc<ApprovalSlot>);

impl SyncApproval for AppApprover {
    fn approve<'a>(
        &'a self,
        preview: &'a SyncPreview,
    ) -> Pin<Box<dyn Future<Output = bool> + Send + 'a>> {
        let answer = self.0.wait(preview);
        // A sender dropped without an answer is a "no".
        Box::pin(async move { answer.await.unwrap_or(false) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn preview() -> SyncPreview {
        SyncPreview {
            statement: "SYNCHRONIZE a FROM b".into(),
            plan: serde_json::from_value(serde_json::json!({
                "options": {
                    "insert": {"limit": null}, "update": null, "delete": null,
                    "ignore_changes_to": [], "ignore_null_values": false,
                    "ignore_null_keys": false, "identified_by": ["code"],
                    "continue_on_first_errors": null
                },
                "compared_columns": [], "unmatched_source_columns": [],
                "companies": [], "totals": {
                    "inserts": 0, "updates": 0, "deletes": 0, "unchanged": 0,
                    "skipped": 0, "skipped_null_keys": 0, "skipped_by_limit": 0
                },
                "api_calls": 0, "limits_reached": [], "needs_confirmation": []
            }))
            .expect("an empty plan"),
            daily_remaining: Vec::new(),
            undo_of: None,
        }
    }

    #[tokio::test]
    async fn the_plan_waits_in_the_slot_until_answered() {
        let slot = Arc::new(ApprovalSlot::default());
        let approver = AppApprover(slot.clone());
        let shown = preview();
        let waiting = approver.approve(&shown);
        assert!(slot.current().is_some(), "visible while it waits");
        assert!(slot.answer(true));
        assert!(waiting.await);
        assert!(slot.current().is_none());
        assert!(!slot.answer(true), "nothing left to answer");
    }

    #[tokio::test]
    async fn a_decline_or_a_new_plan_answers_no() {
        let slot = Arc::new(ApprovalSlot::default());
        let approver = AppApprover(slot.clone());
        let shown = preview();
        let first = approver.approve(&shown);
        let second = approver.approve(&shown);
        assert!(!first.await, "replaced by a newer plan");
        assert!(slot.answer(false));
        assert!(!second.await);
    }
}
