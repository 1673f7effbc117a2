//! The household's rules: what each command may do in the current state.

use berdaya_domain::{DomainError, FieldViolation};
use chrono::NaiveDate;
use uuid::Uuid;

use super::commands::{HouseholdCommand, NewMember};
use super::events::{HouseholdData, HouseholdEvent, MemberFacts};
use super::policy::{ProgrammePolicy, age_on};
use super::state::{Household, HouseholdStatus};
use super::{ExitReason, PkhComponent, Programme, Relationship};

/// Decides a command against a household's state.
pub(super) fn decide(
    state: &Household,
    command: &HouseholdCommand,
    policy: &ProgrammePolicy,
) -> Result<Vec<HouseholdEvent>, DomainError> {
    use HouseholdCommand as C;
    if let C::Register { .. } = command {
        return register(state, command);
    }
    match state.status {
        HouseholdStatus::Unregistered => return Err(DomainError::not_found("household")),
        // A closed household's people keep their right to erasure (UU PDP 27/2022).
        HouseholdStatus::Closed if !matches!(command, C::ErasePersonalData { .. }) => {
            return Err(DomainError::rule("household_id", "household is closed"));
        }
        HouseholdStatus::Closed | HouseholdStatus::Active => {}
    }
    match command {
        C::Register { .. } => unreachable_register(),
        C::AddMember { member, joined_on } => {
            if member.relationship == Relationship::Head {
                return Err(DomainError::rule(
                    "member.relationship",
                    "the household already has a head; remove the head with a new head instead",
                ));
            }
            if state.active_members().any(|m| {
                m.facts
                    .person
                    .as_ref()
                    .is_some_and(|p| p.nik == member.person.nik)
            }) {
                return Err(DomainError::already_exists(
                    "member.nik",
                    "a member of this household already has this NIK",
                ));
            }
            Ok(vec![HouseholdEvent::MemberAdded {
                member: facts(member),
                joined_on: *joined_on,
            }])
        }
        C::RemoveMember {
            member_id,
            reason,
            effective_date,
            note,
            new_head,
        } => {
            let member = state
                .member(*member_id)
                .filter(|m| m.active)
                .ok_or_else(|| DomainError::not_found(format!("active member {member_id}")))?;
            let is_head = member.facts.relationship == Relationship::Head;
            let new_head = match (is_head, new_head) {
                (true, None) => {
                    return Err(DomainError::rule(
                        "new_head_member_id",
                        "removing the head needs the member who becomes head",
                    ));
                }
                (true, Some(id)) => {
                    if id == member_id || !state.member(*id).is_some_and(|m| m.active) {
                        return Err(DomainError::rule(
                            "new_head_member_id",
                            "the new head must be another active member of the household",
                        ));
                    }
                    Some(*id)
                }
                (false, Some(_)) => {
                    return Err(DomainError::rule(
                        "new_head_member_id",
                        "only given when the head is removed",
                    ));
                }
                (false, None) => None,
            };
            Ok(vec![HouseholdEvent::MemberRemoved {
                member_id: *member_id,
                subject_id: member.facts.subject_id,
                reason: *reason,
                effective_date: *effective_date,
                note: Some(note.clone()),
                new_head,
            }])
        }
        C::ChangeKkNumber {
            kk_number,
            valid_from,
            reason,
        } => {
            let (current, current_from) = state
                .kk_number()
                .cloned()
                .ok_or_else(|| DomainError::not_found("household"))?;
            if current.as_ref() == Some(kk_number) {
                return Err(DomainError::rule(
                    "kk_number",
                    "is already the household's KK number",
                ));
            }
            if state
                .kk_history
                .iter()
                .any(|(kk, _)| kk.as_ref() == Some(kk_number))
            {
                return Err(DomainError::rule(
                    "kk_number",
                    "the household had this KK number before; KK numbers are not reused",
                ));
            }
            if *valid_from < current_from {
                return Err(DomainError::rule(
                    "valid_from",
                    format!(
                        "must not be before the current KK number took effect ({current_from})"
                    ),
                ));
            }
            Ok(vec![HouseholdEvent::KkNumberChanged {
                subject_id: state.subject_id.unwrap_or_default(),
                kk_number: Some(kk_number.clone()),
                valid_from: *valid_from,
                previous: current,
                reason: reason.clone(),
            }])
        }
        C::Move {
            to,
            address,
            moved_on,
        } => {
            let from = state
                .village
                .clone()
                .ok_or_else(|| DomainError::not_found("household"))?;
            if from == *to {
                return Err(DomainError::rule(
                    "to_village_code",
                    "the household already lives in this village",
                ));
            }
            let phone = state.data.as_ref().and_then(|d| d.phone.clone());
            let subject_id = state
                .subject_id
                .ok_or_else(|| DomainError::not_found("household"))?;
            Ok(vec![HouseholdEvent::Moved {
                from,
                to: to.clone(),
                moved_on: *moved_on,
                subject_id,
                data: Some(HouseholdData {
                    address: address.clone(),
                    phone,
                }),
            }])
        }
        C::UpdateDecile {
            decile,
            ranking_round,
        } => {
            let previous_round = state
                .ranking_round
                .ok_or_else(|| DomainError::not_found("household"))?;
            if *ranking_round <= previous_round {
                return Err(DomainError::rule(
                    "ranking_round",
                    format!("must be later than the current round {previous_round}"),
                ));
            }
            Ok(vec![HouseholdEvent::DecileUpdated {
                decile: *decile,
                ranking_round: *ranking_round,
                previous_decile: state.decile,
                previous_round,
            }])
        }
        C::Enrol {
            programme,
            enrolled_on,
            components,
        } => enrol(state, *programme, *enrolled_on, components, policy),
        C::UpdatePkhComponents {
            components,
            effective_date,
        } => {
            let enrolment = state.active_enrolment(Programme::Pkh).ok_or_else(|| {
                DomainError::rule("household_id", "household is not enrolled in PKH")
            })?;
            if *effective_date < enrolment.enrolled_on {
                return Err(DomainError::rule(
                    "effective_date",
                    "must not be before the PKH enrolment",
                ));
            }
            check_components(state, components, *effective_date)?;
            let (components, annual_entitlement) = policy.pkh_entitlement(components);
            Ok(vec![HouseholdEvent::PkhComponentsUpdated {
                components,
                annual_entitlement,
                effective_date: *effective_date,
            }])
        }
        C::Exit {
            programme,
            reason,
            exited_on,
            note,
        } => {
            let enrolment = state.active_enrolment(*programme).ok_or_else(|| {
                DomainError::rule(
                    "programme",
                    format!("household is not enrolled in {}", programme.name()),
                )
            })?;
            if *exited_on < enrolment.enrolled_on {
                return Err(DomainError::rule(
                    "exited_on",
                    "must not be before the enrolment",
                ));
            }
            Ok(vec![HouseholdEvent::ProgrammeExited {
                programme: *programme,
                reason: *reason,
                exited_on: *exited_on,
                note: note.clone(),
            }])
        }
        C::Close { reason, closed_on } => Ok(close(state, reason, *closed_on)),
        C::ErasePersonalData {
            member_id,
            reason,
            on,
        } => erase(state, *member_id, reason, *on),
    }
}

/// Closing ends every enrolment first, so that each exit is its own fact.
fn close(state: &Household, reason: &str, closed_on: NaiveDate) -> Vec<HouseholdEvent> {
    let mut events: Vec<HouseholdEvent> = state
        .enrolments
        .iter()
        .filter(|e| e.active)
        .map(|e| HouseholdEvent::ProgrammeExited {
            programme: e.programme,
            reason: ExitReason::Moved,
            exited_on: closed_on.max(e.enrolled_on),
            note: "household closed".to_owned(),
        })
        .collect();
    events.push(HouseholdEvent::Closed {
        reason: reason.to_owned(),
        closed_on,
    });
    events
}

/// The reason recorded on the closing that an erasure of an active household implies.
pub const CLOSED_BY_ERASURE: &str = "personal data erased";

/// Erasure is for people Berdaya no longer serves: a household without names, NIKs or
/// an address cannot be enrolled, paid or visited, so erasing an active household closes
/// it first (ending its enrolments and freeing its members' NIKs, which may then be
/// registered again as new people). One member's data may be erased only once they have
/// left the household (RemoveMember), because their removal needs a reason, a date and,
/// for the head, a successor that only a caseworker can give.
fn erase(
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
        events = close(state, CLOSED_BY_ERASURE, on);
    }
    events.push(HouseholdEvent::PersonalDataErased {
        subject_ids,
        reason: reason.to_owned(),
    });
    Ok(events)
}

fn unreachable_register() -> Result<Vec<HouseholdEvent>, DomainError> {
    Err(DomainError::rule("", "register is decided separately"))
}

fn register(
    state: &Household,
    command: &HouseholdCommand,
) -> Result<Vec<HouseholdEvent>, DomainError> {
    let HouseholdCommand::Register {
        household_id,
        village,
        kk_number,
        kk_valid_from,
        decile,
        ranking_round,
        subject_id,
        data,
        members,
    } = command
    else {
        return unreachable_register();
    };
    if state.status != HouseholdStatus::Unregistered {
        return Err(DomainError::already_exists(
            "household_id",
            "a household with this id is already registered",
        ));
    }
    let heads = members
        .iter()
        .filter(|m| m.relationship == Relationship::Head)
        .count();
    if heads != 1 {
        return Err(DomainError::Invalid(vec![FieldViolation::new(
            "members",
            format!("exactly one member must be the head (relationship HEAD), found {heads}"),
        )]));
    }
    for (index, member) in members.iter().enumerate() {
        if members[..index]
            .iter()
            .any(|m| m.person.nik == member.person.nik)
        {
            return Err(DomainError::Invalid(vec![FieldViolation::new(
                format!("members[{index}].nik"),
                "the same NIK appears twice in this household",
            )]));
        }
    }
    Ok(vec![HouseholdEvent::Registered {
        household_id: *household_id,
        village: village.clone(),
        kk_number: Some(kk_number.clone()),
        kk_valid_from: *kk_valid_from,
        decile: *decile,
        ranking_round: *ranking_round,
        subject_id: *subject_id,
        data: Some(data.clone()),
        members: members.iter().map(facts).collect(),
    }])
}

fn enrol(
    state: &Household,
    programme: Programme,
    enrolled_on: chrono::NaiveDate,
    components: &[(uuid::Uuid, PkhComponent)],
    policy: &ProgrammePolicy,
) -> Result<Vec<HouseholdEvent>, DomainError> {
    if state.active_enrolment(programme).is_some() {
        return Err(DomainError::already_exists(
            "programme",
            format!("household is already enrolled in {}", programme.name()),
        ));
    }
    let band = policy.band(programme);
    if !band.contains(state.decile) {
        return Err(DomainError::rule(
            "programme",
            format!(
                "{} serves deciles {} to {}; the household is in decile {} (round {})",
                programme.name(),
                band.min,
                band.max,
                state.decile,
                state
                    .ranking_round
                    .map(|r| r.to_string())
                    .unwrap_or_default()
            ),
        ));
    }
    let (components, annual_entitlement) = if programme == Programme::Pkh {
        if components.is_empty() {
            return Err(DomainError::invalid(
                "components",
                "PKH enrolment needs at least one component",
            ));
        }
        check_components(state, components, enrolled_on)?;
        policy.pkh_entitlement(components)
    } else {
        if !components.is_empty() {
            return Err(DomainError::invalid(
                "components",
                "only PKH has components",
            ));
        }
        (Vec::new(), berdaya_domain::Rupiah::ZERO)
    };
    Ok(vec![HouseholdEvent::ProgrammeEnrolled {
        programme,
        decile: state.decile,
        ranking_round: state
            .ranking_round
            .ok_or_else(|| DomainError::not_found("household"))?,
        enrolled_on,
        components,
        annual_entitlement,
        eligible_decile_max: band.max,
    }])
}

/// Each claimed component must appear once (else the request is malformed), belong to
/// an active member, and fit the member where the facts allow a check: age for the child
/// and elderly components, sex for pregnancy (else a rule refuses it).
fn check_components(
    state: &Household,
    components: &[(uuid::Uuid, PkhComponent)],
    on: chrono::NaiveDate,
) -> Result<(), DomainError> {
    for (index, (member_id, component)) in components.iter().enumerate() {
        let field = format!("components[{index}]");
        if components[..index].contains(&(*member_id, *component)) {
            return Err(DomainError::invalid(
                field,
                "the same component is claimed twice for this member",
            ));
        }
        let Some(member) = state.member(*member_id).filter(|m| m.active) else {
            return Err(DomainError::rule(
                format!("{field}.member_id"),
                "is not an active member of this household",
            ));
        };
        let age = member
            .facts
            .person
            .as_ref()
            .map(|p| age_on(p.birth_date, on));
        let problem = match (component, age) {
            (PkhComponent::Child0To6, Some(age)) if !(0..=6).contains(&age) => Some(format!(
                "the member is {age}; the child component needs age 0 to 6"
            )),
            (PkhComponent::Elderly, Some(age)) if age < 70 => Some(format!(
                "the member is {age}; the elderly component needs age 70 or over"
            )),
            (PkhComponent::Pregnant, _) if member.facts.sex != berdaya_domain::id::Sex::Female => {
                Some("only a woman can hold the pregnancy component".to_owned())
            }
            _ => None,
        };
        if let Some(problem) = problem {
            return Err(DomainError::rule(format!("{field}.component"), problem));
        }
    }
    Ok(())
}

fn facts(member: &NewMember) -> MemberFacts {
    MemberFacts {
        member_id: member.member_id,
        subject_id: member.subject_id,
        sex: member.sex,
        relationship: member.relationship,
        person: Some(member.person.clone()),
    }
}
