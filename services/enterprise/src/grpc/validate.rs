//! Request validation of the enterprise context: its limits, and the checks of its own
//! (months of group accounts) on top of the shared [`Validator`]. Money signs are the
//! domain's to check (its rules name the fields too), so that they hold whoever sends
//! the command.

pub(crate) use berdaya_platform::Validator;

use crate::domain::Month;

/// Longest name, sector, topic, host business or trade.
pub(super) const MAX_NAME: usize = 200;
/// Longest reason or condition.
pub(super) const MAX_REASON: usize = 500;
/// Longest note.
pub(super) const MAX_NOTE: usize = 1000;
/// Longest summary, evidence or meeting notes.
pub(super) const MAX_LONG_TEXT: usize = 2000;
/// Most conditions on a grant.
pub(super) const MAX_CONDITIONS: usize = 20;
/// Most households listed in one request (attendees, recipients).
pub(super) const MAX_LISTED: usize = 200;

/// The enterprise context's own checks.
pub(crate) trait EnterpriseChecks {
    /// A month (`YYYY-MM`), not after the current one.
    fn past_month(&mut self, field: &str, text: &str) -> Option<Month>;
}

impl EnterpriseChecks for Validator<'_> {
    fn past_month(&mut self, field: &str, text: &str) -> Option<Month> {
        match Month::parse(text) {
            Ok(month) if month > Month::of(self.today()) => {
                self.violations
                    .add(field, format!("{month} is in the future"));
                None
            }
            Ok(month) => Some(month),
            Err(v) => {
                self.fail(field, v);
                None
            }
        }
    }
}
