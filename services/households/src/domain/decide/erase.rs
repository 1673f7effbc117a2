//! Erasing personal data (UU PDP 27/2022): one former member's, or the whole
//! household's.

use berdaya_domain::DomainError;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::{Household, HouseholdEvent, HouseholdStatus};

/// The reason recorded on the closing that an erasure of an active household implies.
pub(super) const CLOSED_BY_ERASURE: &str = "personal data erased";

/// Decides `ErasePersonalData`.
///
/// Erasure is for people Berdaya no longer serves: a household without names, NIKs or
/// an address cannot be enrolled, paid or visited, so erasing an active household closes
/// it first (ending its enrolments and freeing its members' NIKs, which may then be
/// registered again as new people). One member's data may be erased only once they have
/// left the household (RemoveMember), because their removal needs a reason, a date and,
/// for the head, a successor that only a caseworker can give.
pub(super) fn decide(
    state: &Household,
    member_id: Option<Uuid>,
    reason: &str,
    on: NaiveDate,
) -> Result<Vec<HouseholdEvent>, DomainError> {
    let subject_ids = match member_id {
        Some(id) => {
            let member = state
                .member(id)
                .ok_or_else(|| DomainError::not_found(format!("member {id}")))?;
            if member.facts.person.is_none() {
                return Err(DomainError::rule(
                    "member_id",
                    "the member's personal data is already erased",
                ));
            }
            if member.active && state.status == HouseholdStatus::Active {
                return Err(DomainError::rule(
                    "member_id",
                    "the member still belongs to the household: record their removal \
                     (RemoveMember) first, or erase the whole household",
                ));
            }
            vec![member.facts.subject_id]
        }
        None => {
            let mut ids: Vec<_> = state
                .members
                .iter()
                .filter(|m| m.facts.person.is_some())
                .map(|m| m.facts.subject_id)
                .collect();
            if state.data.is_some() {
                ids.extend(state.subject_id);
            }
            if ids.is_empty() {
                return Err(DomainError::rule(
                    "household_id",
                    "the household's personal data is already erased",
                ));
            }
            ids
        }
    };
    let mut events = Vec::new();
    if member_id.is_none() && state.status == HouseholdStatus::Active {
        events = super::close::decide(state, CLOSED_BY_ERASURE, on);
    }
    events.push(HouseholdEvent::PersonalDataErased {
        subject_ids,
        reason: reason.to_owned(),
    });
    Ok(events)
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;
    use berdaya_domain::id::{RankingRound, Sex};
    use berdaya_domain::{DomainError, Rupiah};
    use uuid::Uuid;

    use crate::domain::fixtures::*;
    use crate::domain::*;

    fn erase(member_id: Option<Uuid>) -> HouseholdCommand {
        HouseholdCommand::ErasePersonalData {
            member_id,
            reason: "request".into(),
            on: date("2026-08-01"),
        }
    }

    fn removed(member: u128) -> HouseholdEvent {
        HouseholdEvent::MemberRemoved {
            member_id: id(member),
            subject_id: id(1000 + member),
            reason: RemovalReason::Moved,
            effective_date: date("2026-07-01"),
            note: Some("pindah ke Jl. Rungkut 5".into()),
            new_head: None,
        }
    }

    #[test]
    fn erasing_a_former_member_blanks_their_data_but_keeps_the_facts() {
        let mut history = registered(2);
        history.push(removed(2));
        let state = Given::<Household>::new(history.clone())
            .when(&erase(Some(id(2))))
            .then(vec![HouseholdEvent::PersonalDataErased {
                subject_ids: vec![id(1002)],
                reason: "request".into(),
            }]);
        let wife = state.member(id(2)).unwrap();
        assert!(wife.facts.person.is_none());
        assert_eq!(wife.facts.sex, Sex::Female);
        assert!(state.member(id(1)).unwrap().facts.person.is_some());
        assert_eq!(state.status, HouseholdStatus::Active);

        history.push(HouseholdEvent::PersonalDataErased {
            subject_ids: vec![id(1002)],
            reason: "request".into(),
        });
        let error = Given::<Household>::new(history)
            .when(&erase(Some(id(2))))
            .then_error();
        assert!(matches!(error, DomainError::Rule { .. }));
    }

    #[test]
    fn a_member_still_in_the_household_is_removed_before_erasure() {
        let error = Given::<Household>::new(registered(2))
            .when(&erase(Some(id(2))))
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { field, reason } if field == "member_id" && reason.contains("RemoveMember")),
            "{error:?}"
        );
    }

    #[test]
    fn erasing_an_active_household_closes_it_and_its_enrolments_first() {
        let mut history = registered(2);
        history.push(HouseholdEvent::ProgrammeEnrolled {
            programme: Programme::Sembako,
            decile: 2,
            ranking_round: RankingRound::parse("2026-Q1").unwrap(),
            enrolled_on: date("2026-02-01"),
            components: vec![],
            annual_entitlement: Rupiah(0),
            eligible_decile_max: 5,
        });
        let events = Given::<Household>::new(history.clone())
            .when(&erase(None))
            .events();
        assert!(matches!(
            &events[0],
            HouseholdEvent::ProgrammeExited { programme: Programme::Sembako, exited_on, .. }
                if *exited_on == date("2026-08-01")
        ));
        assert_eq!(
            events[1],
            HouseholdEvent::Closed {
                reason: "personal data erased".into(),
                closed_on: date("2026-08-01"),
            }
        );
        let HouseholdEvent::PersonalDataErased { subject_ids, .. } = &events[2] else {
            panic!("{events:?}")
        };
        assert_eq!(
            subject_ids.len(),
            5,
            "four members and the household itself"
        );
        let state = Given::<Household>::new(history)
            .when(&erase(None))
            .then(events);
        assert_eq!(state.status, HouseholdStatus::Closed);
        assert!(state.data.is_none());
        assert_eq!(
            state.kk_number().map(|(kk, _)| kk.clone()),
            Some(None),
            "the KK number is personal data and reads as erased"
        );
        assert!(state.members.iter().all(|m| m.facts.person.is_none()));
    }

    #[test]
    fn a_closed_household_can_still_be_erased() {
        let mut history = registered(2);
        history.push(HouseholdEvent::Closed {
            reason: "merged".into(),
            closed_on: date("2026-07-01"),
        });
        let events = Given::<Household>::new(history.clone())
            .when(&erase(None))
            .events();
        assert!(
            matches!(&events[..], [HouseholdEvent::PersonalDataErased { .. }]),
            "no second closing: {events:?}"
        );
        // One member of a closed household too, though nobody recorded their removal.
        let events = Given::<Household>::new(history)
            .when(&erase(Some(id(2))))
            .events();
        assert_eq!(events.len(), 1);
    }
}
