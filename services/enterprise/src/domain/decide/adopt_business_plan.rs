//! Adopting a new version of the group's business plan.

use berdaya_domain::error::Violations;
use berdaya_domain::{DomainError, not_before};

use super::*;
use crate::domain::*;

/// Decides `AdoptBusinessPlan`.
pub(super) fn decide(
    state: &KubeGroup,
    command: &GroupCommand,
) -> Result<Vec<GroupEvent>, DomainError> {
    let GroupCommand::AdoptBusinessPlan {
        adopted_on,
        summary,
        products,
        capital_required,
        target_monthly_revenue,
    } = command
    else {
        return Err(not_this(command));
    };
    let mut v = Violations::new();
    in_bounds(&mut v, "capital_required", *capital_required);
    in_bounds(&mut v, "target_monthly_revenue", *target_monthly_revenue);
    v.finish()?;
    not_before_formation(state, "adopted_on", *adopted_on)?;
    let previous = state.plans.last();
    not_before(
        "adopted_on",
        *adopted_on,
        previous.map(|p| p.adopted_on),
        "the current plan was adopted",
    )?;
    Ok(vec![GroupEvent::BusinessPlanAdopted(BusinessPlan {
        version: previous.map_or(1, |p| p.version + 1),
        adopted_on: *adopted_on,
        summary: summary.clone(),
        products: products.clone(),
        capital_required: *capital_required,
        target_monthly_revenue: *target_monthly_revenue,
    })])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;
    use berdaya_domain::{DomainError, Rupiah};

    use crate::domain::tests::fixtures::*;
    use crate::domain::*;

    #[test]
    fn business_plans_are_versioned() {
        let adopt = |on: &str| GroupCommand::AdoptBusinessPlan {
            adopted_on: date(on),
            summary: "goat fattening for Idul Adha".into(),
            products: "goats".into(),
            capital_required: Rupiah(20_000_000),
            target_monthly_revenue: Rupiah(4_000_000),
        };
        let events = Given::<KubeGroup>::new(formed())
            .when(&adopt("2026-01-15"))
            .events();
        let mut history = formed();
        history.extend(events);
        let events = Given::<KubeGroup>::new(history.clone())
            .when(&adopt("2026-06-01"))
            .events();
        assert!(matches!(&events[0], GroupEvent::BusinessPlanAdopted(p) if p.version == 2));
        let error = Given::<KubeGroup>::new(history)
            .when(&adopt("2026-01-14"))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "adopted_on"));
    }
}
