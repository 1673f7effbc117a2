//! `berdaya up --demo`, strategies 6 and 7, seeded through the real capacity API in the
//! demo province (Jawa Timur: Surabaya, Jember and another regency):
//!
//! - people: a provincial staff member, a trainer (a social worker certified by LSPS),
//!   three pendamping KUBE, a pendamping PKH, a religious and a customary leader;
//! - a training programme (Diklat Pendamping KUBE) and a mentoring programme;
//! - a cohort of the training in Surabaya in September 2026 taught by the trainer: two
//!   of its three participants complete and are certified, the third attended too few
//!   sessions;
//! - the values vocabulary, and three local-wisdom activities reaching demo households.
//!
//! Ids, dates and idempotency keys are fixed, so seeding twice records nothing new.

use std::time::Duration;

use berdaya_platform::demo::{as_admin as admin, context};
use berdaya_proto::berdaya::capacity::v1 as pb;
use berdaya_proto::berdaya::capacity::v1::capacity_service_server::CapacityService;
use berdaya_proto::berdaya::capacity::v1::local_wisdom_service_server::LocalWisdomService;
use uuid::Uuid;

use crate::CapacityApi;

/// How long seeding waits for the service to hear of the demo households.
const VIEW_WAIT: Duration = Duration::from_secs(30);

/// A fixed demo id: `kind` (a small number per record type) and `n`.
fn id(kind: u128, n: u128) -> String {
    Uuid::from_u128(0x0000_0000_0000_7000_c000_0000_0000_0000 | (kind << 16) | n).to_string()
}

/// The id the households demo gives its household number `n` (from 1).
fn household(n: u128) -> String {
    Uuid::from_u128(0x0000_0000_0000_7000_8000_0000_0000_0000 | n).to_string()
}

const PERSON: u128 = 1;
const PROGRAMME: u128 = 2;
const COHORT: u128 = 3;
const SESSION: u128 = 4;
const CERTIFICATE: u128 = 5;
const TERM: u128 = 6;
const ACTIVITY: u128 = 7;

/// One demo person: number, role, region, organisation, name.
type DemoPerson = (
    u128,
    pb::PersonRole,
    &'static str,
    Option<(pb::OrganisationKind, &'static str)>,
    &'static str,
);

const PEOPLE: &[DemoPerson] = &[
    (
        1,
        pb::PersonRole::GovernmentProvincial,
        "35",
        Some((
            pb::OrganisationKind::GovernmentAgency,
            "Dinas Sosial Provinsi Jawa Timur",
        )),
        "Rahmat Hidayat",
    ),
    (
        2,
        pb::PersonRole::SocialWorker,
        "35",
        Some((pb::OrganisationKind::Lks, "LKS Bina Sejahtera")),
        "Dra. Sri Wahyuni",
    ),
    (
        3,
        pb::PersonRole::PendampingKube,
        "35.78",
        None,
        "Agus Prasetyo",
    ),
    (
        4,
        pb::PersonRole::PendampingKube,
        "35.07",
        None,
        "Dewi Lestari",
    ),
    (
        5,
        pb::PersonRole::PendampingKube,
        "35.09",
        None,
        "Joko Susanto",
    ),
    (6, pb::PersonRole::PendampingPkh, "35.78", None, "Nur Aini"),
    (
        7,
        pb::PersonRole::ReligiousLeader,
        "35.78.01",
        None,
        "K.H. Abdul Latif",
    ),
    (
        8,
        pb::PersonRole::CustomaryLeader,
        "35.07",
        Some((
            pb::OrganisationKind::CommunityGroup,
            "Paguyuban Adat Tengger",
        )),
        "Mbah Sutrisno",
    ),
];

/// The values vocabulary: number, name, kind.
const TERMS: &[(u128, &str, pb::TermKind)] = &[
    (1, "gotong royong", pb::TermKind::Practice),
    (2, "amanah", pb::TermKind::Value),
    (3, "kejujuran", pb::TermKind::Value),
    (4, "musyawarah mufakat", pb::TermKind::Norm),
    (5, "jimpitan", pb::TermKind::Practice),
];

/// Waits until the service has heard of the demo household `n`.
async fn wait_for_household(api: &CapacityApi, n: u128) -> anyhow::Result<String> {
    let deadline = tokio::time::Instant::now() + VIEW_WAIT;
    let id = household(n);
    loop {
        if let Some(village) = api.known_household(&id).await? {
            return Ok(village);
        }
        if tokio::time::Instant::now() > deadline {
            anyhow::bail!("demo household {id} is unknown to capacity");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Seeds the demo; returns how many records it names.
///
/// # Errors
/// When a call fails for any reason other than having been made before.
pub(crate) async fn seed(api: &CapacityApi) -> anyhow::Result<usize> {
    let key = |step: String| context(format!("demo-capacity-{step}"));
    for (n, role, region, organisation, name) in PEOPLE {
        api.register_person(admin(pb::RegisterPersonRequest {
            context: key(format!("person-{n}")),
            person_id: id(PERSON, *n),
            role: *role as i32,
            organisation: organisation.map(|(kind, name)| pb::Organisation {
                kind: kind as i32,
                name: name.to_owned(),
            }),
            region_code: (*region).to_owned(),
            registered_on: "2026-01-06".to_owned(),
            full_name: (*name).to_owned(),
            phone: format!("+62812000000{n:02}"),
            ..pb::RegisterPersonRequest::default()
        }))
        .await?;
    }
    for (n, name, kind) in TERMS {
        api.add_value_term(admin(pb::AddValueTermRequest {
            context: key(format!("term-{n}")),
            term_id: id(TERM, *n),
            name: (*name).to_owned(),
            kind: *kind as i32,
            ..pb::AddValueTermRequest::default()
        }))
        .await?;
    }

    let module = |code: &str, title: &str, hours| pb::Module {
        code: code.to_owned(),
        title: title.to_owned(),
        hours,
    };
    api.define_programme(admin(pb::DefineProgrammeRequest {
        context: key("programme-1".into()),
        programme_id: id(PROGRAMME, 1),
        title: "Diklat Pendamping KUBE".to_owned(),
        description: "Pelatihan pendamping kelompok usaha bersama".to_owned(),
        method: pb::ProgrammeMethod::Training as i32,
        target_roles: vec![pb::PersonRole::PendampingKube as i32],
        modules: vec![
            module("KUBE-01", "Pembentukan dan kelembagaan KUBE", 8),
            module("KUBE-02", "Rencana usaha dan pembukuan", 8),
            module("KUBE-03", "Pendampingan dan IKS", 8),
        ],
        required_attendance_percent: 80,
        pass_mark: Some(70),
        certificate: Some(pb::CertificateSpec {
            name: "Sertifikat Pendamping KUBE".to_owned(),
            validity_months: 60,
        }),
    }))
    .await?;
    api.define_programme(admin(pb::DefineProgrammeRequest {
        context: key("programme-2".into()),
        programme_id: id(PROGRAMME, 2),
        title: "Bimbingan Teknis Pendamping PKH".to_owned(),
        method: pb::ProgrammeMethod::Mentoring as i32,
        target_roles: vec![pb::PersonRole::PendampingPkh as i32],
        modules: vec![module(
            "PKH-01",
            "Pertemuan peningkatan kemampuan keluarga",
            6,
        )],
        required_attendance_percent: 75,
        certificate: Some(pb::CertificateSpec {
            name: "Sertifikat Bimtek Pendamping PKH".to_owned(),
            validity_months: 24,
        }),
        ..pb::DefineProgrammeRequest::default()
    }))
    .await?;
    api.recognise_certificate(admin(pb::RecogniseCertificateRequest {
        context: key("certificate-trainer".into()),
        certificate_id: id(CERTIFICATE, 1),
        person_id: id(PERSON, 2),
        programme_id: id(PROGRAMME, 1),
        certificate_number: "LSPS/PEKSOS/0042/2026".to_owned(),
        issuing_body: "LSPS Pekerjaan Sosial".to_owned(),
        reference: "SK LSPS 12/2026".to_owned(),
        valid_from: "2026-01-01".to_owned(),
        valid_until: "2029-12-31".to_owned(),
    }))
    .await?;

    let cohort = id(COHORT, 1);
    let cohort_key = |step: &str| key(format!("cohort-1-{step}"));
    api.schedule_cohort(admin(pb::ScheduleCohortRequest {
        context: cohort_key("schedule"),
        cohort_id: cohort.clone(),
        programme_id: id(PROGRAMME, 1),
        name: "Angkatan I 2026 Surabaya".to_owned(),
        region_code: "35.78".to_owned(),
        venue: "Balai Besar Pelatihan Kesejahteraan Sosial".to_owned(),
        starts_on: "2026-09-01".to_owned(),
        ends_on: "2026-09-03".to_owned(),
        capacity: 30,
    }))
    .await?;
    api.assign_trainer(admin(pb::AssignTrainerRequest {
        context: cohort_key("trainer"),
        cohort_id: cohort.clone(),
        trainer_id: id(PERSON, 2),
    }))
    .await?;
    let participants = [id(PERSON, 3), id(PERSON, 4), id(PERSON, 5)];
    for (i, person) in participants.iter().enumerate() {
        api.enrol_participant(admin(pb::EnrolParticipantRequest {
            context: cohort_key(&format!("enrol-{i}")),
            cohort_id: cohort.clone(),
            person_id: person.clone(),
            enrolled_on: "2026-08-25".to_owned(),
        }))
        .await?;
    }
    for day in 1..=3u128 {
        let session = id(SESSION, day);
        api.schedule_session(admin(pb::ScheduleSessionRequest {
            context: cohort_key(&format!("session-{day}")),
            cohort_id: cohort.clone(),
            session_id: session.clone(),
            module_code: format!("KUBE-0{day}"),
            held_on: format!("2026-09-0{day}"),
            trainer_id: id(PERSON, 2),
        }))
        .await?;
        // The third participant attends the first day only.
        let present = if day == 1 {
            participants.to_vec()
        } else {
            participants[..2].to_vec()
        };
        api.record_attendance(admin(pb::RecordAttendanceRequest {
            context: cohort_key(&format!("attendance-{day}")),
            cohort_id: cohort.clone(),
            session_id: session,
            present_person_ids: present,
        }))
        .await?;
    }
    for (i, (person, score)) in participants.iter().zip([86, 74, 65]).enumerate() {
        api.record_assessment(admin(pb::RecordAssessmentRequest {
            context: cohort_key(&format!("assessment-{i}")),
            cohort_id: cohort.clone(),
            person_id: person.clone(),
            score,
            assessed_on: "2026-09-03".to_owned(),
        }))
        .await?;
    }
    api.complete_cohort(admin(pb::CompleteCohortRequest {
        context: cohort_key("complete"),
        cohort_id: cohort.clone(),
        completed_on: "2026-09-03".to_owned(),
    }))
    .await?;
    for (i, person) in participants[..2].iter().enumerate() {
        api.issue_certificate(admin(pb::IssueCertificateRequest {
            context: cohort_key(&format!("certificate-{i}")),
            certificate_id: id(CERTIFICATE, 10 + i as u128),
            cohort_id: cohort.clone(),
            person_id: person.clone(),
            certificate_number: format!("DIKLAT-KUBE/2026/{:03}", i + 1),
            issued_on: "2026-09-10".to_owned(),
        }))
        .await?;
    }

    let surabaya = wait_for_household(api, 1).await?;
    for n in 2..=4 {
        wait_for_household(api, n).await?;
    }
    let activities = [
        (
            1,
            pb::ActivityKind::GotongRoyong,
            pb::ActivityApproach::Practice,
            "Kerja bakti saluran air RW 03",
            vec![],
            vec![household(1), household(2), household(3)],
            vec![id(TERM, 1), id(TERM, 4)],
        ),
        (
            2,
            pb::ActivityKind::ReligiousGuidance,
            pb::ActivityApproach::Guidance,
            "Pengajian bulanan: amanah dalam usaha",
            vec![id(PERSON, 7)],
            vec![household(1), household(4)],
            vec![id(TERM, 2), id(TERM, 3)],
        ),
        (
            3,
            pb::ActivityKind::Jimpitan,
            pb::ActivityApproach::Practice,
            "Jimpitan beras untuk lansia",
            vec![],
            vec![household(2), household(3), household(4)],
            vec![id(TERM, 5), id(TERM, 1)],
        ),
    ];
    for (n, kind, approach, title, leaders, households, values) in activities {
        api.record_activity(admin(pb::RecordActivityRequest {
            context: key(format!("activity-{n}")),
            activity_id: id(ACTIVITY, n),
            kind: kind as i32,
            approach: approach as i32,
            title: title.to_owned(),
            place: Some(pb::record_activity_request::Place::Community(
                pb::CommunityGroup {
                    village_code: surabaya.clone(),
                    name: "RW 03".to_owned(),
                },
            )),
            held_on: format!("2026-10-0{n}"),
            leader_person_ids: leaders,
            household_ids: households,
            other_participants: 12,
            value_ids: values,
            notes: String::new(),
        }))
        .await?;
    }
    Ok(PEOPLE.len() + TERMS.len() + 2 + 1 + 3 + 3)
}
