//! A KUBE group's whole life over gRPC, on both stores.

use berdaya_proto::berdaya::enterprise::v1 as pb;
use tonic::Code;

use crate::enterprise::site::*;

/// A group's life: formed, board and facilitator, grant in tranches, a monthly report
/// with IKS, a member leaving with a hand-over, a stage change by maker-checker,
/// lists by region, stage and facilitator, caseload, history; individual support for
/// a household outside the group.
async fn kube_group_lifecycle(site: &Site) {
    let households = registered(site, 1..=7).await;
    let host = site.enterprise_host();
    let caseworker = site.token(&["caseworker"], "pendamping-ani");
    let supervisor = site.token(&["supervisor"], "supervisor-budi");
    let mut cw = host.enterprise(&caseworker).await;
    let mut spv = host.enterprise(&supervisor).await;

    let formed = cw
        .form_group(form_request("form-1", &households[..5]))
        .await
        .expect("form group")
        .into_inner()
        .group
        .expect("group");
    assert_eq!(formed.version, 1);
    assert_eq!(formed.members.len(), 5);
    assert_eq!(formed.stage, pb::Stage::Tumbuh as i32);
    assert_eq!(formed.village_name, "Karang Pilang");
    let id = formed.group_id.clone();
    // A retry with the same key answers the same and records nothing.
    let again = cw
        .form_group(form_request("form-1", &households[..5]))
        .await
        .expect("retry")
        .into_inner()
        .group
        .expect("group");
    assert_eq!((again.group_id.as_str(), again.version), (id.as_str(), 1));

    let g = |key: &str| context(key);
    cw.elect_board(pb::ElectBoardRequest {
        context: g("board-1"),
        group_id: id.clone(),
        chair_household_id: households[0].clone(),
        secretary_household_id: households[1].clone(),
        treasurer_household_id: households[2].clone(),
        elected_on: days_ago(59),
        note: String::new(),
    })
    .await
    .expect("elect board");
    cw.assign_facilitator(pb::AssignFacilitatorRequest {
        context: g("facilitator-1"),
        group_id: id.clone(),
        facilitator_id: "pendamping-ani".to_owned(),
        assigned_on: days_ago(58),
    })
    .await
    .expect("assign facilitator");
    cw.record_group_account(pb::RecordGroupAccountRequest {
        context: g("account-1"),
        group_id: id.clone(),
        bank_name: "BRI".to_owned(),
        account_number: "0123456789".to_owned(),
        opened_on: days_ago(57),
    })
    .await
    .expect("account");
    let awarded = cw
        .award_grant(pb::AwardGrantRequest {
            context: g("grant-1"),
            group_id: id.clone(),
            scheme: pb::GrantScheme::Blps as i32,
            scheme_name: String::new(),
            amount: 20_000_000,
            awarded_on: days_ago(56),
            conditions: vec!["business plan adopted".to_owned()],
            reference: "SK Dinsos 12/2026".to_owned(),
        })
        .await
        .expect("award")
        .into_inner()
        .group
        .expect("group");
    let grant_id = awarded.grants[0].grant_id.clone();
    let disbursed = cw
        .disburse_tranche(pb::DisburseTrancheRequest {
            context: g("tranche-1"),
            group_id: id.clone(),
            grant_id: grant_id.clone(),
            amount: 12_000_000,
            disbursed_on: days_ago(55),
            reference: "TRF-001".to_owned(),
        })
        .await
        .expect("tranche")
        .into_inner()
        .group
        .expect("group");
    assert_eq!(disbursed.grants[0].remaining, 8_000_000);
    assert_eq!(disbursed.grants[0].tranches[0].account_number, "0123456789");

    let reported = cw
        .report_progress(pb::ReportProgressRequest {
            context: g("report-1"),
            group_id: id.clone(),
            month: last_month(),
            revenue: 3_000_000,
            costs: 2_000_000,
            capital: 12_500_000,
            split: Some(pb::ProfitSplit {
                capital: 700_000,
                member_welfare: 200_000,
                iks: 100_000,
            }),
            reported_on: days_ago(0),
            note: String::new(),
        })
        .await
        .expect("report")
        .into_inner()
        .group
        .expect("group");
    assert_eq!(reported.reports[0].profit, 1_000_000);
    assert_eq!(reported.iks.as_ref().map(|i| i.collected), Some(100_000));
    let shared = cw
        .share_iks(pb::ShareIksRequest {
            context: g("iks-1"),
            group_id: id.clone(),
            amount: 60_000,
            shared_on: days_ago(0),
            recipients: "sembako for two elderly neighbours".to_owned(),
            recipient_household_ids: vec![],
        })
        .await
        .expect("share iks")
        .into_inner()
        .group
        .expect("group");
    assert_eq!(shared.iks.as_ref().map(|i| i.balance), Some(40_000));

    // The chair leaves, handing the seat to the fourth member; a sixth joins.
    let left = cw
        .remove_member(pb::RemoveMemberRequest {
            context: g("leave-1"),
            group_id: id.clone(),
            household_id: households[0].clone(),
            reason: pb::LeaveReason::Moved as i32,
            left_on: days_ago(10),
            note: String::new(),
            successor_household_id: households[3].clone(),
        })
        .await
        .expect("leave")
        .into_inner()
        .group
        .expect("group");
    assert_eq!(
        left.board.as_ref().map(|b| b.chair_household_id.as_str()),
        Some(households[3].as_str())
    );
    cw.add_member(pb::AddMemberRequest {
        context: g("join-1"),
        group_id: id.clone(),
        household_id: households[5].clone(),
        joined_on: days_ago(5),
    })
    .await
    .expect("join");

    // Maker-checker: the caseworker proposes, the supervisor approves.
    let scores = [
        pb::Criterion::FacilitatorAssigned,
        pb::Criterion::BoardFormed,
        pb::Criterion::GrantReceived,
        pb::Criterion::ActivityStarted,
        pb::Criterion::ProfitShared,
    ]
    .iter()
    .map(|c| pb::CriterionScore {
        criterion: *c as i32,
        score: 75,
        note: String::new(),
    })
    .collect();
    let proposed = cw
        .propose_stage_change(pb::ProposeStageChangeRequest {
            context: g("propose-1"),
            group_id: id.clone(),
            to_stage: pb::Stage::Berkembang as i32,
            proposed_on: String::new(),
            assessment: Some(pb::Assessment {
                assessor: "pendamping-ani".to_owned(),
                assessed_on: days_ago(1),
                evidence: "field visit, cash book, bank statement".to_owned(),
                scores,
            }),
        })
        .await
        .expect("propose")
        .into_inner()
        .group
        .expect("group");
    let proposal_id = proposed.proposals[0].proposal_id.clone();
    let approved = spv
        .approve_stage_change(pb::ApproveStageChangeRequest {
            context: g("approve-1"),
            group_id: id.clone(),
            proposal_id,
            approved_on: days_ago(0),
            note: "verified".to_owned(),
        })
        .await
        .expect("approve")
        .into_inner()
        .group
        .expect("group");
    assert_eq!(approved.stage, pb::Stage::Berkembang as i32);
    assert_eq!(approved.proposals[0].decided_by, "supervisor-budi");

    // Lists by region, stage and facilitator; caseload.
    let by_stage = pb::ListGroupsRequest {
        region_prefix: "35.78".to_owned(),
        stage: pb::Stage::Berkembang as i32,
        ..Default::default()
    };
    let groups = list_until(&mut cw, by_stage, |g| g.len() == 1).await;
    assert_eq!(groups[0].member_count, 5);
    assert!(!groups[0].inactive);
    let by_facilitator = pb::ListGroupsRequest {
        region_prefix: "35".to_owned(),
        facilitator_id: "pendamping-ani".to_owned(),
        ..Default::default()
    };
    list_until(&mut cw, by_facilitator, |g| g.len() == 1).await;
    let elsewhere = pb::ListGroupsRequest {
        region_prefix: "35.07".to_owned(),
        ..Default::default()
    };
    assert!(
        cw.list_groups(elsewhere)
            .await
            .expect("list")
            .into_inner()
            .groups
            .is_empty()
    );
    let caseload = cw
        .get_facilitator_caseload(pb::GetFacilitatorCaseloadRequest {
            region_prefix: "35.78".to_owned(),
        })
        .await
        .expect("caseload")
        .into_inner();
    assert_eq!(caseload.target_groups_per_facilitator, 10);
    assert_eq!(caseload.facilitators[0].facilitator_id, "pendamping-ani");
    assert_eq!(caseload.facilitators[0].groups, 1);

    // Standing, history and its chain.
    let standing = cw
        .get_household_standing(pb::GetHouseholdStandingRequest {
            household_id: households[5].clone(),
        })
        .await
        .expect("standing")
        .into_inner();
    assert_eq!(standing.active_group_id, id);
    let mut history = cw
        .stream_group_history(pb::StreamGroupHistoryRequest {
            group_id: id.clone(),
        })
        .await
        .expect("history")
        .into_inner();
    let mut types = Vec::new();
    while let Some(event) = history.message().await.expect("event") {
        types.push(event.event_type);
    }
    assert_eq!(types.len(), 12);
    assert_eq!(types[0], "berdaya.enterprise.v1.KubeGroupFormed");
    let verified = cw
        .verify_group_history(pb::VerifyGroupHistoryRequest {
            group_id: id.clone(),
        })
        .await
        .expect("verify")
        .into_inner();
    assert!(verified.intact);

    // Individual support: for the household outside any group, not for a member.
    let outside = households[6].clone();
    let support = cw
        .record_mentoring_visit(pb::RecordMentoringVisitRequest {
            context: g("visit-1"),
            household_id: outside.clone(),
            facilitator_id: "pendamping-ani".to_owned(),
            visited_on: days_ago(2),
            notes: "warung open daily, stock low".to_owned(),
            next_steps: "buy stock weekly; keep a cash book".to_owned(),
        })
        .await
        .expect("visit")
        .into_inner()
        .support
        .expect("support");
    assert_eq!(support.mentoring_visits.len(), 1);
    cw.start_apprenticeship(pb::StartApprenticeshipRequest {
        context: g("magang-1"),
        household_id: outside.clone(),
        host_business: "Bengkel Las Maju Jaya".to_owned(),
        trade: "welding".to_owned(),
        starts_on: days_ago(30),
        ends_on: days_ago(-60),
    })
    .await
    .expect("apprenticeship");
    let member_support = cw
        .record_support_session(pb::RecordSupportSessionRequest {
            context: g("session-1"),
            household_id: households[3].clone(),
            kind: pb::SupportKind::EntrepreneurshipTraining as i32,
            held_on: days_ago(1),
            provider: "Dinas Sosial".to_owned(),
            topic: "pembukuan sederhana".to_owned(),
            hours: 4,
            notes: String::new(),
        })
        .await
        .expect_err("support for a group member");
    assert_eq!(member_support.code(), Code::FailedPrecondition);
    assert_eq!(field(&member_support), "household_id");
    let record = cw
        .get_support(pb::GetSupportRequest {
            household_id: outside,
        })
        .await
        .expect("get support")
        .into_inner();
    assert_eq!((record.version, record.apprenticeships.len()), (2, 1));
}

#[tokio::test]
async fn a_kube_group_lives_its_life_on_the_embedded_default() {
    let dir = tempfile::tempdir().expect("tempdir");
    kube_group_lifecycle(&Site::up(dir.path())).await;
}

#[tokio::test]
async fn a_kube_group_lives_its_life_on_postgresql() {
    kube_group_lifecycle(&Site::postgres()).await;
}
