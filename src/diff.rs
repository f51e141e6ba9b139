//! Diff: compares two versions of a plan by their outlines and items, not their lines
//! (issue 8). Not built yet.

use crate::model::PlanDocument;

/// The result of comparing two plans.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct PlanDiff {
    pub changes: Vec<serde_json::Value>,
}

/// Compare `old` with `new`.
pub fn diff_plans(_old: &PlanDocument, _new: &PlanDocument) -> Option<PlanDiff> {
    None
}
