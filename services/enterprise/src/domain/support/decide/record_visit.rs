//! Recording a facilitator's business-mentoring visit.

use berdaya_domain::DomainError;

use super::outside_any_group;
use crate::domain::{HouseholdFacts, MentoringVisit, SupportEvent};

/// Decides `RecordVisit`: for a household outside any group.
pub(super) fn decide(
    household: &HouseholdFacts,
    visit: &MentoringVisit,
) -> Result<Vec<SupportEvent>, DomainError> {
    outside_any_group(household)?;
    Ok(vec![SupportEvent::VisitRecorded(visit.clone())])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::tests::fixtures::*;
    use crate::domain::*;

    #[test]
    fn mentoring_visits_record_facilitator_notes_and_next_steps() {
        let visit = MentoringVisit {
            visit_id: id(820),
            facilitator_id: "pendamping-7".into(),
            visited_on: date("2026-02-20"),
            notes: "stall open daily, stock low".into(),
            next_steps: "buy stock weekly; keep a cash book".into(),
        };
        let support = Given::<Support>::nothing()
            .when(&SupportCommand::RecordVisit {
                household: active(1),
                visit: visit.clone(),
            })
            .then(vec![SupportEvent::VisitRecorded(visit)]);
        assert_eq!(
            support.visits[0].next_steps,
            "buy stock weekly; keep a cash book"
        );
    }
}
