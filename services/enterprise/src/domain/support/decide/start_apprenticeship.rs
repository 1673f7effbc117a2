//! Starting an apprenticeship (magang) with a host business.

use berdaya_domain::DomainError;

use super::outside_any_group;
use crate::domain::{Apprenticeship, HouseholdFacts, Support, SupportEvent};

/// Decides `StartApprenticeship`: for a household outside any group, a period that
/// ends after it starts, and one apprenticeship at a time.
pub(super) fn decide(
    state: &Support,
    household: &HouseholdFacts,
    apprenticeship: &Apprenticeship,
) -> Result<Vec<SupportEvent>, DomainError> {
    outside_any_group(household)?;
    if apprenticeship.ends_on <= apprenticeship.starts_on {
        return Err(DomainError::invalid(
            "ends_on",
            format!("must be after starts_on ({})", apprenticeship.starts_on),
        ));
    }
    if let Some(open) = state.apprenticeships.iter().find(|a| a.ended.is_none()) {
        return Err(DomainError::rule(
            "household_id",
            format!(
                "apprenticeship {} at {} has not ended yet",
                open.apprenticeship_id, open.host_business
            ),
        ));
    }
    Ok(vec![SupportEvent::ApprenticeshipStarted(Apprenticeship {
        ended: None,
        ..apprenticeship.clone()
    })])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;

    use crate::domain::tests::fixtures::*;
    use crate::domain::*;

    #[test]
    fn an_apprenticeship_has_a_host_and_a_period_and_runs_one_at_a_time() {
        let error = Given::<Support>::nothing()
            .when(&apprenticeship("2026-03-01", "2026-02-01"))
            .then_error();
        assert!(matches!(&error, DomainError::Invalid(v) if v[0].field == "ends_on"));

        let support = Given::<Support>::nothing()
            .when(&apprenticeship("2026-02-01", "2026-05-01"))
            .events();
        assert!(matches!(
            &support[..],
            [SupportEvent::ApprenticeshipStarted(Apprenticeship {
                ended: None,
                ..
            })]
        ));
        let error = Given::<Support>::new(support)
            .when(&apprenticeship("2026-02-15", "2026-06-01"))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { reason, .. } if reason.contains("not ended")));
    }
}
