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
pub fn percent(attended: u32, expected: u32) -> u32 {
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
