//! Bad input over gRPC: each request gets the right code and names the right field, and
//! nothing is recorded.

use berdaya_proto::berdaya::capacity::v1 as pb;
use tonic::Code;

use crate::capacity::site::*;

/// The code and the fields a refusal names (bad request or precondition).
fn refusal(status: tonic::Status) -> (Code, Vec<String>) {
    let mut fields = bad_fields(&status);
    fields.extend(rule_fields(&status));
    (status.code(), fields)
}

async fn bad_input_is_refused_and_records_nothing(site: &Site) {
    let caseworker = site.token(&["caseworker"], "staf-ani");
    let supervisor = site.token(&["supervisor"], "supervisor-budi");
    let jember = site
        .households
        .token(&["caseworker"], &["35.09"], "staf-jember");
    let mut cw = site.capacity(&caseworker).await;
    let mut spv = site.capacity(&supervisor).await;
    let mut lw = site.local_wisdom(&caseworker).await;

    let person = |nik: &str, role: pb::PersonRole, region: &str| pb::RegisterPersonRequest {
        context: context(&format!("bad-{nik}-{region}")),
        role: role as i32,
        region_code: region.to_owned(),
        registered_on: days_ago(1),
        full_name: "Budi".to_owned(),
        nik: nik.to_owned(),
        ..pb::RegisterPersonRequest::default()
    };
    let cases: Vec<(pb::RegisterPersonRequest, Code, &[&str])> = vec![
        (
            person("12345", pb::PersonRole::PendampingPkh, "35.78"),
            Code::InvalidArgument,
            &["nik"],
        ),
        (
            person("", pb::PersonRole::Unspecified, "99.99"),
            Code::InvalidArgument,
            &["role", "region_code"],
        ),
        (
            // A TKSK serves one district, not a regency.
            person("", pb::PersonRole::Tksk, "35.78"),
            Code::InvalidArgument,
            &["region_code"],
        ),
        (
            pb::RegisterPersonRequest {
                email: "not an address".to_owned(),
                phone: "12-34".to_owned(),
                registered_on: days_ago(-3),
                ..person("", pb::PersonRole::PendampingKube, "35.78")
            },
            Code::InvalidArgument,
            &["registered_on", "phone", "email"],
        ),
        (
            pb::RegisterPersonRequest {
                household_id: "00000000-0000-7000-8000-000000000001".to_owned(),
                ..person("", pb::PersonRole::PendampingKube, "35.78")
            },
            Code::InvalidArgument,
            &["household_id"],
        ),
    ];
    for (request, code, fields) in cases {
        let refused = cw.register_person(request.clone()).await.unwrap_err();
        assert_eq!(
            refusal(refused),
            (code, fields.iter().map(|f| (*f).to_owned()).collect()),
            "{request:?}"
        );
    }
    // Outside the caller's regions.
    let mut outsider = site.capacity(&jember).await;
    let refused = outsider
        .register_person(person("", pb::PersonRole::PendampingKube, "35.78"))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied);

    let refused = spv
        .define_programme(pb::DefineProgrammeRequest {
            modules: Vec::new(),
            required_attendance_percent: 0,
            certificate: Some(pb::CertificateSpec {
                name: "Sertifikat".to_owned(),
                validity_months: 0,
            }),
            ..programme_request("bad-programme")
        })
        .await
        .unwrap_err();
    assert_eq!(
        refusal(refused),
        (
            Code::InvalidArgument,
            vec![
                "modules".to_owned(),
                "required_attendance_percent".to_owned(),
                "certificate.validity_months".to_owned()
            ]
        )
    );
    let schedule =
        |programme_id: &str, starts_on: String, ends_on: String| pb::ScheduleCohortRequest {
            context: context(&format!("bad-cohort-{starts_on}")),
            cohort_id: String::new(),
            programme_id: programme_id.to_owned(),
            name: "Angkatan".to_owned(),
            region_code: "35.78".to_owned(),
            venue: String::new(),
            starts_on,
            ends_on,
            capacity: 10,
        };
    let unknown = "00000000-0000-7000-8000-00000000ffff";
    let refused = cw
        .schedule_cohort(schedule(unknown, days_ago(1), days_ago(5)))
        .await
        .unwrap_err();
    assert_eq!(
        refusal(refused),
        (Code::InvalidArgument, vec!["ends_on".to_owned()])
    );
    let refused = cw
        .schedule_cohort(schedule(unknown, days_ago(5), days_ago(1)))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::NotFound, "{refused:?}");
    assert!(refused.message().contains("programme_id"), "{refused:?}");
    let refused = cw
        .schedule_cohort(pb::ScheduleCohortRequest {
            capacity: 0,
            programme_id: "x".to_owned(),
            ..schedule(unknown, days_ago(5), days_ago(1))
        })
        .await
        .unwrap_err();
    assert_eq!(
        refusal(refused),
        (
            Code::InvalidArgument,
            vec!["programme_id".to_owned(), "capacity".to_owned()]
        )
    );

    let activity = |place: pb::record_activity_request::Place, values: Vec<String>| {
        pb::RecordActivityRequest {
            context: context("bad-activity"),
            activity_id: String::new(),
            kind: pb::ActivityKind::GotongRoyong as i32,
            approach: pb::ActivityApproach::Practice as i32,
            title: "Kerja bakti".to_owned(),
            place: Some(place),
            held_on: days_ago(1),
            leader_person_ids: Vec::new(),
            household_ids: Vec::new(),
            other_participants: 5,
            value_ids: values,
            notes: String::new(),
        }
    };
    let refused = lw
        .record_activity(activity(
            pb::record_activity_request::Place::DesaAdatCode(VILLAGE.to_owned()),
            vec![unknown.to_owned(), unknown.to_owned()],
        ))
        .await
        .unwrap_err();
    assert_eq!(
        refusal(refused),
        (
            Code::InvalidArgument,
            vec!["desa_adat_code".to_owned(), "value_ids[1]".to_owned()]
        )
    );
    let refused = lw
        .record_activity(activity(
            pb::record_activity_request::Place::Community(pb::CommunityGroup {
                village_code: VILLAGE.to_owned(),
                name: "RW 03".to_owned(),
            }),
            Vec::new(),
        ))
        .await
        .unwrap_err();
    assert_eq!(
        refusal(refused),
        (Code::InvalidArgument, vec!["value_ids".to_owned()])
    );
    let refused = lw
        .record_activity(activity(
            pb::record_activity_request::Place::Community(pb::CommunityGroup {
                village_code: VILLAGE.to_owned(),
                name: "RW 03".to_owned(),
            }),
            vec![unknown.to_owned()],
        ))
        .await
        .unwrap_err();
    assert_eq!(
        refused.code(),
        Code::NotFound,
        "an unknown value: {refused:?}"
    );

    // Nothing was recorded.
    let admin = site.host().admin_token.clone();
    let mut read = site.capacity(&admin).await;
    let people = read
        .list_people(pb::ListPeopleRequest::default())
        .await
        .expect("list people")
        .into_inner()
        .people;
    assert!(people.is_empty(), "{people:?}");
    let programmes = read
        .list_programmes(pb::ListProgrammesRequest::default())
        .await
        .expect("list programmes")
        .into_inner()
        .programmes;
    assert!(programmes.is_empty());
    let cohorts = read
        .list_cohorts(pb::ListCohortsRequest::default())
        .await
        .expect("list cohorts")
        .into_inner()
        .cohorts;
    assert!(cohorts.is_empty());
    let activities = site
        .local_wisdom(&admin)
        .await
        .list_activities(pb::ListActivitiesRequest {
            include_voided: true,
            ..pb::ListActivitiesRequest::default()
        })
        .await
        .expect("list activities")
        .into_inner()
        .activities;
    assert!(activities.is_empty());
}

#[tokio::test]
async fn bad_input_is_refused_and_records_nothing_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    bad_input_is_refused_and_records_nothing(&Site::up(dir.path())).await;
}

#[tokio::test]
async fn bad_input_is_refused_and_records_nothing_on_postgres() {
    bad_input_is_refused_and_records_nothing(&Site::distributed()).await;
}
