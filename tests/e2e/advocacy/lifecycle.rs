//! A case from report to resolution, reopening and erasure, on both stores: every step
//! over gRPC, the answers checked against what a caseworker would see.

use berdaya_proto::berdaya::advocacy::v1 as pb;
use tokio_stream::StreamExt;

use crate::advocacy::site::*;

/// The ids of the cases overdue today in `prefix`.
async fn overdue(client: &mut Client, prefix: &str) -> Vec<String> {
    client
        .list_cases(pb::ListCasesRequest {
            region_prefix: prefix.to_owned(),
            overdue_only: true,
            ..Default::default()
        })
        .await
        .expect("list overdue")
        .into_inner()
        .cases
        .into_iter()
        .map(|c| c.case_id)
        .collect()
}

async fn a_case_runs_its_whole_lifecycle(site: Site) {
    let h1 = site.household(1, VILLAGE).await;
    let h2 = site.household(2, VILLAGE).await;
    let h3 = site.household(3, VILLAGE).await;
    let mut admin = site.admin().await;
    let mut ani = site.client(&["caseworker"], "pendamping-ani").await;

    // Reported by a caseworker for two households; the region is the village they share.
    let case = ani
        .report_case(report("life-report", &[h1.clone(), h2.clone()], 10))
        .await
        .expect("report")
        .into_inner();
    let reported = case.case.expect("case");
    let id = reported.case_id.clone();
    assert_eq!(reported.status, pb::CaseStatus::Reported as i32);
    assert_eq!(reported.region_code, VILLAGE);
    assert_eq!(reported.right_label_id, "Jaminan kesehatan (PBI-JK / KIS)");
    assert_eq!(reported.households.len(), 2);
    let personal = reported.personal.expect("personal data");
    assert_eq!(personal.reporter_name, "Siti Aminah");
    let deadlines = reported.deadlines.expect("deadlines");
    assert!(
        deadlines.overdue,
        "an urgent case 10 days without action is overdue"
    );
    assert_eq!(
        deadlines.first_action.expect("first action").status,
        pb::TargetStatus::Overdue as i32
    );

    assert_eq!(
        overdue(&mut admin, "35.78").await,
        std::slice::from_ref(&id)
    );
    assert_eq!(
        overdue(&mut admin, "35").await,
        std::slice::from_ref(&id),
        "at every level"
    );
    assert!(overdue(&mut admin, "35.78.02").await.is_empty());

    // A retry with the same key is answered from the first command's events.
    let retry = ani
        .report_case(report("life-report", &[h1.clone(), h2.clone()], 10))
        .await
        .expect("retry")
        .into_inner();
    assert_eq!(retry.event_ids, case.event_ids);
    assert_eq!(retry.case.expect("case").case_id, id);

    ani.assess_case(assess("life-assess", &id, 9))
        .await
        .expect("assess");
    ani.add_households(pb::AddHouseholdsRequest {
        context: context("life-add"),
        case_id: id.clone(),
        household_ids: vec![h3.clone()],
        added_on: days_ago(9),
    })
    .await
    .expect("add a household found affected");
    ani.adopt_action_plan(plan("life-plan", &id, 8))
        .await
        .expect("plan");
    let acted = ani
        .take_action(act("life-act", &id, &[h1.clone(), h3.clone()], 7))
        .await
        .expect("act")
        .into_inner()
        .case
        .expect("case");
    assert_eq!(acted.status, pb::CaseStatus::InAction as i32);
    assert_eq!(acted.actions[0].household_ids, vec![h1.clone(), h3.clone()]);
    let escalated = ani
        .escalate_case(pb::EscalateCaseRequest {
            context: context("life-escalate"),
            case_id: id.clone(),
            to: pb::EscalationLevel::Regency as i32,
            reason: "desa tidak berwenang atas kepesertaan PBI-JK".to_owned(),
            escalated_on: days_ago(6),
        })
        .await
        .expect("escalate")
        .into_inner()
        .case
        .expect("case");
    assert_eq!(escalated.level, pb::EscalationLevel::Regency as i32);
    ani.await_reporter(pb::AwaitReporterRequest {
        context: context("life-await"),
        case_id: id.clone(),
        since: days_ago(6),
        reason: "menunggu fotokopi KK".to_owned(),
    })
    .await
    .expect("await the reporter");
    ani.record_reporter_response(pb::RecordReporterResponseRequest {
        context: context("life-respond"),
        case_id: id.clone(),
        responded_on: days_ago(4),
    })
    .await
    .expect("the reporter responded");
    let resolved = ani
        .resolve_case(pb::ResolveCaseRequest {
            context: context("life-resolve"),
            case_id: id.clone(),
            resolved_on: days_ago(3),
            remedy: "PBI-JK aktif kembali".to_owned(),
            restored: vec![
                pb::RestoredAccess {
                    household_id: h1.clone(),
                    regained_on: days_ago(3),
                },
                pb::RestoredAccess {
                    household_id: h2.clone(),
                    regained_on: days_ago(4),
                },
            ],
        })
        .await
        .expect("resolve")
        .into_inner()
        .case
        .expect("case");
    assert_eq!(resolved.status, pb::CaseStatus::Resolved as i32);
    assert_eq!(resolved.households[1].access_regained_on, days_ago(4));
    assert_eq!(resolved.households[2].access_regained_on, "");
    let d = resolved.deadlines.expect("deadlines");
    assert_eq!(
        d.days_paused, 2,
        "the wait on the reporter paused the clock"
    );
    assert_eq!(
        d.resolution.expect("resolution").status,
        pb::TargetStatus::Met as i32
    );
    assert!(!d.overdue);
    assert!(
        overdue(&mut admin, "35.78").await.is_empty(),
        "resolved in time"
    );

    // Closed cases leave the default list; the right and status filters find it.
    let open = admin
        .list_cases(pb::ListCasesRequest {
            region_prefix: "35.78".to_owned(),
            ..Default::default()
        })
        .await
        .expect("list")
        .into_inner()
        .cases;
    assert!(open.iter().all(|c| c.case_id != id));
    let listed = admin
        .list_cases(pb::ListCasesRequest {
            region_prefix: "35.78".to_owned(),
            right_code: "health_insurance".to_owned(),
            status: pb::CaseStatus::Resolved as i32,
            ..Default::default()
        })
        .await
        .expect("list resolved")
        .into_inner()
        .cases;
    assert_eq!(
        listed
            .iter()
            .map(|c| c.case_id.as_str())
            .collect::<Vec<_>>(),
        [id.as_str()]
    );
    let of_household = admin
        .list_household_cases(pb::ListHouseholdCasesRequest {
            household_id: h3.clone(),
            page: None,
        })
        .await
        .expect("household cases")
        .into_inner()
        .cases;
    assert_eq!(
        of_household.len(),
        1,
        "the household added later is indexed"
    );

    let reopened = ani
        .reopen_case(pb::ReopenCaseRequest {
            context: context("life-reopen"),
            case_id: id.clone(),
            reopened_on: days_ago(2),
            reason: "kartu dinonaktifkan lagi".to_owned(),
        })
        .await
        .expect("reopen")
        .into_inner()
        .case
        .expect("case");
    assert_eq!(reopened.status, pb::CaseStatus::Planned as i32);

    // The timeline tells the story; the chain is intact.
    let timeline = admin
        .get_case_timeline(pb::GetCaseTimelineRequest {
            case_id: id.clone(),
        })
        .await
        .expect("timeline")
        .into_inner();
    assert_eq!(
        timeline.entries.len(),
        11,
        "10 events and the document assessed"
    );
    assert!(matches!(
        &timeline.entries[2].entry,
        Some(pb::timeline_entry::Entry::EvidenceAdded(e)) if e.sha256 == "ab".repeat(32)
    ));
    assert_eq!(timeline.entries[2].version, 2, "part of the assessment");
    assert_eq!(timeline.entries[0].actor, "pendamping-ani");
    assert!(matches!(
        timeline.entries[0].entry,
        Some(pb::timeline_entry::Entry::Reported(_))
    ));
    assert_eq!(timeline.entries[0].on, days_ago(10));
    let verified = admin
        .verify_case_history(pb::VerifyCaseHistoryRequest {
            case_id: id.clone(),
        })
        .await
        .expect("verify")
        .into_inner();
    assert!(verified.intact);
    assert_eq!(verified.events, 10);
    let history: Vec<_> = admin
        .stream_case_history(pb::StreamCaseHistoryRequest {
            case_id: id.clone(),
        })
        .await
        .expect("history")
        .into_inner()
        .collect()
        .await;
    assert_eq!(history.len(), 10);

    // Erasure forgets the reporter and the facts; the history stays intact.
    let erased = admin
        .erase_case_personal_data(pb::EraseCasePersonalDataRequest {
            context: context("life-erase"),
            case_id: id.clone(),
            reason: "permintaan subjek data".to_owned(),
        })
        .await
        .expect("erase")
        .into_inner()
        .case
        .expect("case");
    assert!(erased.personal_data_erased);
    assert_eq!(erased.personal, None);
    assert_eq!(erased.assessment.expect("assessment").facts, "");
    let after = admin
        .get_case(pb::GetCaseRequest {
            case_id: id.clone(),
        })
        .await
        .expect("get")
        .into_inner();
    assert_eq!(after.personal, None);
    let verified = admin
        .verify_case_history(pb::VerifyCaseHistoryRequest { case_id: id })
        .await
        .expect("verify")
        .into_inner();
    assert!(verified.intact);
}

on_both_stores!(
    a_case_runs_its_whole_lifecycle,
    a_case_runs_its_whole_lifecycle_on_sqlite,
    a_case_runs_its_whole_lifecycle_on_postgres
);
