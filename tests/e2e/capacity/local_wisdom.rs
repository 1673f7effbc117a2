//! Strategy 7 over gRPC on both stores: the values vocabulary kept as events, activities
//! reaching registry households with their leaders and values, a retired value refused.

use berdaya_proto::berdaya::capacity::v1 as pb;
use tonic::Code;

use crate::capacity::site::*;

async fn activities_are_tagged_with_the_vocabulary(site: &Site) {
    let mut admin = site.admin().await;
    let supervisor = site.token(&["supervisor"], "supervisor-budi");
    let caseworker = site.token(&["caseworker"], "staf-ani");
    let mut spv = site.local_wisdom(&supervisor).await;
    let mut cw = site.local_wisdom(&caseworker).await;

    let term = |key: &str, name: &str, kind: pb::TermKind, region: &str| pb::AddValueTermRequest {
        context: context(key),
        term_id: String::new(),
        name: name.to_owned(),
        kind: kind as i32,
        description: String::new(),
        region_code: region.to_owned(),
    };
    // Changing the vocabulary is the supervisors' work.
    let refused = cw
        .add_value_term(term("t-cw", "gotong royong", pb::TermKind::Practice, "35"))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied);
    let gotong = spv
        .add_value_term(term("t-1", "gotong royong", pb::TermKind::Practice, "35"))
        .await
        .expect("add term")
        .into_inner()
        .term
        .expect("term");
    let amanah = spv
        .add_value_term(term("t-2", "amanah", pb::TermKind::Value, "35"))
        .await
        .expect("add term")
        .into_inner()
        .term
        .expect("term");
    let duplicate = spv
        .add_value_term(term("t-3", "Gotong  Royong", pb::TermKind::Practice, "35"))
        .await
        .unwrap_err();
    assert_eq!(duplicate.code(), Code::AlreadyExists, "{duplicate:?}");
    let old = spv
        .add_value_term(term("t-4", "jimpitan lama", pb::TermKind::Practice, "35"))
        .await
        .expect("add term")
        .into_inner()
        .term
        .expect("term");
    let retired = spv
        .retire_value_term(pb::RetireValueTermRequest {
            context: context("t-4-retire"),
            term_id: old.term_id.clone(),
            reason: "digabung dengan gotong royong".to_owned(),
            replaced_by_term_id: gotong.term_id.clone(),
        })
        .await
        .expect("retire")
        .into_inner()
        .term
        .expect("term");
    assert!(!retired.active);

    let leader = person(
        &mut admin,
        "leader-1",
        pb::PersonRole::ReligiousLeader,
        "35.78.01",
        "K.H. Abdul Latif",
    )
    .await;
    let households = [household(site, 51).await, household(site, 52).await];
    let record = |key: &str, values: Vec<String>| pb::RecordActivityRequest {
        context: context(key),
        activity_id: String::new(),
        kind: pb::ActivityKind::ReligiousGuidance as i32,
        approach: pb::ActivityApproach::Guidance as i32,
        title: "Pengajian bulanan: amanah dalam usaha".to_owned(),
        place: Some(pb::record_activity_request::Place::Community(
            pb::CommunityGroup {
                village_code: VILLAGE.to_owned(),
                name: "Majelis Taklim Al-Ikhlas".to_owned(),
            },
        )),
        held_on: days_ago(3),
        leader_person_ids: vec![leader.clone()],
        household_ids: households.to_vec(),
        other_participants: 7,
        value_ids: values,
        notes: String::new(),
    };
    // A retired value cannot tag a new activity.
    let refused = eventually(|| {
        let mut cw = cw.clone();
        let request = record(
            "act-retired",
            vec![amanah.term_id.clone(), old.term_id.clone()],
        );
        async move { cw.record_activity(request).await }
    })
    .await
    .unwrap_err();
    assert_eq!(refused.code(), Code::FailedPrecondition, "{refused:?}");
    assert_eq!(rule_fields(&refused), ["value_ids[1]"]);
    let activity = cw
        .record_activity(record("act-1", vec![amanah.term_id.clone()]))
        .await
        .expect("record activity")
        .into_inner()
        .activity
        .expect("activity");
    assert_eq!(activity.village_name, "Karang Pilang");
    assert_eq!(
        activity.leaders[0].role,
        pb::PersonRole::ReligiousLeader as i32
    );
    assert_eq!(activity.values[0].name, "amanah");
    assert_eq!(activity.household_ids.len(), 2);

    let tagged = cw
        .tag_activity_values(pb::TagActivityValuesRequest {
            context: context("act-1-tag"),
            activity_id: activity.activity_id.clone(),
            value_ids: vec![gotong.term_id.clone()],
        })
        .await
        .expect("tag")
        .into_inner()
        .activity
        .expect("activity");
    assert_eq!(tagged.values.len(), 2);

    let by_value = cw
        .list_activities(pb::ListActivitiesRequest {
            region_prefix: "35.78".to_owned(),
            value_id: gotong.term_id.clone(),
            ..pb::ListActivitiesRequest::default()
        })
        .await
        .expect("list")
        .into_inner()
        .activities;
    assert_eq!(by_value.len(), 1);
    let terms = cw
        .list_value_terms(pb::ListValueTermsRequest::default())
        .await
        .expect("terms")
        .into_inner();
    let names: Vec<&str> = terms.terms.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["amanah", "gotong royong"]);
    let verified = cw
        .verify_vocabulary_history(pb::VerifyVocabularyHistoryRequest {})
        .await
        .expect("verify")
        .into_inner();
    assert!(verified.intact);
    assert_eq!(verified.events, 4);
}

#[tokio::test]
async fn activities_are_tagged_with_the_vocabulary_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    activities_are_tagged_with_the_vocabulary(&Site::up(dir.path())).await;
}

#[tokio::test]
async fn activities_are_tagged_with_the_vocabulary_on_postgres() {
    activities_are_tagged_with_the_vocabulary(&Site::distributed()).await;
}
