//! The household's rules as given/when/then, with no I/O.

use berdaya_domain::aggregate::Given;
use berdaya_domain::id::{KkNumber, RankingRound, RegionCode, Sex};
use berdaya_domain::{DomainError, Rupiah};
use chrono::NaiveDate;
use uuid::Uuid;

use super::*;

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

fn person(nik: &str, name: &str, birth: &str) -> PersonData {
    PersonData {
        nik: nik.to_owned(),
        full_name: name.to_owned(),
        birth_date: date(birth),
        phone: None,
    }
}

fn new_member(n: u128, sex: Sex, relationship: Relationship, data: PersonData) -> NewMember {
    NewMember {
        member_id: id(n),
        subject_id: id(1000 + n),
        sex,
        relationship,
        person: data,
    }
}

fn head() -> NewMember {
    new_member(
        1,
        Sex::Male,
        Relationship::Head,
        person("3578011203850001", "Budi Santoso", "1985-03-12"),
    )
}

fn wife() -> NewMember {
    new_member(
        2,
        Sex::Female,
        Relationship::Spouse,
        person("3578015506880002", "Siti Aminah", "1988-06-15"),
    )
}

fn toddler() -> NewMember {
    new_member(
        3,
        Sex::Male,
        Relationship::Child,
        person("3578010102220003", "Adi", "2022-02-01"),
    )
}

fn grandmother() -> NewMember {
    new_member(
        4,
        Sex::Female,
        Relationship::Parent,
        person("3578014101500004", "Mbah Sri", "1950-01-01"),
    )
}

fn register_command(members: Vec<NewMember>, decile: u8) -> HouseholdCommand {
    HouseholdCommand::Register {
        household_id: id(100),
        village: RegionCode::parse_village("35.78.01.1001").unwrap(),
        kk_number: KkNumber::parse("3578010101230001").unwrap(),
        kk_valid_from: date("2023-01-01"),
        decile,
        ranking_round: RankingRound::parse("2026-Q1").unwrap(),
        subject_id: id(200),
        data: HouseholdData {
            address: "Jl. Kenjeran 12 RT 3 RW 4".to_owned(),
            phone: None,
        },
        members,
    }
}

/// The events of a registered household of four in the given decile.
fn registered(decile: u8) -> Vec<HouseholdEvent> {
    let mut state = Household::default();
    let events = berdaya_domain::Aggregate::decide(
        &state,
        &register_command(vec![head(), wife(), toddler(), grandmother()], decile),
        &ProgrammePolicy::default(),
    )
    .unwrap();
    for e in &events {
        berdaya_domain::Aggregate::apply(&mut state, e);
    }
    events
}

#[test]
fn registering_records_the_household_with_its_members() {
    let state = Given::<Household>::nothing()
        .when(&register_command(vec![head(), wife()], 2))
        .events();
    assert_eq!(state.len(), 1);
    let HouseholdEvent::Registered {
        members, decile, ..
    } = &state[0]
    else {
        panic!("not registered")
    };
    assert_eq!(members.len(), 2);
    assert_eq!(*decile, 2);
}

#[test]
fn a_household_needs_exactly_one_head() {
    let error = Given::<Household>::nothing()
        .when(&register_command(vec![wife()], 2))
        .then_error();
    assert!(
        matches!(&error, DomainError::Invalid(v) if v[0].field == "members"),
        "{error:?}"
    );
    let mut second_head = wife();
    second_head.relationship = Relationship::Head;
    let error = Given::<Household>::nothing()
        .when(&register_command(vec![head(), second_head], 2))
        .then_error();
    assert!(error.to_string().contains("found 2"), "{error}");
}

#[test]
fn the_same_nik_twice_in_one_household_is_refused() {
    let mut twin = wife();
    twin.person.nik = head().person.nik;
    let error = Given::<Household>::nothing()
        .when(&register_command(vec![head(), twin], 2))
        .then_error();
    assert!(
        matches!(&error, DomainError::Invalid(v) if v[0].field == "members[1].nik"),
        "{error:?}"
    );
}

#[test]
fn registering_twice_is_refused() {
    let error = Given::<Household>::new(registered(2))
        .when(&register_command(vec![head()], 2))
        .then_error();
    assert!(matches!(error, DomainError::AlreadyExists { .. }));
}

#[test]
fn commands_on_an_unregistered_household_are_not_found() {
    let error = Given::<Household>::nothing()
        .when(&HouseholdCommand::UpdateDecile {
            decile: 3,
            ranking_round: RankingRound::parse("2026-Q2").unwrap(),
        })
        .then_error();
    assert!(matches!(error, DomainError::NotFound { .. }));
}

#[test]
fn adding_a_member_records_them() {
    let baby = new_member(
        5,
        Sex::Female,
        Relationship::Child,
        person("3578014105260005", "Rina", "2026-05-01"),
    );
    let state = Given::<Household>::new(registered(2))
        .when(&HouseholdCommand::AddMember {
            member: baby.clone(),
            joined_on: date("2026-05-01"),
        })
        .then(vec![HouseholdEvent::MemberAdded {
            member: MemberFacts {
                member_id: baby.member_id,
                subject_id: baby.subject_id,
                sex: Sex::Female,
                relationship: Relationship::Child,
                person: Some(baby.person.clone()),
            },
            joined_on: date("2026-05-01"),
        }]);
    assert_eq!(state.active_members().count(), 5);
}

#[test]
fn a_second_head_cannot_be_added() {
    let mut other = new_member(
        6,
        Sex::Male,
        Relationship::Head,
        person("3578010101900006", "X", "1990-01-01"),
    );
    other.relationship = Relationship::Head;
    let error = Given::<Household>::new(registered(2))
        .when(&HouseholdCommand::AddMember {
            member: other,
            joined_on: date("2026-01-01"),
        })
        .then_error();
    assert!(matches!(&error, DomainError::Rule { field, .. } if field == "member.relationship"));
}

#[test]
fn removing_the_head_needs_a_new_head_who_then_leads() {
    let remove = |new_head| HouseholdCommand::RemoveMember {
        member_id: id(1),
        reason: RemovalReason::Died,
        effective_date: date("2026-02-01"),
        note: String::new(),
        new_head,
    };
    let error = Given::<Household>::new(registered(2))
        .when(&remove(None))
        .then_error();
    assert!(matches!(&error, DomainError::Rule { field, .. } if field == "new_head_member_id"));
    let error = Given::<Household>::new(registered(2))
        .when(&remove(Some(id(99))))
        .then_error();
    assert!(matches!(&error, DomainError::Rule { field, .. } if field == "new_head_member_id"));
    let state = Given::<Household>::new(registered(2))
        .when(&remove(Some(id(2))))
        .then(vec![HouseholdEvent::MemberRemoved {
            member_id: id(1),
            subject_id: id(1001),
            reason: RemovalReason::Died,
            effective_date: date("2026-02-01"),
            note: Some(String::new()),
            new_head: Some(id(2)),
        }]);
    assert_eq!(state.head().unwrap().facts.member_id, id(2));
    assert!(!state.member(id(1)).unwrap().active);
}

#[test]
fn a_removed_member_cannot_be_removed_again() {
    let mut history = registered(2);
    history.push(HouseholdEvent::MemberRemoved {
        member_id: id(3),
        subject_id: id(1003),
        reason: RemovalReason::Moved,
        effective_date: date("2026-02-01"),
        note: Some(String::new()),
        new_head: None,
    });
    let error = Given::<Household>::new(history)
        .when(&HouseholdCommand::RemoveMember {
            member_id: id(3),
            reason: RemovalReason::Moved,
            effective_date: date("2026-02-02"),
            note: String::new(),
            new_head: None,
        })
        .then_error();
    assert!(matches!(error, DomainError::NotFound { .. }));
}

#[test]
fn a_new_kk_number_is_dated_and_kept_in_history() {
    let new_kk = KkNumber::parse("3578010202260009").unwrap();
    let state = Given::<Household>::new(registered(2))
        .when(&HouseholdCommand::ChangeKkNumber {
            kk_number: new_kk.clone(),
            valid_from: date("2026-02-02"),
            reason: "head died".into(),
        })
        .events();
    let HouseholdEvent::KkNumberChanged { previous, .. } = &state[0] else {
        panic!()
    };
    assert_eq!(
        previous.as_ref().map(KkNumber::as_str),
        Some("3578010101230001")
    );
    let error = Given::<Household>::new(registered(2))
        .when(&HouseholdCommand::ChangeKkNumber {
            kk_number: new_kk,
            valid_from: date("2022-01-01"),
            reason: "x".into(),
        })
        .then_error();
    assert!(matches!(&error, DomainError::Rule { field, .. } if field == "valid_from"));
    let error = Given::<Household>::new(registered(2))
        .when(&HouseholdCommand::ChangeKkNumber {
            kk_number: KkNumber::parse("3578010101230001").unwrap(),
            valid_from: date("2026-01-01"),
            reason: "x".into(),
        })
        .then_error();
    assert!(matches!(&error, DomainError::Rule { field, .. } if field == "kk_number"));
}

#[test]
fn moving_changes_village_and_address_but_keeps_the_phone() {
    let state = Given::<Household>::new(registered(2))
        .when(&HouseholdCommand::Move {
            to: RegionCode::parse_village("35.78.02.1002").unwrap(),
            address: "Jl. Baru 1".into(),
            moved_on: date("2026-03-01"),
        })
        .events();
    let HouseholdEvent::Moved { from, to, .. } = &state[0] else {
        panic!()
    };
    assert_eq!(from.as_str(), "35.78.01.1001");
    assert_eq!(to.as_str(), "35.78.02.1002");
    let error = Given::<Household>::new(registered(2))
        .when(&HouseholdCommand::Move {
            to: RegionCode::parse_village("35.78.01.1001").unwrap(),
            address: "x".into(),
            moved_on: date("2026-03-01"),
        })
        .then_error();
    assert!(matches!(&error, DomainError::Rule { field, .. } if field == "to_village_code"));
}

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

#[test]
fn enrolment_checks_the_decile_band_from_configuration() {
    let enrol = |programme| HouseholdCommand::Enrol {
        programme,
        enrolled_on: date("2026-04-01"),
        components: vec![],
    };
    // Decile 5: Sembako (1-5) yes, PIP (1-4) no.
    Given::<Household>::new(registered(5))
        .when(&enrol(Programme::Sembako))
        .events();
    let error = Given::<Household>::new(registered(5))
        .when(&enrol(Programme::Pip))
        .then_error();
    assert!(error.to_string().contains("deciles 1 to 4"), "{error}");
    // A stricter configured band applies.
    let mut strict = ProgrammePolicy::default();
    strict
        .bands
        .insert(Programme::Sembako, DecileBand { min: 1, max: 3 });
    let error = Given::<Household>::new(registered(5))
        .with_rules(strict)
        .when(&HouseholdCommand::Enrol {
            programme: Programme::Sembako,
            enrolled_on: date("2026-04-01"),
            components: vec![],
        })
        .then_error();
    assert!(matches!(error, DomainError::Rule { .. }));
}

#[test]
fn enrolling_twice_in_the_same_programme_is_refused() {
    let mut history = registered(2);
    history.extend(
        Given::<Household>::new(registered(2))
            .when(&HouseholdCommand::Enrol {
                programme: Programme::Sembako,
                enrolled_on: date("2026-04-01"),
                components: vec![],
            })
            .events(),
    );
    let error = Given::<Household>::new(history)
        .when(&HouseholdCommand::Enrol {
            programme: Programme::Sembako,
            enrolled_on: date("2026-05-01"),
            components: vec![],
        })
        .then_error();
    assert!(matches!(error, DomainError::AlreadyExists { .. }));
}

#[test]
fn pkh_counts_at_most_four_members_with_the_highest_amounts() {
    // Five members with components: 3,000,000 + 3,000,000 + 2,400,000 + 2,000,000 count;
    // the SD pupil (900,000) is the fifth and does not.
    let mut history = registered(1);
    let pupil = new_member(
        7,
        Sex::Male,
        Relationship::Child,
        person("3578010101150007", "Dodi", "2015-01-01"),
    );
    let teen = new_member(
        8,
        Sex::Female,
        Relationship::Child,
        person("3578014101090008", "Tini", "2009-01-01"),
    );
    for member in [pupil, teen] {
        history.push(HouseholdEvent::MemberAdded {
            member: MemberFacts {
                member_id: member.member_id,
                subject_id: member.subject_id,
                sex: member.sex,
                relationship: member.relationship,
                person: Some(member.person),
            },
            joined_on: date("2026-01-01"),
        });
    }
    let claims = vec![
        (id(7), PkhComponent::Sd),
        (id(2), PkhComponent::Pregnant),
        (id(3), PkhComponent::Child0To6),
        (id(4), PkhComponent::Elderly),
        (id(8), PkhComponent::Sma),
    ];
    let events = Given::<Household>::new(history)
        .when(&HouseholdCommand::Enrol {
            programme: Programme::Pkh,
            enrolled_on: date("2026-04-01"),
            components: claims,
        })
        .events();
    let HouseholdEvent::ProgrammeEnrolled {
        components,
        annual_entitlement,
        ..
    } = &events[0]
    else {
        panic!()
    };
    assert_eq!(
        *annual_entitlement,
        Rupiah(3_000_000 + 3_000_000 + 2_400_000 + 2_000_000)
    );
    assert!(
        !components[0].counted,
        "the SD pupil is the fifth and must not count"
    );
    assert_eq!(components.iter().filter(|c| c.counted).count(), 4);
}

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
fn pkh_components_must_fit_the_member() {
    let enrol = |claims| HouseholdCommand::Enrol {
        programme: Programme::Pkh,
        enrolled_on: date("2026-04-01"),
        components: claims,
    };
    // The head (41) is no child, the toddler is no elder, a man is not pregnant.
    for (claim, field) in [
        ((id(1), PkhComponent::Child0To6), "components[0].component"),
        ((id(3), PkhComponent::Elderly), "components[0].component"),
        ((id(1), PkhComponent::Pregnant), "components[0].component"),
        ((id(42), PkhComponent::Sd), "components[0].member_id"),
    ] {
        let error = Given::<Household>::new(registered(1))
            .when(&enrol(vec![claim]))
            .then_error();
        assert!(
            matches!(&error, DomainError::Rule { field: f, .. } if f == field),
            "{error:?}"
        );
    }
    let error = Given::<Household>::new(registered(1))
        .when(&enrol(vec![]))
        .then_error();
    assert!(matches!(error, DomainError::Invalid(_)));
    let error = Given::<Household>::new(registered(1))
        .when(&enrol(vec![
            (id(3), PkhComponent::Child0To6),
            (id(3), PkhComponent::Child0To6),
        ]))
        .then_error();
    assert!(matches!(error, DomainError::Invalid(_)));
}

#[test]
fn exiting_needs_an_enrolment_and_closing_ends_every_enrolment() {
    let error = Given::<Household>::new(registered(2))
        .when(&HouseholdCommand::Exit {
            programme: Programme::Pip,
            reason: ExitReason::Graduated,
            exited_on: date("2026-06-01"),
            note: String::new(),
        })
        .then_error();
    assert!(matches!(&error, DomainError::Rule { field, .. } if field == "programme"));

    let mut history = registered(2);
    history.extend(
        Given::<Household>::new(registered(2))
            .when(&HouseholdCommand::Enrol {
                programme: Programme::Sembako,
                enrolled_on: date("2026-04-01"),
                components: vec![],
            })
            .events(),
    );
    let state = Given::<Household>::new(history)
        .when(&HouseholdCommand::Close {
            reason: "merged".into(),
            closed_on: date("2026-07-01"),
        })
        .then(vec![
            HouseholdEvent::ProgrammeExited {
                programme: Programme::Sembako,
                reason: ExitReason::Moved,
                exited_on: date("2026-07-01"),
                note: "household closed".into(),
            },
            HouseholdEvent::Closed {
                reason: "merged".into(),
                closed_on: date("2026-07-01"),
            },
        ]);
    assert_eq!(state.status, HouseholdStatus::Closed);
    assert!(state.active_enrolment(Programme::Sembako).is_none());
}

#[test]
fn a_closed_household_refuses_changes() {
    let mut history = registered(2);
    history.push(HouseholdEvent::Closed {
        reason: "merged".into(),
        closed_on: date("2026-07-01"),
    });
    let error = Given::<Household>::new(history)
        .when(&HouseholdCommand::UpdateDecile {
            decile: 3,
            ranking_round: RankingRound::parse("2026-Q3").unwrap(),
        })
        .then_error();
    assert!(matches!(error, DomainError::Rule { .. }));
}

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
