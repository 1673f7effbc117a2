//! Programme rules that come from configuration, not code: which deciles each programme
//! serves, and what each PKH component is worth. Amounts change every budget year and
//! bands are set by ministerial decree, so they live in settings (see the README's
//! configuration reference), and every decision records the values it used.

use std::collections::BTreeMap;

use berdaya_domain::Rupiah;
use chrono::{Datelike, NaiveDate};
use uuid::Uuid;

use super::events::ComponentAssignment;
use super::{PkhComponent, Programme};

/// The deciles a programme serves, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecileBand {
    /// Lowest eligible decile (usually 1).
    pub min: u8,
    /// Highest eligible decile.
    pub max: u8,
}

impl DecileBand {
    /// True when `decile` is inside the band.
    pub fn contains(self, decile: u8) -> bool {
        (self.min..=self.max).contains(&decile)
    }
}

/// Eligibility bands and PKH amounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammePolicy {
    /// Eligible decile band per programme.
    pub bands: BTreeMap<Programme, DecileBand>,
    /// Annual PKH amount per component.
    pub pkh_amounts: BTreeMap<PkhComponent, Rupiah>,
    /// How many members count toward a PKH entitlement (4 under current rules).
    pub pkh_max_counted: usize,
}

impl Default for ProgrammePolicy {
    /// The 2025 rules: PKH deciles 1-4, PIP 1-4, Sembako 1-5; PKH amounts per year:
    /// pregnant 3,000,000; child 0-6 3,000,000; SD 900,000; SMP 1,500,000; SMA 2,000,000;
    /// severe disability 2,400,000; elderly 2,400,000; at most four members counted.
    fn default() -> Self {
        let bands = BTreeMap::from([
            (Programme::Pkh, DecileBand { min: 1, max: 4 }),
            (Programme::Pip, DecileBand { min: 1, max: 4 }),
            (Programme::Sembako, DecileBand { min: 1, max: 5 }),
        ]);
        let pkh_amounts = BTreeMap::from([
            (PkhComponent::Pregnant, Rupiah(3_000_000)),
            (PkhComponent::Child0To6, Rupiah(3_000_000)),
            (PkhComponent::Sd, Rupiah(900_000)),
            (PkhComponent::Smp, Rupiah(1_500_000)),
            (PkhComponent::Sma, Rupiah(2_000_000)),
            (PkhComponent::SevereDisability, Rupiah(2_400_000)),
            (PkhComponent::Elderly, Rupiah(2_400_000)),
        ]);
        Self {
            bands,
            pkh_amounts,
            pkh_max_counted: 4,
        }
    }
}

impl ProgrammePolicy {
    /// The band of a programme (every programme has one; a missing entry serves nobody).
    pub fn band(&self, programme: Programme) -> DecileBand {
        self.bands
            .get(&programme)
            .copied()
            .unwrap_or(DecileBand { min: 1, max: 0 })
    }

    /// The annual amount of a component.
    pub fn amount(&self, component: PkhComponent) -> Rupiah {
        self.pkh_amounts
            .get(&component)
            .copied()
            .unwrap_or(Rupiah::ZERO)
    }

    /// Assigns amounts to claimed components and marks which count: each member counts
    /// once, with their highest-valued component, and only the `pkh_max_counted`
    /// members with the highest amounts count (ties go to the earlier claim). Returns
    /// the assignments in claim order and the annual entitlement.
    pub fn pkh_entitlement(
        &self,
        claims: &[(Uuid, PkhComponent)],
    ) -> (Vec<ComponentAssignment>, Rupiah) {
        // Best claim per member: (amount, claim index).
        let mut best: Vec<(Uuid, Rupiah, usize)> = Vec::new();
        for (index, (member, component)) in claims.iter().enumerate() {
            let amount = self.amount(*component);
            match best.iter_mut().find(|(m, _, _)| m == member) {
                Some(entry) if amount > entry.1 => {
                    entry.1 = amount;
                    entry.2 = index;
                }
                Some(_) => {}
                None => best.push((*member, amount, index)),
            }
        }
        // Stable sort keeps claim order among equal amounts.
        best.sort_by_key(|entry| std::cmp::Reverse(entry.1));
        let counted: Vec<usize> = best
            .iter()
            .take(self.pkh_max_counted)
            .map(|(_, _, i)| *i)
            .collect();
        let assignments: Vec<ComponentAssignment> = claims
            .iter()
            .enumerate()
            .map(|(index, (member_id, component))| ComponentAssignment {
                member_id: *member_id,
                component: *component,
                counted: counted.contains(&index),
                annual_amount: self.amount(*component),
            })
            .collect();
        // Each amount is a validated setting of at most Rupiah::MAX, and a handful count.
        let total = Rupiah::saturating_sum(
            assignments
                .iter()
                .filter(|a| a.counted)
                .map(|a| a.annual_amount),
        );
        (assignments, total)
    }
}

/// Age in whole years on `on`.
pub(crate) fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

#[cfg(test)]
mod tests {
    use berdaya_domain::Rupiah;

    use super::age_on;
    use crate::domain::fixtures::*;
    use crate::domain::*;

    #[test]
    fn a_member_counts_once_with_their_highest_component() {
        let claims = vec![
            (id(4), PkhComponent::Elderly),
            (id(4), PkhComponent::SevereDisability),
            (id(3), PkhComponent::Child0To6),
        ];
        let (assignments, total) = ProgrammePolicy::default().pkh_entitlement(&claims);
        assert_eq!(total, Rupiah(2_400_000 + 3_000_000));
        assert_eq!(assignments.iter().filter(|a| a.counted).count(), 2);
    }

    #[test]
    fn the_higher_component_counts_for_a_member_whichever_is_claimed_first() {
        // The SD component (900,000) is claimed before the elderly one (2,400,000).
        let claims = vec![(id(4), PkhComponent::Sd), (id(4), PkhComponent::Elderly)];
        let (assignments, total) = ProgrammePolicy::default().pkh_entitlement(&claims);
        assert_eq!(total, Rupiah(2_400_000));
        assert_eq!(
            assignments.iter().map(|a| a.counted).collect::<Vec<_>>(),
            [false, true]
        );
        assert_eq!(assignments[0].annual_amount, Rupiah(900_000));
        assert_eq!(assignments[1].annual_amount, Rupiah(2_400_000));
    }

    #[test]
    fn of_two_components_worth_the_same_the_first_claimed_counts() {
        let claims = vec![
            (id(4), PkhComponent::Elderly),
            (id(4), PkhComponent::SevereDisability),
        ];
        let (assignments, total) = ProgrammePolicy::default().pkh_entitlement(&claims);
        assert_eq!(total, Rupiah(2_400_000));
        assert_eq!(
            assignments.iter().map(|a| a.counted).collect::<Vec<_>>(),
            [true, false]
        );
    }

    #[test]
    fn beyond_the_counted_limit_ties_go_to_the_earlier_claim() {
        let policy = ProgrammePolicy {
            pkh_max_counted: 2,
            ..ProgrammePolicy::default()
        };
        let claims = vec![
            (id(1), PkhComponent::Sd),
            (id(2), PkhComponent::Smp),
            (id(3), PkhComponent::Smp),
            (id(4), PkhComponent::Smp),
        ];
        let (assignments, total) = policy.pkh_entitlement(&claims);
        assert_eq!(total, Rupiah(1_500_000 * 2));
        assert_eq!(
            assignments.iter().map(|a| a.counted).collect::<Vec<_>>(),
            [false, true, true, false]
        );
    }

    #[test]
    fn a_programme_or_component_missing_from_the_policy_serves_nobody_and_is_worth_nothing() {
        let empty = ProgrammePolicy {
            bands: Default::default(),
            pkh_amounts: Default::default(),
            pkh_max_counted: 4,
        };
        for decile in 0..=10 {
            assert!(!empty.band(Programme::Pkh).contains(decile));
        }
        assert_eq!(empty.amount(PkhComponent::Pregnant), Rupiah::ZERO);
        assert!(
            ProgrammePolicy::default()
                .band(Programme::Sembako)
                .contains(5)
        );
        assert!(
            !ProgrammePolicy::default()
                .band(Programme::Sembako)
                .contains(6)
        );
    }

    #[test]
    fn age_turns_on_the_birthday_not_the_day_before() {
        let birth = date("1956-04-01");
        assert_eq!(age_on(birth, date("2026-03-31")), 69);
        assert_eq!(age_on(birth, date("2026-04-01")), 70);
        assert_eq!(age_on(birth, date("2026-04-02")), 70);
        // A later month with an earlier day is past the birthday.
        assert_eq!(age_on(date("1956-03-31"), date("2026-04-01")), 70);
        assert_eq!(age_on(birth, birth), 0);
    }
}
