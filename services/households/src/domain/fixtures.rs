//! Shared givens of the household's tests: a family of four in Kota Surabaya, registered
//! by running the command through `decide`, so the givens obey the rules they are used
//! to test.

use berdaya_domain::id::{KkNumber, RankingRound, RegionCode, Sex};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::*;

pub(crate) fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

pub(crate) fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

pub(crate) fn person(nik: &str, name: &str, birth: &str) -> PersonData {
    PersonData {
        nik: nik.to_owned(),
        full_name: name.to_owned(),
        birth_date: date(birth),
        phone: None,
    }
}

pub(crate) fn new_member(
    n: u128,
    sex: Sex,
    relationship: Relationship,
    data: PersonData,
) -> NewMember {
    NewMember {
        member_id: id(n),
        subject_id: id(1000 + n),
        sex,
        relationship,
        person: data,
    }
}

pub(crate) fn head() -> NewMember {
    new_member(
        1,
        Sex::Male,
        Relationship::Head,
        person("3578011203850001", "Budi Santoso", "1985-03-12"),
    )
}

pub(crate) fn wife() -> NewMember {
    new_member(
        2,
        Sex::Female,
        Relationship::Spouse,
        person("3578015506880002", "Siti Aminah", "1988-06-15"),
    )
}

pub(crate) fn toddler() -> NewMember {
    new_member(
        3,
        Sex::Male,
        Relationship::Child,
        person("3578010102220003", "Adi", "2022-02-01"),
    )
}

pub(crate) fn grandmother() -> NewMember {
    new_member(
        4,
        Sex::Female,
        Relationship::Parent,
        person("3578014101500004", "Mbah Sri", "1950-01-01"),
    )
}

pub(crate) fn register_command(members: Vec<NewMember>, decile: u8) -> HouseholdCommand {
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
pub(crate) fn registered(decile: u8) -> Vec<HouseholdEvent> {
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
