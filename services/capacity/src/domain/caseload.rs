//! Facilitator caseload against the configured ratios, so that the dashboard shows where
//! capacity is short: a pure calculation over counts the edge reads from the households
//! and enterprise events (households and KUBE groups per facilitator, per region).

use uuid::Uuid;

use super::roles::PersonRole;

/// The deployment's caseload ratios.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseloadRules {
    /// KUBE groups one facilitator can mentor well (default 10: field evaluations found
    /// mentoring too thin above it). 0 sets no limit.
    pub kube_groups_per_facilitator: u32,
    /// PKH families one pendamping PKH can accompany well (default 250, *check*: common
    /// practice, not a regulation). 0 sets no limit.
    pub pkh_households_per_facilitator: u32,
}

impl Default for CaseloadRules {
    fn default() -> Self {
        Self {
            kube_groups_per_facilitator: 10,
            pkh_households_per_facilitator: 250,
        }
    }
}

/// What the edge counted for one facilitator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacilitatorCount {
    /// The facilitator (a person of the registry).
    pub person_id: Uuid,
    /// Their role.
    pub role: PersonRole,
    /// Active PKH households they accompany.
    pub households: u32,
    /// Active KUBE groups they mentor.
    pub kube_groups: u32,
}

/// One facilitator's caseload against the ratios.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacilitatorLoad {
    /// The facilitator.
    pub person_id: Uuid,
    /// Their role.
    pub role: PersonRole,
    /// Households accompanied.
    pub households: u32,
    /// KUBE groups mentored.
    pub kube_groups: u32,
    /// Households as a share of the household ratio, whole percent rounded down.
    pub households_percent: u32,
    /// Groups as a share of the group ratio, whole percent rounded down.
    pub kube_groups_percent: u32,
    /// True when either count is above its ratio, whatever the role: a PSM with twelve
    /// groups is as overloaded as a pendamping KUBE with twelve.
    pub over_ratio: bool,
}

/// Each facilitator's load, ordered by person id.
pub fn facilitator_loads(
    counts: &[FacilitatorCount],
    rules: &CaseloadRules,
) -> Vec<FacilitatorLoad> {
    let mut loads: Vec<FacilitatorLoad> = counts
        .iter()
        .map(|c| FacilitatorLoad {
            person_id: c.person_id,
            role: c.role,
            households: c.households,
            kube_groups: c.kube_groups,
            households_percent: percent(c.households, rules.pkh_households_per_facilitator),
            kube_groups_percent: percent(c.kube_groups, rules.kube_groups_per_facilitator),
            over_ratio: over(c.households, rules.pkh_households_per_facilitator)
                || over(c.kube_groups, rules.kube_groups_per_facilitator),
        })
        .collect();
    loads.sort_by_key(|l| l.person_id);
    loads
}

/// What the edge counted in one region.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegionCounts {
    /// Active PKH households.
    pub pkh_households: u32,
    /// Active KUBE groups.
    pub kube_groups: u32,
    /// Of those households, the ones no facilitator accompanies.
    pub households_without_facilitator: u32,
    /// Of those groups, the ones with no facilitator.
    pub groups_without_facilitator: u32,
    /// Active pendamping PKH registered in the region.
    pub pendamping_pkh: u32,
    /// Active pendamping KUBE registered in the region.
    pub pendamping_kube: u32,
}

/// A region's facilitator capacity against the ratios.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionCapacity {
    /// What was counted.
    pub counts: RegionCounts,
    /// Pendamping PKH the households need at the ratio (rounded up).
    pub pendamping_pkh_needed: u32,
    /// Pendamping KUBE the groups need at the ratio (rounded up).
    pub pendamping_kube_needed: u32,
    /// How many pendamping PKH are missing (0 when enough).
    pub pendamping_pkh_short: u32,
    /// How many pendamping KUBE are missing (0 when enough).
    pub pendamping_kube_short: u32,
}

/// A region's capacity: facilitators needed at the ratios, and how many are missing.
pub fn region_capacity(counts: RegionCounts, rules: &CaseloadRules) -> RegionCapacity {
    let pkh_needed = needed(counts.pkh_households, rules.pkh_households_per_facilitator);
    let kube_needed = needed(counts.kube_groups, rules.kube_groups_per_facilitator);
    RegionCapacity {
        pendamping_pkh_needed: pkh_needed,
        pendamping_kube_needed: kube_needed,
        pendamping_pkh_short: pkh_needed.saturating_sub(counts.pendamping_pkh),
        pendamping_kube_short: kube_needed.saturating_sub(counts.pendamping_kube),
        counts,
    }
}

fn percent(count: u32, ratio: u32) -> u32 {
    (u64::from(count) * 100)
        .checked_div(u64::from(ratio))
        .map_or(0, |p| u32::try_from(p).unwrap_or(u32::MAX))
}

fn over(count: u32, ratio: u32) -> bool {
    ratio > 0 && count > ratio
}

fn needed(count: u32, ratio: u32) -> u32 {
    if ratio == 0 { 0 } else { count.div_ceil(ratio) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::id;

    fn count(n: u128, role: PersonRole, households: u32, kube_groups: u32) -> FacilitatorCount {
        FacilitatorCount {
            person_id: id(n),
            role,
            households,
            kube_groups,
        }
    }

    #[test]
    fn a_kube_facilitator_above_ten_groups_is_flagged() {
        let loads = facilitator_loads(
            &[
                count(2, PersonRole::PendampingKube, 0, 11),
                count(1, PersonRole::PendampingKube, 0, 10),
            ],
            &CaseloadRules::default(),
        );
        assert_eq!(loads[0].person_id, id(1));
        assert_eq!(
            (loads[0].kube_groups_percent, loads[0].over_ratio),
            (100, false)
        );
        assert_eq!(
            (loads[1].kube_groups_percent, loads[1].over_ratio),
            (110, true)
        );
    }

    #[test]
    fn either_count_above_its_ratio_flags_any_role() {
        let rules = CaseloadRules {
            kube_groups_per_facilitator: 10,
            pkh_households_per_facilitator: 200,
        };
        let loads = facilitator_loads(&[count(1, PersonRole::Psm, 201, 3)], &rules);
        assert!(loads[0].over_ratio);
        assert_eq!(loads[0].households_percent, 100);
    }

    #[test]
    fn a_zero_ratio_sets_no_limit() {
        let rules = CaseloadRules {
            kube_groups_per_facilitator: 0,
            pkh_households_per_facilitator: 0,
        };
        let loads = facilitator_loads(&[count(1, PersonRole::Tksk, 999, 99)], &rules);
        assert!(!loads[0].over_ratio);
        let capacity = region_capacity(
            RegionCounts {
                kube_groups: 50,
                ..RegionCounts::default()
            },
            &rules,
        );
        assert_eq!(capacity.pendamping_kube_needed, 0);
    }

    #[test]
    fn a_region_short_of_facilitators_shows_how_many() {
        let capacity = region_capacity(
            RegionCounts {
                pkh_households: 501,
                kube_groups: 31,
                households_without_facilitator: 40,
                groups_without_facilitator: 5,
                pendamping_pkh: 3,
                pendamping_kube: 2,
            },
            &CaseloadRules::default(),
        );
        assert_eq!(capacity.pendamping_pkh_needed, 3);
        assert_eq!(capacity.pendamping_pkh_short, 0);
        assert_eq!(capacity.pendamping_kube_needed, 4);
        assert_eq!(capacity.pendamping_kube_short, 2);
    }
}
