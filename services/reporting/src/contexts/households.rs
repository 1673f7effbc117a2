//! The household registry: households by decile, people, programme enrolments and exits,
//! and the PKH entitlement of enrolled households.

use std::collections::BTreeMap;

use berdaya_messaging::EventEnvelope;
use berdaya_proto::berdaya::households::v1 as pb;
use serde::{Deserialize, Serialize};

use super::common::{checked, decode, enum_name, load, money, save, short_name};
use super::{ContextProjection, ProjectionError};
use crate::catalog::{Indicator, Kind};
use crate::facts::{Output, month_of};

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
        title: "Households registered",
        unit: "households",
        kind: Kind::Flow,
        dimension: "",
    },
    Indicator {
        id: ACTIVE,
        strategy: 0,
        title: "Active households by DTSEN decile",
        unit: "households",
        kind: Kind::Stock,
        dimension: "decile",
    },
    Indicator {
        id: PEOPLE,
        strategy: 0,
        title: "People in active households",
        unit: "people",
        kind: Kind::Stock,
        dimension: "",
    },
    Indicator {
        id: ENROLMENTS,
        strategy: 0,
        title: "Programme enrolments",
        unit: "households",
        kind: Kind::Flow,
        dimension: "programme",
    },
    Indicator {
        id: EXITS,
        strategy: 0,
        title: "Programme exits",
        unit: "households",
        kind: Kind::Flow,
        dimension: "programme",
    },
    Indicator {
        id: ENROLLED,
        strategy: 0,
        title: "Households enrolled",
        unit: "households",
        kind: Kind::Stock,
        dimension: "programme",
    },
    Indicator {
        id: PKH_ENTITLEMENT,
        strategy: 0,
        title: "PKH annual entitlement",
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
}

/// The households module.
#[derive(Debug)]
pub struct Households;

fn programme(value: i32) -> String {
    pb::Programme::try_from(value)
        .map(|p| enum_name(p.as_str_name(), "PROGRAMME_"))
        .unwrap_or_else(|_| "UNKNOWN".to_owned())
}

impl Households {
    /// Removes the household's whole footprint from `village` (or adds it back with +1).
    fn footprint(state: &State, month: &str, sign: i64, out: &mut Output) {
        let village = state.village.as_str();
        out.add(village, month, ACTIVE, state.decile.to_string(), sign);
        out.add(village, month, PEOPLE, "", sign * state.people);
        for (name, entitlement) in &state.enrolled {
            out.add(village, month, ENROLLED, name.clone(), sign);
            if name == "PKH" {
                out.add(village, month, PKH_ENTITLEMENT, "", sign * entitlement);
            }
        }
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
        let month = month_of(event.recorded_at);
        let mut out = Output::default();
        match short_name(event) {
            "HouseholdRegistered" => {
                let e: pb::HouseholdRegistered = decode(event)?;
                s = State {
                    village: e.village_code,
                    decile: e.decile,
                    active: true,
                    people: e.members.len() as i64,
                    enrolled: BTreeMap::new(),
                };
                out.add(&s.village, &month, REGISTERED, "", 1);
                Self::footprint(&s, &month, 1, &mut out);
            }
            "MemberAdded" if s.active => {
                s.people += 1;
                out.add(&s.village, &month, PEOPLE, "", 1);
            }
            "MemberRemoved" if s.active => {
                s.people -= 1;
                out.add(&s.village, &month, PEOPLE, "", -1);
            }
            "HouseholdMoved" if s.active => {
                let e: pb::HouseholdMoved = decode(event)?;
                Self::footprint(&s, &month, -1, &mut out);
                s.village = e.to_village_code;
                Self::footprint(&s, &month, 1, &mut out);
            }
            "DecileUpdated" if s.active => {
                let e: pb::DecileUpdated = decode(event)?;
                out.add(&s.village, &month, ACTIVE, s.decile.to_string(), -1);
                s.decile = e.decile;
                out.add(&s.village, &month, ACTIVE, s.decile.to_string(), 1);
            }
            "ProgrammeEnrolled" if s.active => {
                let e: pb::ProgrammeEnrolled = decode(event)?;
                let name = programme(e.programme);
                let entitlement = money(event, "annual_entitlement", e.annual_entitlement)?;
                out.add(&s.village, &month, ENROLMENTS, name.clone(), 1);
                out.add(&s.village, &month, ENROLLED, name.clone(), 1);
                if name == "PKH" {
                    out.add(&s.village, &month, PKH_ENTITLEMENT, "", entitlement);
                }
                s.enrolled.insert(name, entitlement);
            }
            "PkhComponentsUpdated" if s.active => {
                let e: pb::PkhComponentsUpdated = decode(event)?;
                let entitlement = money(event, "annual_entitlement", e.annual_entitlement)?;
                if let Some(old) = s.enrolled.get_mut("PKH") {
                    let change =
                        checked(event, "the PKH entitlement", entitlement.checked_sub(*old))?;
                    out.add(&s.village, &month, PKH_ENTITLEMENT, "", change);
                    *old = entitlement;
                }
            }
            "ProgrammeExited" if s.active => {
                let e: pb::ProgrammeExited = decode(event)?;
                let name = programme(e.programme);
                if let Some(entitlement) = s.enrolled.remove(&name) {
                    out.add(&s.village, &month, EXITS, name.clone(), 1);
                    out.add(&s.village, &month, ENROLLED, name.clone(), -1);
                    if name == "PKH" {
                        let change =
                            checked(event, "the PKH entitlement", entitlement.checked_neg())?;
                        out.add(&s.village, &month, PKH_ENTITLEMENT, "", change);
                    }
                }
            }
            "HouseholdClosed" if s.active => {
                Self::footprint(&s, &month, -1, &mut out);
                s.active = false;
                s.enrolled.clear();
            }
            _ => {}
        }
        Ok((save(&s, event)?, out))
    }
}
