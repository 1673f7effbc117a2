//! Bad inputs and maker-checker over gRPC, on both stores: each refusal has its code
//! and field, and records nothing.

use berdaya_proto::berdaya::enterprise::v1 as pb;
use tonic::Code;

use crate::enterprise::site::*;

/// Each bad input gets its code and field, and changes nothing.
async fn bad_inputs(site: &Site) {
    let households = registered(site, 1..=6).await;
    let host = site.enterprise_host();
    let mut client = host.enterprise(&host.admin_token).await;
    let group = client
        .form_group(form_request("form-ok", &households[..5]))
        .await
        .expect("form")
        .into_inner()
        .group
        .expect("group");
    let id = group.group_id.clone();
    client
        .record_group_account(pb::RecordGroupAccountRequest {
            context: context("account"),
            group_id: id.clone(),
            bank_name: "BRI".to_owned(),
            account_number: "0123456789".to_owned(),
            opened_on: days_ago(50),
        })
        .await
        .expect("account");
    let grant_id = client
        .award_grant(pb::AwardGrantRequest {
            context: context("grant"),
            group_id: id.clone(),
            scheme: pb::GrantScheme::Blps as i32,
            scheme_name: String::new(),
            amount: 5_000_000,
            awarded_on: days_ago(50),
            conditions: vec![],
            reference: String::new(),
        })
        .await
        .expect("grant")
        .into_inner()
        .group
        .expect("group")
        .grants[0]
        .grant_id
        .clone();
    let before = version(&mut client, &id).await;

    // Too many members: 21, none of them registered (the count is checked first).
    let many: Vec<String> = (0..21).map(|_| uuid::Uuid::now_v7().to_string()).collect();
    let status = client
        .form_group(form_request("too-many", &many))
        .await
        .expect_err("21 members");
    assert_eq!(
        (status.code(), field(&status).as_str()),
        (Code::InvalidArgument, "member_household_ids")
    );

    // An unknown household (the first member is free to join; the second is unknown).
    let mut members = vec![households[5].clone()];
    members.extend((0..4).map(|_| uuid::Uuid::now_v7().to_string()));
    let status = client
        .form_group(form_request("unknown", &members))
        .await
        .expect_err("unknown household");
    assert_eq!(
        (status.code(), field(&status).as_str()),
        (Code::FailedPrecondition, "member_household_ids[1]")
    );
    assert!(
        status
            .message()
            .contains("not known to the enterprise service"),
        "{status:?}"
    );

    // A household already in an active group.
    let mut members = vec![households[5].clone()];
    members.extend(households[..4].iter().cloned());
    let status = client
        .form_group(form_request("taken", &members))
        .await
        .expect_err("member of another group");
    assert_eq!(
        (status.code(), field(&status).as_str()),
        (Code::AlreadyExists, "member_household_ids[1]")
    );

    // A tranche over the award.
    let status = client
        .disburse_tranche(pb::DisburseTrancheRequest {
            context: context("tranche-over"),
            group_id: id.clone(),
            grant_id,
            amount: 5_000_001,
            disbursed_on: days_ago(1),
            reference: "TRF-9".to_owned(),
        })
        .await
        .expect_err("over the award");
    assert_eq!(
        (status.code(), field(&status).as_str()),
        (Code::FailedPrecondition, "amount")
    );

    // Negative revenue.
    let status = client
        .report_progress(pb::ReportProgressRequest {
            context: context("negative"),
            group_id: id.clone(),
            month: last_month(),
            revenue: -1,
            costs: 0,
            capital: 0,
            split: None,
            reported_on: days_ago(0),
            note: String::new(),
        })
        .await
        .expect_err("negative revenue");
    assert_eq!(
        (status.code(), field(&status).as_str()),
        (Code::InvalidArgument, "revenue")
    );

    // An assessment without scores.
    let status = client
        .propose_stage_change(pb::ProposeStageChangeRequest {
            context: context("propose"),
            group_id: id.clone(),
            to_stage: pb::Stage::Berkembang as i32,
            proposed_on: String::new(),
            assessment: Some(pb::Assessment {
                assessor: "pendamping-ani".to_owned(),
                assessed_on: days_ago(1),
                evidence: "visit".to_owned(),
                scores: vec![],
            }),
        })
        .await
        .expect_err("no scores");
    assert_eq!(
        (status.code(), field(&status).as_str()),
        (Code::InvalidArgument, "assessment.scores")
    );

    // A caseworker may not decide stage changes at all.
    let caseworker = site.token(&["caseworker"], "cw-1");
    let status = host
        .enterprise(&caseworker)
        .await
        .approve_stage_change(pb::ApproveStageChangeRequest {
            context: context("cw-approve"),
            group_id: id.clone(),
            proposal_id: uuid::Uuid::now_v7().to_string(),
            approved_on: days_ago(0),
            note: String::new(),
        })
        .await
        .expect_err("caseworker approves");
    assert_eq!(status.code(), Code::PermissionDenied);
    assert_eq!(
        version(&mut client, &id).await,
        before,
        "nothing was recorded"
    );
}

#[tokio::test]
async fn bad_input_gets_the_right_code_and_field_and_changes_nothing_on_sqlite() {
    let dir = tempfile::tempdir().expect("tempdir");
    bad_inputs(&Site::up(dir.path())).await;
}

#[tokio::test]
async fn bad_input_gets_the_right_code_and_field_and_changes_nothing_on_postgresql() {
    bad_inputs(&Site::postgres()).await;
}

#[tokio::test]
async fn a_supervisor_cannot_approve_their_own_stage_proposal_on_sqlite() {
    let dir = tempfile::tempdir().expect("tempdir");
    self_approval(&Site::up(dir.path())).await;
}

#[tokio::test]
async fn a_supervisor_cannot_approve_their_own_stage_proposal_on_postgresql() {
    self_approval(&Site::postgres()).await;
}

/// Maker-checker over gRPC: a supervisor who proposed cannot approve; another can.
async fn self_approval(site: &Site) {
    let households = registered(site, 1..=5).await;
    let host = site.enterprise_host();
    let maker = site.token(&["supervisor"], "supervisor-maker");
    let checker = site.token(&["supervisor"], "supervisor-checker");
    let mut maker = host.enterprise(&maker).await;
    let id = maker
        .form_group(form_request("form", &households))
        .await
        .expect("form")
        .into_inner()
        .group
        .expect("group")
        .group_id;
    let scores = [
        pb::Criterion::RisingProfit,
        pb::Criterion::RisingCapital,
        pb::Criterion::IksShared,
        pb::Criterion::BusinessTies,
    ];
    // Tumbuh cannot jump to Maju/Mandiri.
    let jump = maker
        .propose_stage_change(pb::ProposeStageChangeRequest {
            context: context("jump"),
            group_id: id.clone(),
            to_stage: pb::Stage::MajuMandiri as i32,
            proposed_on: String::new(),
            assessment: Some(pb::Assessment {
                assessor: "pendamping-ani".to_owned(),
                assessed_on: days_ago(1),
                evidence: "visit".to_owned(),
                scores: scores
                    .iter()
                    .map(|c| pb::CriterionScore {
                        criterion: *c as i32,
                        score: 90,
                        note: String::new(),
                    })
                    .collect(),
            }),
        })
        .await
        .expect_err("skip a stage");
    assert_eq!(
        (jump.code(), field(&jump).as_str()),
        (Code::FailedPrecondition, "to_stage")
    );

    // With a facilitator, a board, a tranche and a shared profit, Berkembang is earned.
    let board = pb::ElectBoardRequest {
        context: context("board"),
        group_id: id.clone(),
        chair_household_id: households[0].clone(),
        secretary_household_id: households[1].clone(),
        treasurer_household_id: households[2].clone(),
        elected_on: days_ago(50),
        note: String::new(),
    };
    maker.elect_board(board).await.expect("board");
    maker
        .assign_facilitator(pb::AssignFacilitatorRequest {
            context: context("facilitator"),
            group_id: id.clone(),
            facilitator_id: "pendamping-ani".to_owned(),
            assigned_on: days_ago(50),
        })
        .await
        .expect("facilitator");
    maker
        .record_group_account(pb::RecordGroupAccountRequest {
            context: context("account"),
            group_id: id.clone(),
            bank_name: "BRI".to_owned(),
            account_number: "0123456789".to_owned(),
            opened_on: days_ago(50),
        })
        .await
        .expect("account");
    let grant = maker
        .award_grant(pb::AwardGrantRequest {
            context: context("grant"),
            group_id: id.clone(),
            scheme: pb::GrantScheme::Other as i32,
            scheme_name: "CSR Bank Jatim".to_owned(),
            amount: 10_000_000,
            awarded_on: days_ago(50),
            conditions: vec![],
            reference: String::new(),
        })
        .await
        .expect("grant")
        .into_inner()
        .group
        .expect("group")
        .grants[0]
        .grant_id
        .clone();
    maker
        .disburse_tranche(pb::DisburseTrancheRequest {
            context: context("tranche"),
            group_id: id.clone(),
            grant_id: grant,
            amount: 10_000_000,
            disbursed_on: days_ago(49),
            reference: "TRF-1".to_owned(),
        })
        .await
        .expect("tranche");
    maker
        .report_progress(pb::ReportProgressRequest {
            context: context("report"),
            group_id: id.clone(),
            month: last_month(),
            revenue: 2_000_000,
            costs: 1_000_000,
            capital: 10_500_000,
            split: Some(pb::ProfitSplit {
                capital: 500_000,
                member_welfare: 400_000,
                iks: 100_000,
            }),
            reported_on: days_ago(0),
            note: String::new(),
        })
        .await
        .expect("report");
    let criteria = [
        pb::Criterion::FacilitatorAssigned,
        pb::Criterion::BoardFormed,
        pb::Criterion::GrantReceived,
        pb::Criterion::ActivityStarted,
        pb::Criterion::ProfitShared,
    ];
    let proposed = maker
        .propose_stage_change(pb::ProposeStageChangeRequest {
            context: context("propose"),
            group_id: id.clone(),
            to_stage: pb::Stage::Berkembang as i32,
            proposed_on: String::new(),
            assessment: Some(pb::Assessment {
                assessor: "pendamping-ani".to_owned(),
                assessed_on: days_ago(1),
                evidence: "cash book and bank statement".to_owned(),
                scores: criteria
                    .iter()
                    .map(|c| pb::CriterionScore {
                        criterion: *c as i32,
                        score: 80,
                        note: String::new(),
                    })
                    .collect(),
            }),
        })
        .await
        .expect("propose")
        .into_inner()
        .group
        .expect("group");
    let proposal_id = proposed.proposals[0].proposal_id.clone();
    let approve = |key: &str| pb::ApproveStageChangeRequest {
        context: context(key),
        group_id: id.clone(),
        proposal_id: proposal_id.clone(),
        approved_on: days_ago(0),
        note: String::new(),
    };
    let status = maker
        .approve_stage_change(approve("self"))
        .await
        .expect_err("self-approval");
    assert_eq!(
        (status.code(), field(&status).as_str()),
        (Code::FailedPrecondition, "proposal_id")
    );
    assert!(status.message().contains("maker-checker"));
    assert_eq!(
        version(&mut maker, &id).await,
        proposed.version,
        "nothing was recorded"
    );

    let approved = host
        .enterprise(&checker)
        .await
        .approve_stage_change(approve("checker"))
        .await
        .expect("another supervisor approves")
        .into_inner()
        .group
        .expect("group");
    assert_eq!(approved.stage, pb::Stage::Berkembang as i32);
}

/// The same code and message (but for the id) as for an id that does not exist.
fn same_as_unknown(outside: &tonic::Status, unknown: &tonic::Status, ids: (&str, &str)) {
    assert_eq!(outside.code(), unknown.code(), "{outside:?} / {unknown:?}");
    assert_eq!(
        outside.message().replace(ids.0, ids.1),
        unknown.message(),
        "{outside:?} / {unknown:?}"
    );
    assert!(!outside.message().contains("35.78"), "{outside:?}");
}

/// Issue 9, defects 5 and 6: groups and households outside the caller's regions read as
/// unknown; a group that fell below the minimum membership gets no tranche.
#[tokio::test]
async fn outside_records_read_as_unknown_and_a_shrunk_group_gets_no_tranche() {
    let dir = tempfile::tempdir().expect("tempdir");
    let site = Site::up(dir.path());
    let households = registered(&site, 1..=6).await;
    let host = site.enterprise_host();
    let mut admin = host.enterprise(&host.admin_token).await;
    let group = admin
        .form_group(form_request("form", &households[..5]))
        .await
        .expect("form")
        .into_inner()
        .group
        .expect("group")
        .group_id;
    let lone = households[5].clone();
    admin
        .record_mentoring_visit(pb::RecordMentoringVisitRequest {
            context: context("visit"),
            household_id: lone.clone(),
            facilitator_id: "pendamping-ani".into(),
            visited_on: days_ago(2),
            notes: "warung buka".into(),
            next_steps: "beli stok mingguan".into(),
        })
        .await
        .expect("visit");

    // A caseworker of Central Java (33) knows none of it.
    let token = site.households.token(&["caseworker"], &["33"], "cw-jateng");
    let mut cw = host.enterprise(&token).await;
    let ghost = uuid::Uuid::now_v7().to_string();
    let get = |id: &str| pb::GetGroupRequest {
        group_id: id.into(),
    };
    same_as_unknown(
        &cw.get_group(get(&group)).await.unwrap_err(),
        &cw.get_group(get(&ghost)).await.unwrap_err(),
        (&group, &ghost),
    );
    let meeting = |key: &str, id: &str| pb::RecordMeetingRequest {
        context: context(key),
        group_id: id.into(),
        held_on: days_ago(1),
        attendee_household_ids: vec![],
        notes: String::new(),
    };
    same_as_unknown(
        &cw.record_meeting(meeting("m1", &group)).await.unwrap_err(),
        &cw.record_meeting(meeting("m2", &ghost)).await.unwrap_err(),
        (&group, &ghost),
    );
    let standing = |id: &str| pb::GetHouseholdStandingRequest {
        household_id: id.into(),
    };
    same_as_unknown(
        &cw.get_household_standing(standing(&lone))
            .await
            .unwrap_err(),
        &cw.get_household_standing(standing(&ghost))
            .await
            .unwrap_err(),
        (&lone, &ghost),
    );
    let support = |id: &str| pb::GetSupportRequest {
        household_id: id.into(),
    };
    same_as_unknown(
        &cw.get_support(support(&lone)).await.unwrap_err(),
        &cw.get_support(support(&ghost)).await.unwrap_err(),
        (&lone, &ghost),
    );
    let visit = |key: &str, id: &str| pb::RecordMentoringVisitRequest {
        context: context(key),
        household_id: id.into(),
        facilitator_id: "pendamping-ani".into(),
        visited_on: days_ago(1),
        notes: "x".into(),
        next_steps: "beli stok mingguan".into(),
    };
    same_as_unknown(
        &cw.record_mentoring_visit(visit("v1", &lone))
            .await
            .unwrap_err(),
        &cw.record_mentoring_visit(visit("v2", &ghost))
            .await
            .unwrap_err(),
        (&lone, &ghost),
    );

    // A member leaves the group of five: no more grant money until it is back at five.
    admin
        .record_group_account(pb::RecordGroupAccountRequest {
            context: context("account"),
            group_id: group.clone(),
            bank_name: "BRI".into(),
            account_number: "0123456789".into(),
            opened_on: days_ago(50),
        })
        .await
        .expect("account");
    let grant = admin
        .award_grant(pb::AwardGrantRequest {
            context: context("grant"),
            group_id: group.clone(),
            scheme: pb::GrantScheme::Blps as i32,
            scheme_name: String::new(),
            amount: 5_000_000,
            awarded_on: days_ago(50),
            conditions: vec![],
            reference: String::new(),
        })
        .await
        .expect("grant")
        .into_inner()
        .group
        .expect("group")
        .grants[0]
        .grant_id
        .clone();
    let shrunk = admin
        .remove_member(pb::RemoveMemberRequest {
            context: context("leave"),
            group_id: group.clone(),
            household_id: households[4].clone(),
            reason: pb::LeaveReason::Resigned as i32,
            left_on: days_ago(10),
            note: String::new(),
            successor_household_id: String::new(),
        })
        .await
        .expect("a member leaves")
        .into_inner()
        .group
        .expect("group");
    assert!(
        shrunk.health.expect("health").below_minimum_members,
        "flagged in its health"
    );
    let status = admin
        .disburse_tranche(pb::DisburseTrancheRequest {
            context: context("tranche"),
            group_id: group.clone(),
            grant_id: grant,
            amount: 1_000_000,
            disbursed_on: days_ago(5),
            reference: "TRF-1".into(),
        })
        .await
        .expect_err("a tranche to a group of four");
    assert_eq!(status.code(), Code::FailedPrecondition, "{status:?}");
    assert!(status.message().contains("fewer than the minimum of 5"));
}
