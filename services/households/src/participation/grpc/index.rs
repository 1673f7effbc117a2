//! How activities are filed in the event store's secondary indexes, so that the two
//! queries read only what they answer:
//!
//! - `activity-region`: one key per level of the activity's region and the whole country,
//!   `<prefix>/<YYYY-MM-DD>` (`35.78/2026-03-05`), so "activities in 35.78 in March" is
//!   one key range, whatever level the prefix is;
//! - `activity-household`: `<household id>/<YYYY-MM-DD>` for every household invited or
//!   attending, so a household's record reads only its own activities in the period.
//!
//! The date is the activity's date (held date once held, else scheduled date); entries
//! are restated with every command, so a reschedule or a walk-in moves them.

use berdaya_eventstore::{IndexEntry, IndexHit};
use chrono::NaiveDate;
use uuid::Uuid;

use super::{CATEGORY, stream_id};
use crate::participation::domain::Activity;

/// Activities by region prefix and date.
pub const REGION_INDEX: &str = "activity-region";
/// Activities by household and date.
pub const HOUSEHOLD_INDEX: &str = "activity-household";

/// The key of a region prefix (empty for the whole country) on a date.
pub(super) fn region_key(prefix: &str, date: NaiveDate) -> String {
    format!("{prefix}/{}", date.format("%Y-%m-%d"))
}

/// The key of a household on a date.
pub(super) fn household_key(household: Uuid, date: NaiveDate) -> String {
    format!("{household}/{}", date.format("%Y-%m-%d"))
}

/// Every index entry of an activity.
pub(super) fn entries(activity: &Activity) -> Vec<IndexEntry> {
    let (Some(region), Some(date)) = (&activity.region, activity.date()) else {
        return Vec::new();
    };
    let segments: Vec<&str> = region.as_str().split('.').collect();
    let mut entries: Vec<IndexEntry> = (0..=segments.len())
        .map(|depth| IndexEntry {
            index: REGION_INDEX.to_owned(),
            key: region_key(&segments[..depth].join("."), date),
        })
        .collect();
    entries.extend(activity.households().into_iter().map(|h| IndexEntry {
        index: HOUSEHOLD_INDEX.to_owned(),
        key: household_key(h, date),
    }));
    entries
}

/// The page token of a listing's last hit: `<YYYY-MM-DD>/<activity id>`.
pub(super) fn page_token(hit: &IndexHit) -> String {
    let date = hit.key.rsplit_once('/').map(|(_, d)| d).unwrap_or_default();
    let id = hit
        .stream_id
        .strip_prefix(CATEGORY)
        .and_then(|s| s.strip_prefix('-'))
        .unwrap_or_default();
    format!("{date}/{id}")
}

/// Where a listing of `prefix` resumes after `token`; `None` when the token is not one.
pub(super) fn resume_after(prefix: &str, token: &str) -> Option<IndexHit> {
    let (date, id) = token.split_once('/')?;
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let id = Uuid::parse_str(id).ok()?;
    Some(IndexHit {
        key: region_key(prefix, date),
        stream_id: stream_id(id),
    })
}

#[cfg(test)]
mod tests {
    use berdaya_domain::Aggregate;
    use berdaya_domain::id::RegionCode;

    use super::*;
    use crate::participation::domain::{ActivityDetails, ActivityEvent, ActivityKind};

    #[test]
    fn an_activity_is_filed_under_every_level_of_its_region_and_each_household() {
        let mut activity = Activity::default();
        activity.apply(&ActivityEvent::Planned {
            activity_id: Uuid::from_u128(1),
            region: RegionCode::parse("35.78.01.1001").unwrap(),
            details: ActivityDetails {
                kind: ActivityKind::Dialogue,
                module: None,
                topic: "t".into(),
                programme: None,
                facilitator: "f".into(),
                scheduled_on: NaiveDate::from_ymd_opt(2026, 3, 5).unwrap(),
                location: None,
            },
            invited: vec![Uuid::from_u128(7)],
        });
        let keys: Vec<String> = entries(&activity).into_iter().map(|e| e.key).collect();
        assert_eq!(
            keys,
            vec![
                "/2026-03-05",
                "35/2026-03-05",
                "35.78/2026-03-05",
                "35.78.01/2026-03-05",
                "35.78.01.1001/2026-03-05",
                "00000000-0000-0000-0000-000000000007/2026-03-05",
            ]
        );
    }

    #[test]
    fn page_tokens_round_trip() {
        let listed = IndexHit {
            key: "35.78/2026-03-05".into(),
            stream_id: stream_id(Uuid::from_u128(9)),
        };
        let token = page_token(&listed);
        assert_eq!(token, "2026-03-05/00000000-0000-0000-0000-000000000009");
        assert_eq!(resume_after("35.78", &token), Some(listed));
        assert!(resume_after("35.78", "garbage").is_none());
    }
}
