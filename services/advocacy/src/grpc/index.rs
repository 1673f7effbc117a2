//! How cases are filed in the event store's secondary indexes, so that the queries that
//! cannot be answered from the region listing read only what they answer:
//!
//! - `case-household`: the household id, for every household the case affects, so a
//!   household's cases are one key;
//! - `case-overdue`: one key per level of the case's region and the whole country,
//!   `<prefix>/<YYYY-MM-DD>` with the first day the case is overdue if nothing more
//!   happens to it ([`Deadlines::overdue_from`]), so "overdue today in 35.78" is one
//!   key range, whatever level the prefix is. A case whose targets are met or stopped,
//!   or whose clock stands still, is not filed; every command refiles the case.

use berdaya_eventstore::IndexEntry;
use chrono::NaiveDate;

use crate::domain::{AdvocacyCase, deadlines};

/// Cases by affected household (key: the household id).
pub const HOUSEHOLD_INDEX: &str = "case-household";
/// Cases by region prefix and the day they fall overdue.
pub const OVERDUE_INDEX: &str = "case-overdue";

/// The key of a region prefix (empty for the whole country) on a day.
pub fn overdue_key(prefix: &str, day: NaiveDate) -> String {
    format!("{prefix}/{}", day.format("%Y-%m-%d"))
}

/// The keys from the beginning of time to `today` under `prefix`: the cases overdue
/// today.
pub fn overdue_range(prefix: &str, today: NaiveDate) -> (String, String) {
    (format!("{prefix}/"), overdue_key(prefix, today))
}

/// Every index entry of a case, its overdue day counted from `today`.
pub fn entries(case: &AdvocacyCase, today: NaiveDate) -> Vec<IndexEntry> {
    let mut entries: Vec<IndexEntry> = case
        .households
        .iter()
        .map(|h| IndexEntry {
            index: HOUSEHOLD_INDEX.to_owned(),
            key: h.household_id.to_string(),
        })
        .collect();
    let due = deadlines(case, today).and_then(|d| d.overdue_from());
    if let (Some(region), Some(due)) = (&case.region, due) {
        let segments: Vec<&str> = region.as_str().split('.').collect();
        entries.extend((0..=segments.len()).map(|depth| IndexEntry {
            index: OVERDUE_INDEX.to_owned(),
            key: overdue_key(&segments[..depth].join("."), due),
        }));
    }
    entries
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::tests::fixtures::*;

    #[test]
    fn an_overdue_case_is_filed_under_every_level_of_its_region_and_each_household() {
        // Urgent, reported 2026-03-02, planned, no action: overdue from 2026-03-06.
        let case = state(&planned());
        let keys: Vec<(String, String)> = entries(&case, date("2026-03-04"))
            .into_iter()
            .map(|e| (e.index, e.key))
            .collect();
        let overdue = |key: &str| (OVERDUE_INDEX.to_owned(), key.to_owned());
        assert_eq!(
            keys,
            vec![
                (HOUSEHOLD_INDEX.to_owned(), id(1).to_string()),
                (HOUSEHOLD_INDEX.to_owned(), id(2).to_string()),
                overdue("/2026-03-06"),
                overdue("35/2026-03-06"),
                overdue("35.78/2026-03-06"),
            ]
        );
        let (from, to) = overdue_range("35", date("2026-03-06"));
        assert!(from.as_str() <= "35/2026-03-06" && "35/2026-03-06" <= to.as_str());
    }

    #[test]
    fn a_resolved_case_is_not_filed_as_overdue() {
        let case = state(&resolved());
        assert!(
            entries(&case, date("2026-06-01"))
                .iter()
                .all(|e| e.index == HOUSEHOLD_INDEX)
        );
    }
}
