//! Strategies 6 and 7, from the capacity context's events.
//!
//! Strategy 6 (Penguatan Kapasitas SDM Kelembagaan): people who run the programme by
//! role, people trained by role and by method, completions against non-completions (the
//! completion rate), certificates issued by certificate, and certificates by the month
//! they expire (a renewal moves one to its new month, a revocation takes it out), so the
//! dashboard shows what will lapse; pendamping counts per region sit beside the KUBE
//! groups and PKH households they serve (the exact caseload against the ratios is
//! `CapacityService.GetCaseload`).
//!
//! Strategy 7 (Aktualisasi Nilai-Nilai Spiritualitas dan Kearifan Lokal): local-wisdom
//! activities by kind and by value (a vocabulary term id), households reached and
//! leaders involved, counted in the month the activity was held; a voided activity is
//! taken out of every figure.
//!
//! Every fact counts in the month of its own date (registered, reassigned, completed,
//! issued, held, ...); a person's level never changes before the month they were
//! registered ([`not_before`]). A cohort's non-completions carry no date of their own:
//! they count with the cohort's completion, in the same command, on its date.

use serde::{Deserialize, Serialize};

use berdaya_messaging::EventEnvelope;
use berdaya_proto::berdaya::capacity::v1 as pb;

use super::common::{decode, enum_name, load, save, short_name};
use super::{ContextProjection, ProjectionError};
use crate::catalog::{Indicator, Kind};
use crate::facts::{Output, business_month, not_before};

/// People who run the programme, active, by role (stock).
pub const PEOPLE: &str = "capacity.people";
/// Participants who completed a cohort, by role (flow).
pub const TRAINED: &str = "capacity.trained_by_role";
/// Participants who completed a cohort, by programme method (flow).
pub const TRAINED_BY_METHOD: &str = "capacity.trained_by_method";
/// Cohort outcomes: COMPLETED or NOT_COMPLETED (flow): the completion rate.
pub const OUTCOMES: &str = "capacity.cohort_outcomes";
/// Certificates issued or recognised, by certificate (flow).
pub const CERTIFIED: &str = "capacity.certified";
/// Certificates by the month their validity ends (flow in the month of expiry).
pub const EXPIRING: &str = "capacity.certificates_expiring";
/// Local-wisdom activities held, by kind (flow).
pub const ACTIVITIES: &str = "capacity.activities";
/// Local-wisdom activities held, by value, norm or practice (term id) (flow).
pub const ACTIVITY_VALUES: &str = "capacity.activity_values";
/// Registry households reached by local-wisdom activities (flow; one per activity).
pub const HOUSEHOLDS_REACHED: &str = "capacity.households_reached";
/// Religious and customary leaders involved in local-wisdom activities (flow).
pub const LEADERS: &str = "capacity.leaders_involved";

static INDICATORS: [Indicator; 10] = [
    Indicator {
        id: PEOPLE,
        strategy: 6,
        unit: "orang (people)",
        kind: Kind::Stock,
        dimension: "role",
    },
    Indicator {
        id: TRAINED,
        strategy: 6,
        unit: "orang (people)",
        kind: Kind::Flow,
        dimension: "role",
    },
    Indicator {
        id: TRAINED_BY_METHOD,
        strategy: 6,
        unit: "orang (people)",
        kind: Kind::Flow,
        dimension: "method",
    },
    Indicator {
        id: OUTCOMES,
        strategy: 6,
        unit: "peserta (participants)",
        kind: Kind::Flow,
        dimension: "outcome",
    },
    Indicator {
        id: CERTIFIED,
        strategy: 6,
        unit: "sertifikat (certificates)",
        kind: Kind::Flow,
        dimension: "certificate",
    },
    Indicator {
        id: EXPIRING,
        strategy: 6,
        unit: "sertifikat (certificates)",
        kind: Kind::Flow,
        dimension: "certificate",
    },
    Indicator {
        id: ACTIVITIES,
        strategy: 7,
        unit: "kegiatan (activities)",
        kind: Kind::Flow,
        dimension: "kind",
    },
    Indicator {
        id: ACTIVITY_VALUES,
        strategy: 7,
        unit: "kegiatan (activities)",
        kind: Kind::Flow,
        dimension: "value",
    },
    Indicator {
        id: HOUSEHOLDS_REACHED,
        strategy: 7,
        unit: "rumah tangga (households)",
        kind: Kind::Flow,
        dimension: "",
    },
    Indicator {
        id: LEADERS,
        strategy: 7,
        unit: "orang (people)",
        kind: Kind::Flow,
        dimension: "",
    },
];

/// What the module remembers of one capacity stream.
#[derive(Debug, Default, Serialize, Deserialize)]
struct State {
    /// The region the stream's figures count in.
    region: String,
    /// Person: their role while active; cohort: the programme's method.
    label: String,
    /// Person: active.
    active: bool,
    /// Cohort: each participant's role (person id, role).
    roles: Vec<(String, String)>,
    /// Certificate: the month its validity ends; activity: the month it was held.
    month: String,
    /// Activity: its kind, values, households and leaders counted so far.
    kind: String,
    values: Vec<String>,
    households: i64,
    leaders: i64,
    /// Person: the month they were registered (empty in states written before business
    /// dates).
    #[serde(default)]
    since: String,
}

fn role_name(role: pb::PersonRole) -> String {
    enum_name(role.as_str_name(), "PERSON_ROLE_")
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The capacity module.
#[derive(Debug)]
pub struct Capacity;

impl Capacity {
    fn person(
        s: &mut State,
        event: &EventEnvelope,
        out: &mut Output,
    ) -> Result<(), ProjectionError> {
        let on =
            |date: &str, s: &State| not_before(business_month(date, event.recorded_at), &s.since);
        let placed = |p: Option<pb::Placement>| {
            p.map(|p| (p.region_code.clone(), role_name(p.role())))
                .unwrap_or_default()
        };
        match short_name(event) {
            "PersonRegistered" => {
                let e: pb::PersonRegistered = decode(event)?;
                (s.region, s.label) = placed(e.placement);
                s.active = true;
                s.since = business_month(&e.registered_on, event.recorded_at);
                out.add(&s.region, &s.since, PEOPLE, s.label.clone(), 1);
            }
            "PersonReassigned" if s.active => {
                let e: pb::PersonReassigned = decode(event)?;
                let month = on(&e.effective_on, s);
                out.add(&s.region, &month, PEOPLE, s.label.clone(), -1);
                (s.region, s.label) = placed(e.placement);
                out.add(&s.region, &month, PEOPLE, s.label.clone(), 1);
            }
            "PersonReassigned" => {
                let e: pb::PersonReassigned = decode(event)?;
                (s.region, s.label) = placed(e.placement);
            }
            "PersonDeactivated" if s.active => {
                let e: pb::PersonDeactivated = decode(event)?;
                s.active = false;
                out.add(
                    &s.region,
                    &on(&e.deactivated_on, s),
                    PEOPLE,
                    s.label.clone(),
                    -1,
                );
            }
            "PersonReactivated" if !s.active => {
                let e: pb::PersonReactivated = decode(event)?;
                s.active = true;
                out.add(
                    &s.region,
                    &on(&e.reactivated_on, s),
                    PEOPLE,
                    s.label.clone(),
                    1,
                );
            }
            _ => {}
        }
        Ok(())
    }

    fn cohort(
        s: &mut State,
        event: &EventEnvelope,
        out: &mut Output,
    ) -> Result<(), ProjectionError> {
        let on = |date: &str| business_month(date, event.recorded_at);
        match short_name(event) {
            "CohortScheduled" => {
                let e: pb::CohortScheduled = decode(event)?;
                s.region = e.region_code.clone();
                s.label = enum_name(e.method().as_str_name(), "PROGRAMME_METHOD_");
            }
            "ParticipantEnrolled" => {
                let e: pb::ParticipantEnrolled = decode(event)?;
                s.roles.push((e.person_id.clone(), role_name(e.role())));
            }
            "ParticipantCompleted" => {
                let e: pb::ParticipantCompleted = decode(event)?;
                let month = on(&e.completed_on);
                let role = s
                    .roles
                    .iter()
                    .find(|(p, _)| *p == e.person_id)
                    .map(|(_, r)| r.clone())
                    .unwrap_or_default();
                out.add(&s.region, &month, TRAINED, role, 1);
                out.add(&s.region, &month, TRAINED_BY_METHOD, s.label.clone(), 1);
                out.add(&s.region, &month, OUTCOMES, "COMPLETED", 1);
            }
            // `ParticipantNotCompleted` has no date; the completion that follows it in the
            // same command counts them all.
            "CohortCompleted" => {
                let e: pb::CohortCompleted = decode(event)?;
                let month = on(&e.completed_on);
                let not_completed = i64::from(e.not_completed_count);
                out.add(&s.region, &month, OUTCOMES, "NOT_COMPLETED", not_completed);
            }
            _ => {}
        }
        Ok(())
    }

    fn certificate(
        s: &mut State,
        event: &EventEnvelope,
        out: &mut Output,
    ) -> Result<(), ProjectionError> {
        let on = |date: &str| business_month(date, event.recorded_at);
        let issued = match short_name(event) {
            "CertificateIssued" => {
                let e: pb::CertificateIssued = decode(event)?;
                Some((e.name, e.valid_until, e.issued_on))
            }
            "CertificateRecognised" => {
                let e: pb::CertificateRecognised = decode(event)?;
                Some((e.name, e.valid_until, e.recognised_on))
            }
            _ => None,
        };
        if let Some((name, valid_until, issued_on)) = issued {
            // A certificate is filed under its holder's region.
            s.region = event.metadata.region.clone();
            s.label = name;
            s.month = on(&valid_until);
            s.active = true;
            out.add(&s.region, &on(&issued_on), CERTIFIED, s.label.clone(), 1);
            out.add(&s.region, &s.month, EXPIRING, s.label.clone(), 1);
            return Ok(());
        }
        match short_name(event) {
            "CertificateRenewed" if s.active => {
                let e: pb::CertificateRenewed = decode(event)?;
                out.add(&s.region, &s.month, EXPIRING, s.label.clone(), -1);
                s.month = on(&e.valid_until);
                out.add(&s.region, &s.month, EXPIRING, s.label.clone(), 1);
            }
            "CertificateRevoked" if s.active => {
                s.active = false;
                out.add(&s.region, &s.month, EXPIRING, s.label.clone(), -1);
            }
            _ => {}
        }
        Ok(())
    }

    /// Adds (`sign` 1) or takes out (`sign` -1) an activity's figures as they stand.
    fn activity_figures(s: &State, sign: i64, out: &mut Output) {
        out.add(&s.region, &s.month, ACTIVITIES, s.kind.clone(), sign);
        for value in &s.values {
            out.add(&s.region, &s.month, ACTIVITY_VALUES, value.clone(), sign);
        }
        out.add(
            &s.region,
            &s.month,
            HOUSEHOLDS_REACHED,
            "",
            sign * s.households,
        );
        out.add(&s.region, &s.month, LEADERS, "", sign * s.leaders);
    }

    fn activity(
        s: &mut State,
        event: &EventEnvelope,
        out: &mut Output,
    ) -> Result<(), ProjectionError> {
        match short_name(event) {
            "LocalWisdomActivityRecorded" => {
                let e: pb::LocalWisdomActivityRecorded = decode(event)?;
                use pb::local_wisdom_activity_recorded::Place;
                s.region = match &e.place {
                    Some(Place::DesaAdatCode(code)) => code.clone(),
                    Some(Place::Community(group)) => group.village_code.clone(),
                    None => String::new(),
                };
                s.month = business_month(&e.held_on, event.recorded_at);
                s.kind = enum_name(e.kind().as_str_name(), "ACTIVITY_KIND_");
                s.values.clone_from(&e.value_ids);
                s.households = count(e.household_ids.len());
                s.leaders = count(e.leader_person_ids.len());
                s.active = true;
                Self::activity_figures(s, 1, out);
            }
            "ActivityHouseholdsAdded" if s.active => {
                let e: pb::ActivityHouseholdsAdded = decode(event)?;
                let added = count(e.household_ids.len());
                s.households += added;
                out.add(&s.region, &s.month, HOUSEHOLDS_REACHED, "", added);
            }
            "ActivityValuesTagged" if s.active => {
                let e: pb::ActivityValuesTagged = decode(event)?;
                for value in e.value_ids {
                    out.add(&s.region, &s.month, ACTIVITY_VALUES, value.clone(), 1);
                    s.values.push(value);
                }
            }
            "ActivityVoided" if s.active => {
                Self::activity_figures(s, -1, out);
                s.active = false;
            }
            _ => {}
        }
        Ok(())
    }
}

impl ContextProjection for Capacity {
    fn handles(&self, event: &EventEnvelope) -> bool {
        use berdaya_proto::category::capacity::{ACTIVITY, CERTIFICATE, COHORT, PERSON};
        event.is_in(
            "berdaya.capacity.v1",
            &[PERSON, COHORT, CERTIFICATE, ACTIVITY],
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
        let mut out = Output::default();
        use berdaya_proto::category::capacity::{CERTIFICATE, COHORT, PERSON};
        match event.category.as_str() {
            PERSON => Self::person(&mut s, event, &mut out)?,
            COHORT => Self::cohort(&mut s, event, &mut out)?,
            CERTIFICATE => Self::certificate(&mut s, event, &mut out)?,
            _ => Self::activity(&mut s, event, &mut out)?,
        }
        Ok((save(&s, event)?, out))
    }
}

#[cfg(test)]
mod tests;
