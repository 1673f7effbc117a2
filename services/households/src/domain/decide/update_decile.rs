//! Recording a new DTSEN decile: only from a ranking round later than the current one.

use berdaya_domain::DomainError;
use berdaya_domain::id::RankingRound;

use crate::domain::{Household, HouseholdEvent};

/// Decides `UpdateDecile`.
pub(super) fn decide(
    state: &Household,
    decile: u8,
    ranking_round: RankingRound,
) -> Result<Vec<HouseholdEvent>, DomainError> {
    let previous_round = state
        .ranking_round
        .ok_or_else(|| DomainError::not_found("household"))?;
    if ranking_round <= previous_round {
        return Err(DomainError::rule(
            "ranking_round",
            format!("must be later than the current round {previous_round}"),
        ));
    }
    Ok(vec![HouseholdEvent::DecileUpdated {
        decile,
        ranking_round,
        previous_decile: state.decile,
        previous_round,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;
    use berdaya_domain::id::RankingRound;

    use crate::domain::fixtures::*;
    use crate::domain::*;

    #[test]
    fn a_decile_update_must_come_from_a_later_round() {
        let state = Given::<Household>::new(registered(2))
            .when(&HouseholdCommand::UpdateDecile {
                decile: 6,
                ranking_round: RankingRound::parse("2026-Q2").unwrap(),
            })
            .then(vec![HouseholdEvent::DecileUpdated {
                decile: 6,
                ranking_round: RankingRound::parse("2026-Q2").unwrap(),
                previous_decile: 2,
                previous_round: RankingRound::parse("2026-Q1").unwrap(),
            }]);
        assert_eq!(state.decile, 6);
        let error = Given::<Household>::new(registered(2))
            .when(&HouseholdCommand::UpdateDecile {
                decile: 6,
                ranking_round: RankingRound::parse("2025-Q4").unwrap(),
            })
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "ranking_round"));
    }
}
