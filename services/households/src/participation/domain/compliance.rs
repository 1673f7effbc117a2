//! Attendance compliance: a household's record over a period and the band it falls in.
//! The thresholds come from configuration (common practice for P2K2 / FDS is >= 80 %
//! compliant, >= 50 % partial), and the band is decided exactly, in integers.

use std::collections::BTreeMap;

use berdaya_domain::id::RegionCode;
use chrono::NaiveDate;
use uuid::Uuid;

use super::state::{Activity, ActivityStatus};
use super::{ActivityKind, AttendanceStatus, FdsModule};

/// The attendance thresholds of the bands, in whole percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ComplianceBands {
    /// At or above this, a household is compliant.
    pub compliant_min_percent: u8,
    /// At or above this (and below compliant), partially compliant.
    pub partial_min_percent: u8,
}

impl Default for ComplianceBands {
    /// 80 % compliant, 50 % partial.
    fn default() -> Self {
        Self {
            compliant_min_percent: 80,
            partial_min_percent: 50,
        }
    }
}

/// Where a household's attendance falls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Band {
    /// At or above the compliant threshold.
    Compliant,
    /// At or above the partial threshold.
    Partial,
    /// Below the partial threshold.
    NonCompliant,
    /// No session counted.
    NoSessions,
}

impl ComplianceBands {
    /// The band of `attended` out of `expected` sessions, compared exactly
    /// (`attended * 100 >= threshold * expected`), so 79.9 % never counts as 80 %.
    pub fn band(&self, attended: u32, expected: u32) -> Band {
        if expected == 0 {
            return Band::NoSessions;
        }
        let reaches =
            |threshold: u8| u64::from(attended) * 100 >= u64::from(threshold) * u64::from(expected);
        if reaches(self.compliant_min_percent) {
            Band::Compliant
        } else if reaches(self.partial_min_percent) {
            Band::Partial
        } else {
            Band::NonCompliant
        }
    }
}

/// `attended` as a whole percentage of `expected`, rounded down (0 when nothing counted).
pub(super) fn percent(attended: u32, expected: u32) -> u32 {
    if expected == 0 {
        return 0;
    }
    u32::try_from(u64::from(attended) * 100 / u64::from(expected)).unwrap_or(100)
}

/// One activity in a household's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordEntry {
    /// The activity.
    pub activity_id: Uuid,
    /// Its kind.
    pub kind: ActivityKind,
    /// Its P2K2 module.
    pub module: Option<FdsModule>,
    /// Its topic.
    pub topic: String,
    /// Its region.
    pub region: RegionCode,
    /// Its date.
    pub date: NaiveDate,
    /// Its lifecycle status.
    pub status: ActivityStatus,
    /// How the household took part, once held.
    pub attendance: Option<AttendanceStatus>,
    /// The members who came.
    pub members: Vec<Uuid>,
}

/// A household's attendance over a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipationSummary {
    /// The activities it was invited to or attended, by date.
    pub entries: Vec<RecordEntry>,
    /// Held sessions that count: present plus absent.
    pub expected: u32,
    /// Present.
    pub attended: u32,
    /// Excused (not counted).
    pub excused: u32,
    /// Absent without leave.
    pub absent: u32,
    /// Attended as a whole percentage of expected.
    pub percent: u32,
    /// The band.
    pub band: Band,
    /// Family development sessions attended, per module.
    pub modules: BTreeMap<FdsModule, u32>,
}

/// The record of `household` over `from..=to` from the activities that involve it,
/// counting only activities of `kind` when given. Planned and cancelled activities are
/// listed but never counted.
pub fn summarize<'a>(
    household: Uuid,
    activities: impl IntoIterator<Item = &'a Activity>,
    from: NaiveDate,
    to: NaiveDate,
    kind: Option<ActivityKind>,
    bands: &ComplianceBands,
) -> ParticipationSummary {
    let mut entries = Vec::new();
    let (mut attended, mut excused, mut absent) = (0, 0, 0);
    let mut modules = BTreeMap::new();
    for activity in activities {
        let (Some(id), Some(details), Some(region), Some(date)) = (
            activity.id,
            &activity.details,
            &activity.region,
            activity.date(),
        ) else {
            continue;
        };
        if date < from || date > to || kind.is_some_and(|k| k != details.kind) {
            continue;
        }
        let taken = activity.attendance_of(household);
        if taken.is_none() && !activity.invited.contains(&household) {
            continue;
        }
        let attendance = taken
            .filter(|_| activity.was_held())
            .map(|(status, _)| status);
        match attendance {
            Some(AttendanceStatus::Present) => {
                attended += 1;
                if let Some(module) = details.module {
                    *modules.entry(module).or_insert(0) += 1;
                }
            }
            Some(AttendanceStatus::Excused) => excused += 1,
            Some(AttendanceStatus::Absent) => absent += 1,
            None => {}
        }
        entries.push(RecordEntry {
            activity_id: id,
            kind: details.kind,
            module: details.module,
            topic: details.topic.clone(),
            region: region.clone(),
            date,
            status: activity.status,
            attendance,
            members: taken.map(|(_, m)| m.to_vec()).unwrap_or_default(),
        });
    }
    entries.sort_by_key(|e| (e.date, e.activity_id));
    let expected = attended + absent;
    ParticipationSummary {
        entries,
        expected,
        attended,
        excused,
        absent,
        percent: percent(attended, expected),
        band: bands.band(attended, expected),
        modules,
    }
}

#[cfg(test)]
mod tests {
    use berdaya_domain::Aggregate;

    use super::percent;
    use crate::participation::domain::fixtures::*;
    use crate::participation::domain::*;

    #[test]
    fn bands_are_decided_exactly_at_their_thresholds() {
        let bands = ComplianceBands::default();
        assert_eq!(bands.band(4, 5), Band::Compliant, "80 % is compliant");
        assert_eq!(bands.band(799, 1000), Band::Partial, "79.9 % is not");
        assert_eq!(bands.band(1, 2), Band::Partial, "50 % is partial");
        assert_eq!(bands.band(49, 100), Band::NonCompliant);
        assert_eq!(bands.band(0, 3), Band::NonCompliant);
        assert_eq!(bands.band(0, 0), Band::NoSessions);
        let strict = ComplianceBands {
            compliant_min_percent: 90,
            partial_min_percent: 75,
        };
        assert_eq!(
            strict.band(4, 5),
            Band::Partial,
            "bands come from configuration"
        );
        assert_eq!(strict.band(3, 5), Band::NonCompliant);
    }

    /// A held session on `on` of `kind` where household 1 took part as `status`.
    fn session(n: u128, on: &str, kind: ActivityKind, status: AttendanceStatus) -> Activity {
        let mut activity = Activity::from_events(planned().iter());
        activity.id = Some(id(n));
        if let Some(d) = &mut activity.details {
            d.kind = kind;
            d.module = (kind == ActivityKind::FamilyDevelopmentSession)
                .then_some(FdsModule::FamilyFinance);
        }
        let claim = match status {
            AttendanceStatus::Absent => vec![],
            _ => vec![AttendanceClaim {
                status,
                ..present(1, vec![])
            }],
        };
        let mut command = hold(claim);
        if let ActivityCommand::Hold {
            held_on, actions, ..
        } = &mut command
        {
            *held_on = date(on);
            actions.clear();
        }
        for event in activity.decide(&command, &()).unwrap() {
            activity.apply(&event);
        }
        activity
    }

    #[test]
    fn a_record_counts_held_sessions_in_the_period_and_excuses_leave() {
        use ActivityKind::{Dialogue, FamilyDevelopmentSession as Fds};
        use AttendanceStatus::{Absent, Excused, Present};
        let upcoming = Activity::from_events(planned().iter());
        let activities = vec![
            session(1, "2026-01-10", Fds, Present),
            session(2, "2026-02-10", Fds, Present),
            session(3, "2026-03-10", Fds, Excused),
            session(4, "2026-04-10", Fds, Absent),
            session(5, "2026-04-20", Dialogue, Present),
            session(6, "2025-12-10", Fds, Absent),
            upcoming,
        ];
        let bands = ComplianceBands::default();
        let (from, to) = (date("2026-01-01"), date("2026-06-30"));
        let all = summarize(id(1), &activities, from, to, None, &bands);
        assert_eq!((all.attended, all.excused, all.absent), (3, 1, 1));
        assert_eq!(
            (all.expected, all.percent, all.band),
            (4, 75, Band::Partial)
        );
        assert_eq!(
            all.entries.len(),
            6,
            "the planned one is listed, not counted"
        );
        assert_eq!(all.entries[0].activity_id, id(1), "ordered by date");
        assert_eq!(all.modules.get(&FdsModule::FamilyFinance), Some(&2));
        let fds = summarize(id(1), &activities, from, to, Some(Fds), &bands);
        assert_eq!((fds.attended, fds.expected, fds.percent), (2, 3, 66));
        let other = summarize(id(9), &activities, from, to, None, &bands);
        assert_eq!((other.entries.len(), other.band), (0, Band::NoSessions));
    }

    #[test]
    fn a_record_counts_sessions_on_its_first_and_last_day_and_none_outside() {
        use ActivityKind::FamilyDevelopmentSession as Fds;
        use AttendanceStatus::{Absent, Present};
        let activities = vec![
            session(1, "2025-12-31", Fds, Present),
            session(2, "2026-01-01", Fds, Present),
            session(3, "2026-03-31", Fds, Absent),
            session(4, "2026-04-01", Fds, Present),
        ];
        let record = summarize(
            id(1),
            &activities,
            date("2026-01-01"),
            date("2026-03-31"),
            None,
            &ComplianceBands::default(),
        );
        assert_eq!(
            record
                .entries
                .iter()
                .map(|e| e.activity_id)
                .collect::<Vec<_>>(),
            [id(2), id(3)]
        );
        assert_eq!(
            (
                record.attended,
                record.absent,
                record.expected,
                record.percent
            ),
            (1, 1, 2, 50)
        );
        assert_eq!(record.band, Band::Partial);
        let one_day = summarize(
            id(1),
            &activities,
            date("2026-01-01"),
            date("2026-01-01"),
            None,
            &ComplianceBands::default(),
        );
        assert_eq!((one_day.attended, one_day.band), (1, Band::Compliant));
    }

    #[test]
    fn percentages_round_down_and_nothing_counted_is_zero() {
        assert_eq!(percent(0, 0), 0);
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(3, 3), 100);
        let bands = ComplianceBands::default();
        assert_eq!(bands.band(1, 1), Band::Compliant);
        assert_eq!(bands.band(0, 1), Band::NonCompliant);
    }
}
