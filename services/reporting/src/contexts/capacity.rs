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

use serde::{Deserialize, Serialize};

use berdaya_messaging::EventEnvelope;
use berdaya_proto::berdaya::capacity::v1 as pb;

use super::common::{decode, enum_name, load, save, short_name};
use super::{ContextProjection, ProjectionError};
use crate::catalog::{Indicator, Kind};
use crate::facts::{Output, month_of};

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
        title: "SDM pelaksana program menurut peran (people who run the programme, by role)",
        unit: "orang (people)",
        kind: Kind::Stock,
        dimension: "role",
    },
    Indicator {
        id: TRAINED,
        strategy: 6,
        title: "Peserta lulus pelatihan menurut peran (people trained, by role)",
        unit: "orang (people)",
        kind: Kind::Flow,
        dimension: "role",
    },
    Indicator {
        id: TRAINED_BY_METHOD,
        strategy: 6,
        title: "Peserta lulus menurut metode (people trained, by method)",
        unit: "orang (people)",
        kind: Kind::Flow,
        dimension: "method",
    },
    Indicator {
        id: OUTCOMES,
        strategy: 6,
        title: "Hasil angkatan: lulus dan tidak lulus (cohort outcomes: completion rate)",
        unit: "peserta (participants)",
        kind: Kind::Flow,
        dimension: "outcome",
    },
    Indicator {
        id: CERTIFIED,
        strategy: 6,
        title: "Sertifikat diterbitkan (certificates issued)",
        unit: "sertifikat (certificates)",
        kind: Kind::Flow,
        dimension: "certificate",
    },
    Indicator {
        id: EXPIRING,
        strategy: 6,
        title: "Sertifikat berakhir masa berlaku pada bulan ini (certificates expiring in the month)",
        unit: "sertifikat (certificates)",
        kind: Kind::Flow,
        dimension: "certificate",
    },
    Indicator {
        id: ACTIVITIES,
        strategy: 7,
        title: "Kegiatan kearifan lokal menurut jenis (local-wisdom activities, by kind)",
        unit: "kegiatan (activities)",
        kind: Kind::Flow,
        dimension: "kind",
    },
    Indicator {
        id: ACTIVITY_VALUES,
        strategy: 7,
        title: "Kegiatan menurut nilai dan norma (activities, by value or norm)",
        unit: "kegiatan (activities)",
        kind: Kind::Flow,
        dimension: "value",
    },
    Indicator {
        id: HOUSEHOLDS_REACHED,
        strategy: 7,
        title: "Rumah tangga terjangkau kegiatan (households reached)",
        unit: "rumah tangga (households)",
        kind: Kind::Flow,
        dimension: "",
    },
    Indicator {
        id: LEADERS,
        strategy: 7,
        title: "Tokoh agama dan adat terlibat (religious and customary leaders involved)",
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
}

fn role_name(role: pb::PersonRole) -> String {
    enum_name(role.as_str_name(), "PERSON_ROLE_")
}

/// The month of a stored `YYYY-MM-DD`.
fn month(date: &str) -> String {
    date.get(..7).unwrap_or_default().to_owned()
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
        let now = month_of(event.recorded_at);
        let placed = |p: Option<pb::Placement>| {
            p.map(|p| (p.region_code.clone(), role_name(p.role())))
                .unwrap_or_default()
        };
        match short_name(event) {
            "PersonRegistered" => {
                let e: pb::PersonRegistered = decode(event)?;
                (s.region, s.label) = placed(e.placement);
                s.active = true;
                out.add(&s.region, &now, PEOPLE, s.label.clone(), 1);
            }
            "PersonReassigned" if s.active => {
                let e: pb::PersonReassigned = decode(event)?;
                out.add(&s.region, &now, PEOPLE, s.label.clone(), -1);
                (s.region, s.label) = placed(e.placement);
                out.add(&s.region, &now, PEOPLE, s.label.clone(), 1);
            }
            "PersonReassigned" => {
                let e: pb::PersonReassigned = decode(event)?;
                (s.region, s.label) = placed(e.placement);
            }
            "PersonDeactivated" if s.active => {
                s.active = false;
                out.add(&s.region, &now, PEOPLE, s.label.clone(), -1);
            }
            "PersonReactivated" if !s.active => {
                s.active = true;
                out.add(&s.region, &now, PEOPLE, s.label.clone(), 1);
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
        let now = month_of(event.recorded_at);
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
                let role = s
                    .roles
                    .iter()
                    .find(|(p, _)| *p == e.person_id)
                    .map(|(_, r)| r.clone())
                    .unwrap_or_default();
                out.add(&s.region, &now, TRAINED, role, 1);
                out.add(&s.region, &now, TRAINED_BY_METHOD, s.label.clone(), 1);
                out.add(&s.region, &now, OUTCOMES, "COMPLETED", 1);
            }
            "ParticipantNotCompleted" => out.add(&s.region, &now, OUTCOMES, "NOT_COMPLETED", 1),
            _ => {}
        }
        Ok(())
    }

    fn certificate(
        s: &mut State,
        event: &EventEnvelope,
        out: &mut Output,
    ) -> Result<(), ProjectionError> {
        let now = month_of(event.recorded_at);
        let issued = match short_name(event) {
            "CertificateIssued" => {
                let e: pb::CertificateIssued = decode(event)?;
                Some((e.name, e.valid_until))
            }
            "CertificateRecognised" => {
                let e: pb::CertificateRecognised = decode(event)?;
                Some((e.name, e.valid_until))
            }
            _ => None,
        };
        if let Some((name, valid_until)) = issued {
            // A certificate is filed under its holder's region.
            s.region = event.metadata.region.clone();
            s.label = name;
            s.month = month(&valid_until);
            s.active = true;
            out.add(&s.region, &now, CERTIFIED, s.label.clone(), 1);
            out.add(&s.region, &s.month, EXPIRING, s.label.clone(), 1);
            return Ok(());
        }
        match short_name(event) {
            "CertificateRenewed" if s.active => {
                let e: pb::CertificateRenewed = decode(event)?;
                out.add(&s.region, &s.month, EXPIRING, s.label.clone(), -1);
                s.month = month(&e.valid_until);
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
                s.month = month(&e.held_on);
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
        let category = event.stream_id.split('-').next().unwrap_or_default();
        match category {
            "person" => Self::person(&mut s, event, &mut out)?,
            "cohort" => Self::cohort(&mut s, event, &mut out)?,
            "certificate" => Self::certificate(&mut s, event, &mut out)?,
            _ => Self::activity(&mut s, event, &mut out)?,
        }
        Ok((save(&s, event)?, out))
    }
}

#[cfg(test)]
mod tests {
    use berdaya_eventstore::EventMetadata;
    use prost::{Message, Name};
    use uuid::Uuid;

    use super::*;

    fn envelope<M: Message + Name>(stream: &str, version: i64, message: &M) -> EventEnvelope {
        EventEnvelope {
            context: "capacity".into(),
            event_id: Uuid::now_v7(),
            event_type: M::full_name(),
            schema_version: 1,
            stream_id: stream.to_owned(),
            category: berdaya_eventstore::category_of(stream).to_owned(),
            version,
            recorded_at: chrono::Utc::now(),
            position: 0,
            metadata: EventMetadata {
                region: "35.78".into(),
                ..EventMetadata::default()
            },
            payload: message.encode_to_vec(),
        }
    }

    /// Projects `events` of one stream in order; returns every fact as (indicator,
    /// month, dimension, delta).
    fn project(events: &[EventEnvelope]) -> Vec<(&'static str, String, String, i64)> {
        let mut state = None;
        let mut facts = Vec::new();
        for event in events {
            assert!(Capacity.handles(event), "{}", event.event_type);
            let (next, out) = Capacity.project(state.as_deref(), event).unwrap();
            state = next;
            facts.extend(
                out.facts
                    .into_iter()
                    .map(|f| (f.indicator, f.month, f.dimension, f.delta)),
            );
        }
        facts
    }

    #[test]
    fn completions_count_by_role_and_method_and_failures_in_the_rate() {
        let stream = "cohort-1";
        let now = month_of(chrono::Utc::now());
        let facts = project(&[
            envelope(
                stream,
                1,
                &pb::CohortScheduled {
                    region_code: "35.78".into(),
                    method: pb::ProgrammeMethod::Training as i32,
                    ..Default::default()
                },
            ),
            envelope(
                stream,
                2,
                &pb::ParticipantEnrolled {
                    person_id: "a".into(),
                    role: pb::PersonRole::PendampingKube as i32,
                    enrolled_on: "2026-01-01".into(),
                },
            ),
            envelope(
                stream,
                3,
                &pb::ParticipantCompleted {
                    person_id: "a".into(),
                    ..Default::default()
                },
            ),
            envelope(stream, 4, &pb::ParticipantNotCompleted::default()),
        ]);
        assert_eq!(
            facts,
            [
                (TRAINED, now.clone(), "PENDAMPING_KUBE".to_owned(), 1),
                (TRAINED_BY_METHOD, now.clone(), "TRAINING".to_owned(), 1),
                (OUTCOMES, now.clone(), "COMPLETED".to_owned(), 1),
                (OUTCOMES, now, "NOT_COMPLETED".to_owned(), 1),
            ]
        );
    }

    #[test]
    fn a_certificate_counts_in_its_expiry_month_until_renewed_or_revoked() {
        let stream = "certificate-1";
        let facts = project(&[
            envelope(
                stream,
                1,
                &pb::CertificateIssued {
                    name: "Sertifikat".into(),
                    valid_until: "2029-03-09".into(),
                    ..Default::default()
                },
            ),
            envelope(
                stream,
                2,
                &pb::CertificateRenewed {
                    valid_until: "2032-03-09".into(),
                    ..Default::default()
                },
            ),
            envelope(stream, 3, &pb::CertificateRevoked::default()),
        ]);
        let expiring: Vec<(String, i64)> = facts
            .iter()
            .filter(|f| f.0 == EXPIRING)
            .map(|f| (f.1.clone(), f.3))
            .collect();
        assert_eq!(
            expiring,
            [
                ("2029-03".to_owned(), 1),
                ("2029-03".to_owned(), -1),
                ("2032-03".to_owned(), 1),
                ("2032-03".to_owned(), -1)
            ]
        );
    }

    #[test]
    fn a_voided_activity_counts_in_no_indicator() {
        let stream = "activity-1";
        let facts = project(&[
            envelope(
                stream,
                1,
                &pb::LocalWisdomActivityRecorded {
                    kind: pb::ActivityKind::Jimpitan as i32,
                    place: Some(pb::local_wisdom_activity_recorded::Place::DesaAdatCode(
                        "51.03.05.3001".into(),
                    )),
                    held_on: "2026-05-02".into(),
                    household_ids: vec!["h1".into(), "h2".into()],
                    leader_person_ids: vec!["l1".into()],
                    value_ids: vec!["v1".into()],
                    ..Default::default()
                },
            ),
            envelope(
                stream,
                2,
                &pb::ActivityHouseholdsAdded {
                    household_ids: vec!["h3".into()],
                },
            ),
            envelope(stream, 3, &pb::ActivityVoided::default()),
        ]);
        let mut totals = std::collections::BTreeMap::new();
        for (indicator, month, _, delta) in &facts {
            assert_eq!(month, "2026-05");
            *totals.entry(*indicator).or_insert(0) += delta;
        }
        assert_eq!(
            facts[0],
            (ACTIVITIES, "2026-05".to_owned(), "JIMPITAN".to_owned(), 1)
        );
        assert!(totals.values().all(|t| *t == 0), "{totals:?}");
        assert_eq!(facts.len(), 9);
    }
}
