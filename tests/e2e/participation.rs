//! End-to-end: social participation over gRPC against the real `berdaya` binary, on the
//! embedded default (SQLite) and on PostgreSQL: monthly P2K2 sessions, attendance and
//! compliance bands, district deliberations with agreed actions, listing by region and
//! period, and bad input that changes nothing.

use crate::common;

use berdaya_proto::berdaya::common::v1::PageRequest;
use berdaya_proto::berdaya::households::v1 as pb;
use common::Berdaya;
use common::fixtures::{Registered, bad_fields, close, context, register, rule_fields};
use tonic::Code;

const VILLAGE: &str = "35.78.01.1001";
const NEIGHBOUR_VILLAGE: &str = "35.78.01.1002";
const DISTRICT: &str = "35.78.01";

fn plan(
    key: &str,
    region: &str,
    kind: pb::ActivityKind,
    module: pb::FdsModule,
    on: &str,
    invited: &[&Registered],
) -> pb::PlanActivityRequest {
    pb::PlanActivityRequest {
        context: context(key),
        activity_id: String::new(),
        region_code: region.to_owned(),
        kind: kind as i32,
        fds_module: module as i32,
        topic: "Pertemuan kelompok".to_owned(),
        programme: pb::Programme::Pkh as i32,
        facilitator: "pendamping-7".to_owned(),
        scheduled_on: on.to_owned(),
        location: "Balai RW 04".to_owned(),
        invited_household_ids: invited.iter().map(|h| h.household_id.clone()).collect(),
    }
}

fn fds(
    key: &str,
    on: &str,
    module: pb::FdsModule,
    invited: &[&Registered],
) -> pb::PlanActivityRequest {
    plan(
        key,
        VILLAGE,
        pb::ActivityKind::FamilyDevelopmentSession,
        module,
        on,
        invited,
    )
}

fn attend(household: &Registered, status: pb::AttendanceStatus) -> pb::HouseholdAttendance {
    let members = if status == pb::AttendanceStatus::Present {
        vec![household.members[0].clone()]
    } else {
        Vec::new()
    };
    pb::HouseholdAttendance {
        household_id: household.household_id.clone(),
        status: status as i32,
        member_ids: members,
    }
}

fn hold(
    key: &str,
    activity_id: &str,
    on: &str,
    attendance: Vec<pb::HouseholdAttendance>,
) -> pb::HoldActivityRequest {
    pb::HoldActivityRequest {
        context: context(key),
        activity_id: activity_id.to_owned(),
        held_on: on.to_owned(),
        attendance,
        outcomes: vec!["materi dipahami".to_owned()],
        agreed_actions: Vec::new(),
    }
}

fn list(prefix: &str, from: &str, to: &str, size: u32, token: &str) -> pb::ListActivitiesRequest {
    pb::ListActivitiesRequest {
        region_prefix: prefix.to_owned(),
        from: from.to_owned(),
        to: to.to_owned(),
        page: Some(PageRequest {
            page_size: size,
            page_token: token.to_owned(),
        }),
    }
}

fn record(household: &Registered, kind: pb::ActivityKind) -> pb::GetParticipationRecordRequest {
    pb::GetParticipationRecordRequest {
        household_id: household.household_id.clone(),
        from: "2025-01-01".to_owned(),
        to: "2025-12-31".to_owned(),
        kind: kind as i32,
    }
}

/// Plans, holds, evaluates, lists and reports: what a facilitator and a supervisor do.
async fn participation_cycle(berdaya: &Berdaya) {
    use pb::AttendanceStatus::{Excused as E, Present as P};
    let h1 = register(berdaya, VILLAGE, 1).await;
    let h2 = register(berdaya, VILLAGE, 2).await;
    let h3 = register(berdaya, VILLAGE, 3).await;
    let neighbour = register(berdaya, NEIGHBOUR_VILLAGE, 4).await;
    let mut client = berdaya.participation(&berdaya.admin_token).await;

    // Five monthly P2K2 sessions. Absent households are simply not listed.
    let months: [(&str, pb::FdsModule, Vec<pb::HouseholdAttendance>); 5] = [
        (
            "2025-01-10",
            pb::FdsModule::HealthAndNutrition,
            vec![attend(&h1, P), attend(&h2, P), attend(&h3, P)],
        ),
        (
            "2025-02-10",
            pb::FdsModule::ParentingAndEducation,
            vec![attend(&h1, P), attend(&h2, E)],
        ),
        (
            "2025-03-10",
            pb::FdsModule::FamilyFinance,
            vec![attend(&h1, P), attend(&h2, P)],
        ),
        ("2025-04-10", pb::FdsModule::ChildProtection, vec![]),
        (
            "2025-05-10",
            pb::FdsModule::SocialWelfare,
            vec![attend(&h1, P), attend(&h2, P)],
        ),
    ];
    let mut sessions = Vec::new();
    for (i, (on, module, attendance)) in months.into_iter().enumerate() {
        let planned = client
            .plan_activity(fds(&format!("fds-{i}"), on, module, &[&h1, &h2, &h3]))
            .await
            .expect("plan")
            .into_inner()
            .activity
            .expect("activity");
        assert_eq!(planned.status, pb::ActivityStatus::Planned as i32);
        assert_eq!(planned.region_name, "Karang Pilang");
        let held = client
            .hold_activity(hold(
                &format!("hold-{i}"),
                &planned.activity_id,
                on,
                attendance,
            ))
            .await
            .expect("hold")
            .into_inner()
            .activity
            .expect("activity");
        assert_eq!(held.status, pb::ActivityStatus::Held as i32);
        assert_eq!(
            held.attendance.len(),
            3,
            "absent invitees are listed as absent"
        );
        sessions.push(held);
    }
    let absent_in_april = sessions[3]
        .attendance
        .iter()
        .filter(|a| a.status == pb::AttendanceStatus::Absent as i32)
        .count();
    assert_eq!(absent_in_april, 3);

    // A district deliberation (Muskel) that h1 misses and the neighbour attends.
    let deliberation = client
        .plan_activity(plan(
            "musdes",
            DISTRICT,
            pb::ActivityKind::Deliberation,
            pb::FdsModule::Unspecified,
            "2025-02-20",
            &[&h1, &neighbour],
        ))
        .await
        .expect("plan deliberation")
        .into_inner()
        .activity
        .expect("activity");
    let mut held = hold(
        "musdes-held",
        &deliberation.activity_id,
        "2025-02-20",
        vec![attend(&neighbour, P)],
    );
    held.agreed_actions = vec![pb::NewAgreedAction {
        description: "Usulkan perbaikan saluran air ke Musrenbang".to_owned(),
        owner: "Ketua RW 04".to_owned(),
        due_on: "2025-03-31".to_owned(),
    }];
    let held = client
        .hold_activity(held)
        .await
        .expect("hold deliberation")
        .into_inner()
        .activity
        .expect("activity");
    let action_id = held.agreed_actions[0].action_id.clone();
    let done = client
        .complete_agreed_action(pb::CompleteAgreedActionRequest {
            context: context("action-done"),
            activity_id: deliberation.activity_id.clone(),
            action_id,
            done_on: "2025-03-15".to_owned(),
            note: "diterima kelurahan".to_owned(),
        })
        .await
        .expect("complete action")
        .into_inner()
        .activity
        .expect("activity");
    assert!(done.agreed_actions[0].done);
    let evaluated = client
        .evaluate_activity(pb::EvaluateActivityRequest {
            context: context("evaluate"),
            activity_id: deliberation.activity_id.clone(),
            evaluated_on: "2025-04-01".to_owned(),
            achievements: "saluran diperbaiki".to_owned(),
            follow_ups: vec!["pantau musim hujan".to_owned()],
        })
        .await
        .expect("evaluate")
        .into_inner()
        .activity
        .expect("activity");
    assert_eq!(evaluated.status, pb::ActivityStatus::Evaluated as i32);
    assert_eq!(evaluated.version, 4);

    // Compliance bands (80 / 50 % by default), P2K2 sessions only and every kind.
    let fds_kind = pb::ActivityKind::FamilyDevelopmentSession;
    let r1 = client
        .get_participation_record(record(&h1, fds_kind))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (
            r1.sessions_attended,
            r1.sessions_expected,
            r1.attendance_percent
        ),
        (4, 5, 80)
    );
    assert_eq!(r1.band, pb::ComplianceBand::Compliant as i32);
    assert_eq!(r1.fds_modules.len(), 4);
    let all = client
        .get_participation_record(record(&h1, pb::ActivityKind::Unspecified))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (all.sessions_attended, all.sessions_expected),
        (4, 6),
        "missed the Muskel"
    );
    assert_eq!(all.band, pb::ComplianceBand::Partial as i32);
    let r2 = client
        .get_participation_record(record(&h2, fds_kind))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (
            r2.sessions_attended,
            r2.sessions_excused,
            r2.sessions_expected
        ),
        (3, 1, 4)
    );
    assert_eq!(r2.band, pb::ComplianceBand::Partial as i32);
    let r3 = client
        .get_participation_record(record(&h3, fds_kind))
        .await
        .unwrap()
        .into_inner();
    assert_eq!((r3.attendance_percent, r3.sessions_absent), (20, 4));
    assert_eq!(r3.band, pb::ComplianceBand::NonCompliant as i32);
    let rn = client
        .get_participation_record(record(&neighbour, pb::ActivityKind::Unspecified))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (rn.entries.len(), rn.band),
        (1, pb::ComplianceBand::Compliant as i32)
    );

    // Listing by region and period, at every level, in date order, in pages.
    let ids = |response: pb::ListActivitiesResponse| -> Vec<String> {
        response
            .activities
            .into_iter()
            .map(|a| a.activity_id)
            .collect()
    };
    let village_q1 = ids(client
        .list_activities(list(VILLAGE, "2025-01-01", "2025-03-31", 0, ""))
        .await
        .unwrap()
        .into_inner());
    let expected: Vec<String> = sessions[..3]
        .iter()
        .map(|s| s.activity_id.clone())
        .collect();
    assert_eq!(
        village_q1, expected,
        "the district activity is not the village's"
    );
    let district_q1 = ids(client
        .list_activities(list(DISTRICT, "2025-01-01", "2025-03-31", 0, ""))
        .await
        .unwrap()
        .into_inner());
    assert_eq!(district_q1.len(), 4);
    assert_eq!(district_q1[2], deliberation.activity_id, "ordered by date");
    let mut paged = Vec::new();
    let mut token = String::new();
    loop {
        let page = client
            .list_activities(list("35.78", "2025-01-01", "2025-12-31", 2, &token))
            .await
            .unwrap()
            .into_inner();
        assert!(page.activities.len() <= 2);
        token = page.page.clone().unwrap_or_default().next_page_token;
        paged.extend(ids(page));
        if token.is_empty() {
            break;
        }
    }
    assert_eq!(paged.len(), 6);
    let elsewhere = client
        .list_activities(list("35.78.02", "2025-01-01", "2025-12-31", 0, ""))
        .await
        .unwrap()
        .into_inner();
    assert!(elsewhere.activities.is_empty());

    // A reschedule moves the activity in the listings; a cancellation keeps it there.
    let awareness = client
        .plan_activity(plan(
            "aware",
            VILLAGE,
            pb::ActivityKind::Awareness,
            pb::FdsModule::Unspecified,
            "2025-06-15",
            &[&h3],
        ))
        .await
        .unwrap()
        .into_inner()
        .activity
        .unwrap();
    client
        .reschedule_activity(pb::RescheduleActivityRequest {
            context: context("move"),
            activity_id: awareness.activity_id.clone(),
            scheduled_on: "2025-08-01".to_owned(),
            reason: "musim panen".to_owned(),
        })
        .await
        .expect("reschedule");
    let june = client
        .list_activities(list(VILLAGE, "2025-06-01", "2025-06-30", 0, ""))
        .await
        .unwrap()
        .into_inner();
    assert!(june.activities.is_empty());
    let cancelled = client
        .cancel_activity(pb::CancelActivityRequest {
            context: context("cancel"),
            activity_id: awareness.activity_id.clone(),
            reason: "fasilitator sakit".to_owned(),
            cancelled_on: "2025-07-30".to_owned(),
        })
        .await
        .expect("cancel")
        .into_inner()
        .activity
        .unwrap();
    assert_eq!(cancelled.status, pb::ActivityStatus::Cancelled as i32);
    let august = client
        .list_activities(list(VILLAGE, "2025-08-01", "2025-08-31", 0, ""))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(august.activities[0].activity_id, awareness.activity_id);
    let r3 = client
        .get_participation_record(record(&h3, pb::ActivityKind::Unspecified))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        r3.sessions_expected, 5,
        "a cancelled activity is listed, never counted"
    );

    // Auditors read the history; every event is there.
    let auditor = berdaya.token(&["auditor"], &["35.78"], "inspektorat-1");
    let mut audit = berdaya.participation(&auditor).await;
    let mut history = audit
        .stream_activity_history(pb::StreamActivityHistoryRequest {
            activity_id: deliberation.activity_id.clone(),
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
            "berdaya.households.v1.ActivityPlanned",
            "berdaya.households.v1.ActivityHeld",
            "berdaya.households.v1.AgreedActionCompleted",
            "berdaya.households.v1.ActivityEvaluated",
        ]
    );
}

#[tokio::test]
async fn participation_works_end_to_end_on_the_embedded_default() {
    let dir = tempfile::tempdir().unwrap();
    let berdaya = Berdaya::up(dir.path(), &[]);
    participation_cycle(&berdaya).await;
}

#[tokio::test]
async fn participation_works_end_to_end_on_postgresql() {
    let url = common::fresh_database();
    let berdaya = Berdaya::serve_households(&url);
    participation_cycle(&berdaya).await;
}

#[track_caller]
fn assert_invalid(
    result: Result<tonic::Response<pb::ActivityResponse>, tonic::Status>,
    fields: &[&str],
) {
    let status = result.expect_err("must be refused");
    assert_eq!(status.code(), Code::InvalidArgument, "{status:?}");
    assert_eq!(bad_fields(&status), fields, "{status:?}");
}

#[track_caller]
fn assert_rule(result: Result<tonic::Response<pb::ActivityResponse>, tonic::Status>, field: &str) {
    let status = result.expect_err("must be refused");
    assert_eq!(status.code(), Code::FailedPrecondition, "{status:?}");
    assert_eq!(rule_fields(&status), [field], "{status:?}");
}

#[tokio::test]
async fn bad_participation_input_gets_the_right_code_and_field_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let berdaya = Berdaya::up(dir.path(), &[]);
    let h1 = register(&berdaya, VILLAGE, 1).await;
    let far = register(&berdaya, "35.78.02.1001", 2).await;
    let gone = register(&berdaya, VILLAGE, 3).await;
    close(&berdaya, &gone.household_id).await;
    // The caseworker may see the neighbouring district too: a household there is known
    // to them but lives outside the activity's region (outside the caller's own regions
    // it would read as unknown).
    let caseworker = berdaya.token(&["caseworker"], &[DISTRICT, "35.78.02"], "pendamping-7");
    let mut client = berdaya.participation(&caseworker).await;
    let good = fds("good", "2025-03-10", pb::FdsModule::FamilyFinance, &[&h1]);
    let activity = client
        .plan_activity(good.clone())
        .await
        .expect("plan")
        .into_inner()
        .activity
        .unwrap();

    let with = |f: &dyn Fn(&mut pb::PlanActivityRequest)| {
        let mut request = good.clone();
        request.context = context(&format!("bad-{}", uuid::Uuid::new_v4()));
        f(&mut request);
        request
    };
    assert_invalid(
        client
            .plan_activity(with(&|r| r.region_code = "35.78.01.9999".into()))
            .await,
        &["region_code"],
    );
    assert_invalid(
        client
            .plan_activity(with(&|r| r.region_code = "35.78".into()))
            .await,
        &["region_code"],
    );
    assert_invalid(
        client
            .plan_activity(with(&|r| {
                r.kind = 0;
                r.topic = " ".into();
                r.invited_household_ids = vec!["nope".into()];
            }))
            .await,
        &["kind", "topic", "invited_household_ids[0]"],
    );
    assert_invalid(
        client.plan_activity(with(&|r| r.fds_module = 0)).await,
        &["fds_module"],
    );
    assert_invalid(
        client
            .plan_activity(with(&|r| r.scheduled_on = "2025-02-30".into()))
            .await,
        &["scheduled_on"],
    );
    assert_invalid(
        client
            .plan_activity(with(&|r| {
                r.invited_household_ids = vec![h1.household_id.clone(), h1.household_id.clone()]
            }))
            .await,
        &["invited_household_ids[1]"],
    );
    assert_invalid(
        client.plan_activity(with(&|r| r.context = None)).await,
        &["context.idempotency_key"],
    );
    let unknown = client
        .plan_activity(with(&|r| {
            r.invited_household_ids = vec![uuid::Uuid::now_v7().to_string()]
        }))
        .await
        .expect_err("unknown household");
    assert_eq!(unknown.code(), Code::NotFound);
    assert_rule(
        client
            .plan_activity(with(&|r| {
                r.invited_household_ids = vec![far.household_id.clone()]
            }))
            .await,
        "invited_household_ids[0]",
    );
    assert_rule(
        client
            .plan_activity(with(&|r| {
                r.invited_household_ids = vec![gone.household_id.clone()]
            }))
            .await,
        "invited_household_ids[0]",
    );

    let id = activity.activity_id.clone();
    assert_invalid(
        client
            .hold_activity(hold("h1", &id, "2099-01-01", vec![]))
            .await,
        &["held_on"],
    );
    assert_invalid(
        client
            .hold_activity(hold(
                "h2",
                &id,
                "2025-03-10",
                vec![attend(&h1, pb::AttendanceStatus::Absent)],
            ))
            .await,
        &["attendance[0].status"],
    );
    let mut stranger = attend(&h1, pb::AttendanceStatus::Present);
    stranger.member_ids = vec![far.members[0].clone()];
    assert_rule(
        client
            .hold_activity(hold("h3", &id, "2025-03-10", vec![stranger]))
            .await,
        "attendance[0].member_ids[0]",
    );
    let early = client
        .evaluate_activity(pb::EvaluateActivityRequest {
            context: context("eval-early"),
            activity_id: id.clone(),
            evaluated_on: "2025-03-11".into(),
            achievements: "x".into(),
            follow_ups: vec![],
        })
        .await
        .expect_err("not held yet");
    assert_eq!(early.code(), Code::FailedPrecondition);

    // Regions and roles.
    let elsewhere = berdaya.token(&["caseworker"], &["35.78.02"], "pendamping-9");
    let mut outsider = berdaya.participation(&elsewhere).await;
    let denied = outsider
        .plan_activity(with(&|_| {}))
        .await
        .expect_err("outside region");
    assert_eq!(denied.code(), Code::PermissionDenied);
    // A stored activity outside the caller's regions reads as unknown (fc99cb1).
    let denied = outsider
        .hold_activity(hold("h4", &id, "2025-03-10", vec![]))
        .await
        .expect_err("outside region");
    assert_eq!(denied.code(), Code::NotFound);
    let auditor = berdaya.token(&["auditor"], &["35"], "bpk-1");
    let mut audit = berdaya.participation(&auditor).await;
    let denied = audit
        .plan_activity(with(&|_| {}))
        .await
        .expect_err("auditors never write");
    assert_eq!(denied.code(), Code::PermissionDenied);
    assert!(
        audit
            .get_participation_record(record(&h1, pb::ActivityKind::Unspecified))
            .await
            .is_ok()
    );

    // Queries name their bad fields too.
    let status = client
        .list_activities(list(VILLAGE, "2025-03-01", "2025-02-01", 0, ""))
        .await
        .expect_err("to before from");
    assert_eq!(bad_fields(&status), ["to"]);
    let status = client
        .list_activities(list(VILLAGE, "2025-01-01", "2025-12-31", 0, "garbage"))
        .await
        .expect_err("bad token");
    assert_eq!(bad_fields(&status), ["page.page_token"]);
    let status = client
        .list_activities(list("35.7", "2025-01-01", "2025-12-31", 0, ""))
        .await
        .expect_err("bad prefix");
    assert_eq!(bad_fields(&status), ["region_prefix"]);
    let mut bad_kind = record(&h1, pb::ActivityKind::Unspecified);
    bad_kind.kind = 99;
    let status = client
        .get_participation_record(bad_kind)
        .await
        .expect_err("bad kind");
    assert_eq!(bad_fields(&status), ["kind"]);
    let status = client
        .get_activity(pb::GetActivityRequest {
            activity_id: "x".into(),
        })
        .await
        .expect_err("bad id");
    assert_eq!(bad_fields(&status), ["activity_id"]);
    let status = client
        .get_activity(pb::GetActivityRequest {
            activity_id: uuid::Uuid::now_v7().to_string(),
        })
        .await
        .expect_err("unknown");
    assert_eq!(status.code(), Code::NotFound);

    // Retries return the first answer; a reused key with another request is refused.
    let retried = client
        .plan_activity(good.clone())
        .await
        .expect("retry")
        .into_inner()
        .activity
        .unwrap();
    assert_eq!(
        (retried.activity_id.as_str(), retried.version),
        (id.as_str(), 1)
    );
    let mut reused = good.clone();
    reused.topic = "lain".into();
    let status = client.plan_activity(reused).await.expect_err("reused key");
    assert_eq!(status.code(), Code::AlreadyExists);
    assert_eq!(bad_fields(&status), ["context.idempotency_key"]);

    // Nothing of the refused requests was recorded.
    let everything = client
        .list_activities(list(DISTRICT, "1900-01-01", "2099-12-31", 0, ""))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(everything.activities.len(), 1);
    let current = client
        .get_activity(pb::GetActivityRequest { activity_id: id })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (current.version, current.status),
        (1, pb::ActivityStatus::Planned as i32)
    );
}
