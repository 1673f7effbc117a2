//! The household registry: households by decile, people, programme enrolments and exits,
//! and the PKH entitlement of enrolled households.
//!
//! Every fact is filed in the month of the date the event carries (joined, moved,
//! enrolled, exited, closed, components effective); a registration and a re-ranking
//! carry none and count in the month they were recorded ([`business_month`]). The
//! household's own levels (active by decile, people) never change before the month it
//! entered the registry, and an enrolment's never before the month it began
//! ([`not_before`]): a move dated before either lands in that month instead.

use std::collections::BTreeMap;

use berdaya_messaging::EventEnvelope;
use berdaya_proto::berdaya::households::v1 as pb;
use serde::{Deserialize, Serialize};

use super::common::{checked, decode, enum_name, load, money, save, short_name};
use super::{ContextProjection, ProjectionError};
use crate::catalog::{Indicator, Kind};
use crate::facts::{Output, business_month, not_before};

/// Indicator ids.
pub const REGISTERED: &str = "registry.households_registered";
/// Active households by decile (stock).
pub const ACTIVE: &str = "registry.households_active";
/// Active members (stock).
pub const PEOPLE: &str = "registry.people";
/// Enrolments by programme (flow).
pub const ENROLMENTS: &str = "registry.enrolments";
/// Exits by programme (flow).
pub const EXITS: &str = "registry.exits";
/// Households enrolled by programme (stock).
pub const ENROLLED: &str = "registry.enrolled";
/// PKH annual entitlement of enrolled households (stock, rupiah).
pub const PKH_ENTITLEMENT: &str = "registry.pkh_entitlement";

static INDICATORS: [Indicator; 7] = [
    Indicator {
        id: REGISTERED,
        strategy: 0,
        unit: "households",
        kind: Kind::Flow,
        dimension: "",
    },
    Indicator {
        id: ACTIVE,
        strategy: 0,
        unit: "households",
        kind: Kind::Stock,
        dimension: "decile",
    },
    Indicator {
        id: PEOPLE,
        strategy: 0,
        unit: "people",
        kind: Kind::Stock,
        dimension: "",
    },
    Indicator {
        id: ENROLMENTS,
        strategy: 0,
        unit: "households",
        kind: Kind::Flow,
        dimension: "programme",
    },
    Indicator {
        id: EXITS,
        strategy: 0,
        unit: "households",
        kind: Kind::Flow,
        dimension: "programme",
    },
    Indicator {
        id: ENROLLED,
        strategy: 0,
        unit: "households",
        kind: Kind::Stock,
        dimension: "programme",
    },
    Indicator {
        id: PKH_ENTITLEMENT,
        strategy: 0,
        unit: "rupiah",
        kind: Kind::Stock,
        dimension: "",
    },
];

/// What the projection remembers of a household.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
struct State {
    village: String,
    decile: i32,
    active: bool,
    people: i64,
    /// Active enrolments: programme name → annual entitlement.
    enrolled: BTreeMap<String, i64>,
    /// The month the household entered the registry (`YYYY-MM`; empty in states written
    /// before business dates, which then never hold a change back).
    #[serde(default)]
    since: String,
    /// Active enrolments: programme name → the month of enrolment.
    #[serde(default)]
    enrolled_since: BTreeMap<String, String>,
}

/// The households module.
#[derive(Debug)]
pub struct Households;

fn programme(value: i32) -> String {
    pb::Programme::try_from(value)
        .map(|p| enum_name(p.as_str_name(), "PROGRAMME_"))
        .unwrap_or_else(|_| "UNKNOWN".to_owned())
}

impl State {
    /// The month a change to the household's own levels lands in.
    fn level_month(&self, month: &str) -> String {
        not_before(month.to_owned(), &self.since)
    }

    /// The month a change to enrolment `name` lands in.
    fn enrolment_month(&self, name: &str, month: &str) -> String {
        let since = self.enrolled_since.get(name).map_or("", String::as_str);
        not_before(self.level_month(month), since)
    }
}

impl Households {
    /// Removes the household's whole footprint from `village` (or adds it back with +1).
    fn footprint(state: &State, month: &str, sign: i64, out: &mut Output) {
        let village = state.village.as_str();
        let level = state.level_month(month);
        out.add(village, &level, ACTIVE, state.decile.to_string(), sign);
        out.add(village, &level, PEOPLE, "", sign * state.people);
        for (name, entitlement) in &state.enrolled {
            let month = state.enrolment_month(name, month);
            out.add(village, &month, ENROLLED, name.clone(), sign);
            if name == "PKH" {
                out.add(village, &month, PKH_ENTITLEMENT, "", sign * entitlement);
            }
        }
    }

    /// A programme enrolment of an active household: its start, its PKH entitlement, its
    /// end.
    fn enrolment(
        s: &mut State,
        event: &EventEnvelope,
        out: &mut Output,
    ) -> Result<(), ProjectionError> {
        let on = |date: &str| business_month(date, event.recorded_at);
        match short_name(event) {
            "ProgrammeEnrolled" => {
                let e: pb::ProgrammeEnrolled = decode(event)?;
                let month = on(&e.enrolled_on);
                let name = programme(e.programme);
                let entitlement = money(event, "annual_entitlement", e.annual_entitlement)?;
                out.add(&s.village, &month, ENROLMENTS, name.clone(), 1);
                out.add(&s.village, &month, ENROLLED, name.clone(), 1);
                if name == "PKH" {
                    out.add(&s.village, &month, PKH_ENTITLEMENT, "", entitlement);
                }
                s.enrolled.insert(name.clone(), entitlement);
                s.enrolled_since.insert(name, month);
            }
            "PkhComponentsUpdated" => {
                let e: pb::PkhComponentsUpdated = decode(event)?;
                let entitlement = money(event, "annual_entitlement", e.annual_entitlement)?;
                let month = s.enrolment_month("PKH", &on(&e.effective_date));
                if let Some(old) = s.enrolled.get_mut("PKH") {
                    let change =
                        checked(event, "the PKH entitlement", entitlement.checked_sub(*old))?;
                    out.add(&s.village, &month, PKH_ENTITLEMENT, "", change);
                    *old = entitlement;
                }
            }
            "ProgrammeExited" => {
                let e: pb::ProgrammeExited = decode(event)?;
                let name = programme(e.programme);
                let exited = on(&e.exited_on);
                let month = s.enrolment_month(&name, &exited);
                if let Some(entitlement) = s.enrolled.remove(&name) {
                    s.enrolled_since.remove(&name);
                    out.add(&s.village, &exited, EXITS, name.clone(), 1);
                    out.add(&s.village, &month, ENROLLED, name.clone(), -1);
                    if name == "PKH" {
                        let change =
                            checked(event, "the PKH entitlement", entitlement.checked_neg())?;
                        out.add(&s.village, &month, PKH_ENTITLEMENT, "", change);
                    }
                }
            }
            _ => {}
        }
        Ok(())
    }
}

impl ContextProjection for Households {
    fn handles(&self, event: &EventEnvelope) -> bool {
        event.is_in(
            "berdaya.households.v1",
            &[berdaya_proto::category::households::HOUSEHOLD],
        )
    }

    fn indicators(&self) -> &'static [Indicator] {
        &INDICATORS
    }

    fn project(
        &self,
        state: Option<&str>,
        event: &EventEnvelope,
    ) -> Result<(Option<String>, Output), ProjectionError> {
        let mut s: State = load(state, event)?;
        let on = |date: &str| business_month(date, event.recorded_at);
        let mut out = Output::default();
        match short_name(event) {
            "HouseholdRegistered" => {
                let e: pb::HouseholdRegistered = decode(event)?;
                // No business date: entering the registry is the fact itself.
                let month = on("");
                s = State {
                    village: e.village_code,
                    decile: e.decile,
                    active: true,
                    people: e.members.len() as i64,
                    since: month.clone(),
                    ..State::default()
                };
                out.add(&s.village, &month, REGISTERED, "", 1);
                Self::footprint(&s, &month, 1, &mut out);
            }
            "MemberAdded" if s.active => {
                let e: pb::MemberAdded = decode(event)?;
                s.people += 1;
                out.add(&s.village, &s.level_month(&on(&e.joined_on)), PEOPLE, "", 1);
            }
            "MemberRemoved" if s.active => {
                let e: pb::MemberRemoved = decode(event)?;
                s.people -= 1;
                let month = s.level_month(&on(&e.effective_date));
                out.add(&s.village, &month, PEOPLE, "", -1);
            }
            "HouseholdMoved" if s.active => {
                let e: pb::HouseholdMoved = decode(event)?;
                let month = on(&e.moved_on);
                Self::footprint(&s, &month, -1, &mut out);
                s.village = e.to_village_code;
                Self::footprint(&s, &month, 1, &mut out);
                // It is in the new village from then on, not from its registration.
                s.since = s.level_month(&month);
            }
            "DecileUpdated" if s.active => {
                let e: pb::DecileUpdated = decode(event)?;
                // A ranking round (`YYYY-Qn`) is no day: the month it was recorded.
                let month = s.level_month(&on(""));
                out.add(&s.village, &month, ACTIVE, s.decile.to_string(), -1);
                s.decile = e.decile;
                out.add(&s.village, &month, ACTIVE, s.decile.to_string(), 1);
            }
            "ProgrammeEnrolled" | "PkhComponentsUpdated" | "ProgrammeExited" if s.active => {
                Self::enrolment(&mut s, event, &mut out)?;
            }
            "HouseholdClosed" if s.active => {
                let e: pb::HouseholdClosed = decode(event)?;
                Self::footprint(&s, &on(&e.closed_on), -1, &mut out);
                s.active = false;
                s.enrolled.clear();
                s.enrolled_since.clear();
            }
            _ => {}
        }
        Ok((save(&s, event)?, out))
    }
}

#[cfg(test)]
mod tests {
    use super::super::common::testing::{recorded, run, sum};
    use super::*;

    const VILLAGE: &str = "35.78.01.1001";
    const STREAM: &str = "household-1";

    fn registered() -> pb::HouseholdRegistered {
        pb::HouseholdRegistered {
            household_id: "1".into(),
            village_code: VILLAGE.into(),
            decile: 2,
            members: vec![pb::MemberRecord::default(); 3],
            ..Default::default()
        }
    }

    fn enrolled(on: &str) -> pb::ProgrammeEnrolled {
        pb::ProgrammeEnrolled {
            programme: pb::Programme::Pkh as i32,
            enrolled_on: on.into(),
            annual_entitlement: 3_000_000,
            ..Default::default()
        }
    }

    #[test]
    fn a_pkh_enrolment_dated_in_february_counts_in_february_not_when_typed_in() {
        let (facts, _) = run(
            &Households,
            &[
                recorded(STREAM, 1, VILLAGE, &registered()),
                recorded(STREAM, 2, VILLAGE, &enrolled("2026-02-01")),
            ],
        );
        // The registration has no date of its own: the month it was recorded.
        assert_eq!(sum(&facts, REGISTERED, "2026-11"), 1);
        assert_eq!(sum(&facts, ENROLMENTS, "2026-02"), 1);
        assert_eq!(sum(&facts, ENROLLED, "2026-02"), 1, "the level starts then");
        assert_eq!(sum(&facts, PKH_ENTITLEMENT, "2026-02"), 3_000_000);
        assert_eq!(sum(&facts, ENROLMENTS, "2026-11"), 0);
    }

    #[test]
    fn an_exit_and_a_move_land_in_their_months_but_never_before_the_level_began() {
        let exited = pb::ProgrammeExited {
            programme: pb::Programme::Pkh as i32,
            exited_on: "2026-12-15".into(),
            ..Default::default()
        };
        let moved = |on: &str| pb::HouseholdMoved {
            from_village_code: VILLAGE.into(),
            to_village_code: "35.78.02.1001".into(),
            moved_on: on.into(),
            ..Default::default()
        };
        let (facts, _) = run(
            &Households,
            &[
                recorded(STREAM, 1, VILLAGE, &registered()),
                recorded(STREAM, 2, VILLAGE, &enrolled("2026-02-01")),
                // Dated before the household was entered: it moves when it was entered.
                recorded(STREAM, 3, VILLAGE, &moved("2026-03-01")),
                recorded(STREAM, 4, VILLAGE, &exited),
            ],
        );
        let moves: Vec<_> = facts
            .iter()
            .filter(|f| f.0 == ACTIVE || f.0 == ENROLLED)
            .map(|f| (f.0, f.1.as_str(), f.3))
            .collect();
        assert_eq!(
            moves,
            [
                (ACTIVE, "2026-11", 1),
                (ENROLLED, "2026-02", 1),
                (ACTIVE, "2026-11", -1),
                (ENROLLED, "2026-11", -1),
                (ACTIVE, "2026-11", 1),
                (ENROLLED, "2026-11", 1),
                (ENROLLED, "2026-12", -1),
            ]
        );
        assert_eq!(sum(&facts, EXITS, "2026-12"), 1);
    }
}
