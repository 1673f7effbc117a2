//! Strategy 6 over gRPC on both stores: a programme, its first trainer recognised, a
//! cohort trained only by a certified trainer, attendance and assessment, completion,
//! certificates only for those who completed, competencies, revocation, history.

use berdaya_proto::berdaya::capacity::v1 as pb;
use tonic::Code;

use crate::capacity::site::*;

async fn a_cohort_trains_and_certifies(site: &Site) {
    let mut admin = site.admin().await;
    let supervisor = site.token(&["supervisor"], "supervisor-budi");
    let caseworker = site.token(&["caseworker"], "staf-ani");
    let mut spv = site.capacity(&supervisor).await;
    let mut cw = site.capacity(&caseworker).await;

    let trainer = person(
        &mut admin,
        "p-trainer",
        pb::PersonRole::SocialWorker,
        "35",
        "Sri Wahyuni",
    )
    .await;
    let uncertified = person(
        &mut admin,
        "p-uncert",
        pb::PersonRole::SocialWorker,
        "35",
        "Bambang",
    )
    .await;
    let mut participants = Vec::new();
    for (i, name) in ["Agus", "Dewi", "Joko"].iter().enumerate() {
        participants.push(
            person(
                &mut cw,
                &format!("p-{i}"),
                pb::PersonRole::PendampingKube,
                "35.78",
                name,
            )
            .await,
        );
    }

    // Programmes are the supervisors' to define.
    let refused = cw
        .define_programme(programme_request("prog-cw"))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied);
    let programme = spv
        .define_programme(programme_request("prog-1"))
        .await
        .expect("define programme")
        .into_inner()
        .programme
        .expect("programme");
    assert_eq!(programme.terms_version, 1);
    let programme_id = programme.programme_id.clone();

    let until = (today() + chrono::Duration::days(300))
        .format("%Y-%m-%d")
        .to_string();
    let recognised = spv
        .recognise_certificate(pb::RecogniseCertificateRequest {
            context: context("recognise-1"),
            certificate_id: String::new(),
            person_id: trainer.clone(),
            programme_id: programme_id.clone(),
            certificate_number: "LSPS/0042/2025".to_owned(),
            issuing_body: "LSPS Pekerjaan Sosial".to_owned(),
            reference: "SK LSPS 12/2025".to_owned(),
            valid_from: days_ago(100),
            valid_until: until,
        })
        .await
        .expect("recognise the first trainer's certificate")
        .into_inner()
        .certificate
        .expect("certificate");
    assert_eq!(recognised.standing, pb::CertificateStanding::Valid as i32);

    let cohort = cw
        .schedule_cohort(pb::ScheduleCohortRequest {
            context: context("cohort-1"),
            cohort_id: String::new(),
            programme_id: programme_id.clone(),
            name: "Angkatan I Surabaya".to_owned(),
            region_code: "35.78".to_owned(),
            venue: "Balai Diklat".to_owned(),
            starts_on: days_ago(20),
            ends_on: days_ago(16),
            capacity: 10,
        })
        .await
        .expect("schedule cohort")
        .into_inner()
        .cohort
        .expect("cohort");
    let cohort_id = cohort.cohort_id.clone();
    assert_eq!(cohort.status, pb::CohortStatus::Scheduled as i32);

    // Training of trainers: a person with no certificate for the programme is refused.
    let refused = cw
        .assign_trainer(pb::AssignTrainerRequest {
            context: context("trainer-uncert"),
            cohort_id: cohort_id.clone(),
            trainer_id: uncertified.clone(),
        })
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::FailedPrecondition, "{refused:?}");
    assert_eq!(rule_fields(&refused), ["trainer_id"]);
    let staffed = cw
        .assign_trainer(pb::AssignTrainerRequest {
            context: context("trainer-1"),
            cohort_id: cohort_id.clone(),
            trainer_id: trainer.clone(),
        })
        .await
        .expect("a certified trainer")
        .into_inner()
        .cohort
        .expect("cohort");
    assert_eq!(
        staffed.trainers[0].certificate_id,
        recognised.certificate_id
    );

    for (i, p) in participants.iter().enumerate() {
        cw.enrol_participant(pb::EnrolParticipantRequest {
            context: context(&format!("enrol-{i}")),
            cohort_id: cohort_id.clone(),
            person_id: p.clone(),
            enrolled_on: days_ago(25),
        })
        .await
        .expect("enrol");
    }
    // Five sessions; the first participant attends all, the second four (80 % meets
    // the share exactly), the third three (60 %).
    for day in 0..5 {
        let session = cw
            .schedule_session(pb::ScheduleSessionRequest {
                context: context(&format!("session-{day}")),
                cohort_id: cohort_id.clone(),
                session_id: String::new(),
                module_code: format!("M{}", day + 1),
                held_on: days_ago(20 - day),
                trainer_id: trainer.clone(),
            })
            .await
            .expect("schedule session")
            .into_inner()
            .cohort
            .expect("cohort")
            .sessions
            .last()
            .expect("session")
            .session_id
            .clone();
        let present: Vec<String> = participants
            .iter()
            .enumerate()
            .filter(|(i, _)| *i == 0 || (*i == 1 && day < 4) || (*i == 2 && day < 3))
            .map(|(_, p)| p.clone())
            .collect();
        cw.record_attendance(pb::RecordAttendanceRequest {
            context: context(&format!("attendance-{day}")),
            cohort_id: cohort_id.clone(),
            session_id: session,
            present_person_ids: present,
        })
        .await
        .expect("attendance");
    }
    for (i, (p, score)) in participants.iter().zip([90, 70, 95]).enumerate() {
        cw.record_assessment(pb::RecordAssessmentRequest {
            context: context(&format!("assess-{i}")),
            cohort_id: cohort_id.clone(),
            person_id: p.clone(),
            score,
            assessed_on: days_ago(16),
        })
        .await
        .expect("assessment");
    }
    let completed = cw
        .complete_cohort(pb::CompleteCohortRequest {
            context: context("complete-1"),
            cohort_id: cohort_id.clone(),
            completed_on: days_ago(15),
        })
        .await
        .expect("complete")
        .into_inner()
        .cohort
        .expect("cohort");
    assert_eq!(completed.status, pb::CohortStatus::Completed as i32);
    let statuses: Vec<i32> = completed.participants.iter().map(|p| p.status).collect();
    assert_eq!(
        statuses,
        [
            pb::ParticipantStatus::Completed as i32,
            pb::ParticipantStatus::Completed as i32,
            pb::ParticipantStatus::NotCompleted as i32
        ]
    );
    assert_eq!(
        completed.participants[2].not_completed_reasons,
        [pb::NotCompletedReason::AttendanceBelowRequired as i32]
    );
    assert_eq!(completed.participants[1].attendance_percent, 80);

    // No certificate without completion.
    let issue = |key: &str, person: &str, number: &str| pb::IssueCertificateRequest {
        context: context(key),
        certificate_id: String::new(),
        cohort_id: cohort_id.clone(),
        person_id: person.to_owned(),
        certificate_number: number.to_owned(),
        issued_on: days_ago(10),
    };
    let refused = cw
        .issue_certificate(issue("issue-2", &participants[2], "DK/003"))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::FailedPrecondition);
    assert_eq!(rule_fields(&refused), ["person_id"]);
    let certificate = cw
        .issue_certificate(issue("issue-0", &participants[0], "DK/001"))
        .await
        .expect("issue to a participant who completed")
        .into_inner()
        .certificate
        .expect("certificate");
    assert_eq!(certificate.certificate_number, "DK/001");
    // One number, one certificate.
    let refused = cw
        .issue_certificate(issue("issue-1-dup", &participants[1], "DK/001"))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::AlreadyExists);
    assert_eq!(bad_fields(&refused), ["certificate_number"]);

    let competencies = cw
        .get_person_competencies(pb::GetPersonCompetenciesRequest {
            person_id: participants[0].clone(),
            as_of: String::new(),
        })
        .await
        .expect("competencies")
        .into_inner();
    assert_eq!(competencies.competencies.len(), 1);
    let competency = &competencies.competencies[0];
    assert_eq!(competency.level, pb::CompetencyLevel::Certified as i32);
    assert_eq!(competency.programme_title, "Diklat Pendamping KUBE");
    assert_eq!(competency.cohorts_completed, 1);
    // Standing is given for the day asked about: before issue it was not valid yet.
    let before = cw
        .get_certificate(pb::GetCertificateRequest {
            certificate_id: certificate.certificate_id.clone(),
            as_of: days_ago(30),
        })
        .await
        .expect("get certificate")
        .into_inner();
    assert_eq!(before.standing, pb::CertificateStanding::NotYetValid as i32);
    let listed = cw
        .list_certificates(pb::ListCertificatesRequest {
            holder_id: participants[0].clone(),
            as_of: (today() + chrono::Duration::days(365))
                .format("%Y-%m-%d")
                .to_string(),
            ..pb::ListCertificatesRequest::default()
        })
        .await
        .expect("list certificates")
        .into_inner();
    assert_eq!(listed.certificates.len(), 1);
    assert_eq!(
        listed.certificates[0].standing,
        pb::CertificateStanding::Valid as i32
    );

    let cohorts = cw
        .list_cohorts(pb::ListCohortsRequest {
            programme_id: programme_id.clone(),
            status: pb::CohortStatus::Completed as i32,
            region_prefix: "35.78".to_owned(),
            page: None,
        })
        .await
        .expect("list cohorts")
        .into_inner()
        .cohorts;
    assert_eq!(cohorts.len(), 1);
    assert_eq!((cohorts[0].participants, cohorts[0].completed), (3, 2));

    let revoked = spv
        .revoke_certificate(pb::RevokeCertificateRequest {
            context: context("revoke-0"),
            certificate_id: certificate.certificate_id.clone(),
            revoked_on: days_ago(1),
            reason: pb::RevocationReason::IssuedInError as i32,
            note: "nomor salah cetak".to_owned(),
        })
        .await
        .expect("revoke")
        .into_inner()
        .certificate
        .expect("certificate");
    assert_eq!(revoked.standing, pb::CertificateStanding::Revoked as i32);

    // Erasing the holder makes the certificate's number unreadable; it still counts.
    admin
        .erase_personal_data(pb::ErasePersonalDataRequest {
            context: context("erase-holder"),
            person_id: participants[0].clone(),
            reason: "permintaan subjek data".to_owned(),
        })
        .await
        .expect("erase the holder");
    let read = cw
        .get_certificate(pb::GetCertificateRequest {
            certificate_id: certificate.certificate_id.clone(),
            as_of: String::new(),
        })
        .await
        .expect("get certificate")
        .into_inner();
    assert_eq!(read.certificate_number, "");
    assert!(read.personal_data_erased);
    assert_eq!(read.standing, pb::CertificateStanding::Revoked as i32);
    let chain = cw
        .verify_certificate_history(pb::VerifyCertificateHistoryRequest {
            certificate_id: certificate.certificate_id.clone(),
        })
        .await
        .expect("verify")
        .into_inner();
    assert!(chain.intact);

    let verified = cw
        .verify_cohort_history(pb::VerifyCohortHistoryRequest {
            cohort_id: cohort_id.clone(),
        })
        .await
        .expect("verify")
        .into_inner();
    assert!(verified.intact);
    assert!(verified.events > 10, "{verified:?}");
    let mut history = cw
        .stream_certificate_history(pb::StreamCertificateHistoryRequest {
            certificate_id: certificate.certificate_id.clone(),
        })
        .await
        .expect("history")
        .into_inner();
    let mut types = Vec::new();
    while let Some(event) = history.message().await.expect("event") {
        types.push(event.event_type);
    }
    assert_eq!(
        types,
        [
            "berdaya.capacity.v1.CertificateIssued",
            "berdaya.capacity.v1.CertificateRevoked"
        ]
    );
}

#[tokio::test]
async fn a_cohort_trains_and_certifies_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    a_cohort_trains_and_certifies(&Site::up(dir.path())).await;
}

#[tokio::test]
async fn a_cohort_trains_and_certifies_on_postgres() {
    a_cohort_trains_and_certifies(&Site::distributed()).await;
}
