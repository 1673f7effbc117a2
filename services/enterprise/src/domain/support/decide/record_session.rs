//! Recording a guidance, motivation or training session.

use berdaya_domain::DomainError;

use super::outside_any_group;
use crate::domain::{HouseholdFacts, Session, SupportEvent};

/// Decides `RecordSession`: for a household outside any group.
pub(super) fn decide(
    household: &HouseholdFacts,
    session: &Session,
) -> Result<Vec<SupportEvent>, DomainError> {
    outside_any_group(household)?;
    Ok(vec![SupportEvent::SessionRecorded(session.clone())])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;

    use crate::domain::tests::fixtures::*;
    use crate::domain::*;

    #[test]
    fn support_is_for_active_households_outside_any_group() {
        let support = Given::<Support>::nothing()
            .when(&session(active(1)))
            .then(vec![SupportEvent::SessionRecorded(Session {
                session_id: id(800),
                kind: SupportKind::EntrepreneurshipTraining,
                held_on: date("2026-02-10"),
                provider: "Dinas Sosial Kota Surabaya".into(),
                topic: "pembukuan sederhana".into(),
                hours: 4,
                notes: String::new(),
            })]);
        assert_eq!(support.sessions.len(), 1);

        for (standing, says) in [
            (Standing::Unknown, "not known"),
            (Standing::Closed, "closed"),
            (
                Standing::Active {
                    village: village(),
                    group: Some(group_id()),
                },
                "member of KUBE group",
            ),
        ] {
            let facts = HouseholdFacts {
                household_id: id(1),
                standing,
            };
            let error = Given::<Support>::nothing()
                .when(&session(facts))
                .then_error();
            assert!(
                matches!(&error, DomainError::Rule { field, reason }
                    if field == "household_id" && reason.contains(says)),
                "{error:?}"
            );
        }
    }
}
