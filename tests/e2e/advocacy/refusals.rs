//! Bad inputs and illegal transitions: the right code, the field at fault, and nothing
//! written (the case's version, or the list of cases, is unchanged).

use berdaya_proto::berdaya::advocacy::v1 as pb;
use tonic::Code;

use crate::advocacy::site::*;
use crate::common::fixtures::{bad_fields, rule_fields};

async fn bad_inputs_and_illegal_transitions_are_refused(site: Site) {
    let h1 = site.household(11, VILLAGE).await;
    let mut admin = site.admin().await;
    let mut ani = site.client(&["caseworker"], "pendamping-ani").await;
    let case = reported(&mut ani, "refuse-report", std::slice::from_ref(&h1)).await;
    let id = case.case_id.clone();

    // Resolve before assessment.
    let status = ani
        .resolve_case(pb::ResolveCaseRequest {
            context: context("refuse-resolve-early"),
            case_id: id.clone(),
            resolved_on: days_ago(1),
            remedy: "aktif kembali".to_owned(),
            restored: vec![pb::RestoredAccess {
                household_id: h1.clone(),
                regained_on: days_ago(1),
            }],
        })
        .await
        .expect_err("resolving a reported case");
    assert_eq!(status.code(), Code::FailedPrecondition, "{status:?}");
    assert_eq!(rule_fields(&status), ["case_id"]);
    assert_eq!(version(&mut admin, &id).await, 1, "nothing written");

    // Reopen without a reason: the field, before anything else.
    let status = ani
        .reopen_case(pb::ReopenCaseRequest {
            context: context("refuse-reopen-blank"),
            case_id: id.clone(),
            reopened_on: days_ago(1),
            reason: "   ".to_owned(),
        })
        .await
        .expect_err("reopen without a reason");
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(bad_fields(&status), ["reason"]);

    // Reopen an open case.
    let status = ani
        .reopen_case(pb::ReopenCaseRequest {
            context: context("refuse-reopen-open"),
            case_id: id.clone(),
            reopened_on: days_ago(1),
            reason: "dibuka lagi".to_owned(),
        })
        .await
        .expect_err("reopen an open case");
    assert_eq!(status.code(), Code::FailedPrecondition);

    // Act on a closed case.
    ani.close_case_unresolved(pb::CloseCaseUnresolvedRequest {
        context: context("refuse-close"),
        case_id: id.clone(),
        closed_on: days_ago(2),
        reason: "pelapor tidak dapat dihubungi".to_owned(),
    })
    .await
    .expect("close");
    let closed_version = version(&mut admin, &id).await;
    let status = ani
        .assess_case(assess("refuse-assess-closed", &id, 1))
        .await
        .expect_err("assess a closed case");
    assert_eq!(status.code(), Code::FailedPrecondition);
    assert!(status.message().contains("reopen"), "{status:?}");
    let status = ani
        .take_action(act("refuse-act-closed", &id, std::slice::from_ref(&h1), 1))
        .await
        .expect_err("an action on a closed case");
    assert_eq!(status.code(), Code::FailedPrecondition);
    assert_eq!(rule_fields(&status), ["case_id"]);
    let status = ani
        .add_note(pb::AddNoteRequest {
            context: context("refuse-note-closed"),
            case_id: id.clone(),
            text: "catatan".to_owned(),
            ..Default::default()
        })
        .await
        .expect_err("a note on a closed case");
    assert_eq!(status.code(), Code::FailedPrecondition);
    assert_eq!(
        version(&mut admin, &id).await,
        closed_version,
        "nothing written"
    );

    // An unknown household, an unknown right, a household outside the caller's regions,
    // a region outside them: no case is recorded.
    let unknown = uuid::Uuid::now_v7().to_string();
    let status = ani
        .report_case(report(
            "refuse-unknown-household",
            std::slice::from_ref(&unknown),
            3,
        ))
        .await
        .expect_err("an unknown household");
    assert_eq!(status.code(), Code::NotFound);
    assert!(status.message().contains("household_ids[0]"), "{status:?}");
    let mut bad_right = report("refuse-right", std::slice::from_ref(&h1), 3);
    bad_right.right_code = "free_wifi".to_owned();
    let status = ani
        .report_case(bad_right)
        .await
        .expect_err("an unknown right");
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(bad_fields(&status), ["right_code"]);
    let malang = site.token(&["caseworker"], &["35.07"], "pendamping-malang");
    let mut malang = site.host().advocacy(&malang).await;
    let status = malang
        .report_case(report("refuse-outside", std::slice::from_ref(&h1), 3))
        .await
        .expect_err("a household outside the caller's regions");
    assert_eq!(
        status.code(),
        Code::NotFound,
        "answered as unknown: {status:?}"
    );
    let mut elsewhere = report("refuse-region", std::slice::from_ref(&h1), 3);
    elsewhere.region_code = "35.78".to_owned();
    let status = malang
        .report_case(elsewhere)
        .await
        .expect_err("a region outside the caller's regions");
    assert_eq!(status.code(), Code::PermissionDenied);
    assert!(status.message().contains("region_code"), "{status:?}");
    let status = malang
        .get_case(pb::GetCaseRequest {
            case_id: id.clone(),
        })
        .await
        .expect_err("a case outside the caller's regions");
    assert_eq!(status.code(), Code::NotFound);

    // Every bad field at once, before any lookup.
    let status = ani
        .report_case(pb::ReportCaseRequest {
            context: context("refuse-fields"),
            household_ids: vec!["not-an-id".to_owned()],
            reported_on: "2099-01-01".to_owned(),
            reporter_phone: "12".to_owned(),
            ..Default::default()
        })
        .await
        .expect_err("a malformed report");
    assert_eq!(status.code(), Code::InvalidArgument);
    let fields = bad_fields(&status);
    for field in [
        "household_ids[0]",
        "right_code",
        "summary",
        "responsible",
        "channel",
        "urgency",
        "reported_on",
        "reporter_phone",
        "description",
    ] {
        assert!(fields.iter().any(|f| f == field), "{field} in {fields:?}");
    }

    // Roles: auditors never write; only supervisors change the team.
    let mut auditor = site.client(&["auditor"], "auditor-inspektorat").await;
    let status = auditor
        .report_case(report("refuse-auditor", std::slice::from_ref(&h1), 3))
        .await
        .expect_err("an auditor writing");
    assert_eq!(status.code(), Code::PermissionDenied);
    let status = ani
        .assign_caseworker(pb::AssignCaseworkerRequest {
            context: context("refuse-assign"),
            case_id: id.clone(),
            caseworker_id: "pendamping-budi".to_owned(),
            assigned_on: days_ago(1),
        })
        .await
        .expect_err("a caseworker changing the team");
    assert_eq!(status.code(), Code::PermissionDenied);

    // Only the first report of the household stands.
    let cases = admin
        .list_household_cases(pb::ListHouseholdCasesRequest {
            household_id: h1,
            page: None,
        })
        .await
        .expect("household cases")
        .into_inner()
        .cases;
    assert_eq!(cases.len(), 1, "no refused report was recorded");
}

on_both_stores!(
    bad_inputs_and_illegal_transitions_are_refused,
    bad_inputs_and_illegal_transitions_are_refused_on_sqlite,
    bad_inputs_and_illegal_transitions_are_refused_on_postgres
);
