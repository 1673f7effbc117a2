//! The people who run the programme over gRPC on both stores: registration with sealed
//! personal data, a NIK held by one person, a recipient cadre with their household,
//! lists by role and region, deactivation, erasure.

use berdaya_proto::berdaya::capacity::v1 as pb;
use tonic::Code;

use crate::capacity::site::*;

/// Active pendamping PKH in Kota Surabaya.
fn pkh_in_surabaya() -> pb::ListPeopleRequest {
    pb::ListPeopleRequest {
        region_prefix: "35.78".to_owned(),
        role: pb::PersonRole::PendampingPkh as i32,
        include_inactive: false,
        page: None,
    }
}

async fn people_are_registered_listed_and_erased(site: &Site) {
    let mut admin = site.admin().await;
    let caseworker = site.token(&["caseworker"], "staf-ani");
    let mut cw = site.capacity(&caseworker).await;

    let register = |key: &str, nik: &str| pb::RegisterPersonRequest {
        context: context(key),
        role: pb::PersonRole::PendampingPkh as i32,
        region_code: "35.78".to_owned(),
        registered_on: days_ago(30),
        full_name: "Nur Aini".to_owned(),
        nik: nik.to_owned(),
        phone: "+6281234567890".to_owned(),
        email: "nur.aini@example.org".to_owned(),
        ..pb::RegisterPersonRequest::default()
    };
    let registered = cw
        .register_person(register("reg-1", "3578015203850002"))
        .await
        .expect("register")
        .into_inner()
        .person
        .expect("person");
    assert_eq!(registered.full_name, "Nur Aini");
    assert_eq!(registered.region_name, "Kota Surabaya");
    let id = registered.person_id.clone();
    // A retry answers the same; another registration with the same NIK is refused.
    let again = cw
        .register_person(register("reg-1", "3578015203850002"))
        .await
        .expect("retry")
        .into_inner()
        .person
        .expect("person");
    assert_eq!((again.person_id.as_str(), again.version), (id.as_str(), 1));
    let refused = cw
        .register_person(register("reg-2", "3578015203850002"))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::AlreadyExists, "{refused:?}");
    assert_eq!(bad_fields(&refused), ["nik"]);

    // A cadre is registered with their own registry household.
    let household = household(site, 41).await;
    let cadre = eventually(|| {
        let mut cw = cw.clone();
        let household = household.clone();
        async move {
            cw.register_person(pb::RegisterPersonRequest {
                context: context("reg-cadre"),
                role: pb::PersonRole::RecipientCadre as i32,
                region_code: VILLAGE.to_owned(),
                household_id: household,
                registered_on: days_ago(5),
                full_name: "Siti Kader".to_owned(),
                ..pb::RegisterPersonRequest::default()
            })
            .await
        }
    })
    .await
    .expect("register a cadre once the household is known")
    .into_inner()
    .person
    .expect("person");
    assert_eq!(cadre.placement.expect("placement").household_id, household);

    let listed = cw
        .list_people(pkh_in_surabaya())
        .await
        .expect("list")
        .into_inner()
        .people;
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].person_id, id);
    // Reading outside the caller's regions is refused.
    let refused = cw
        .list_people(pb::ListPeopleRequest::default())
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied);

    cw.deactivate_person(pb::DeactivatePersonRequest {
        context: context("deact-1"),
        person_id: id.clone(),
        reason: pb::DeactivationReason::ContractEnded as i32,
        deactivated_on: days_ago(1),
        note: "kontrak 2026 selesai".to_owned(),
    })
    .await
    .expect("deactivate");
    let active = cw
        .list_people(pkh_in_surabaya())
        .await
        .expect("list")
        .into_inner()
        .people;
    assert!(active.is_empty());

    // Erasure is the admin's; afterwards the data reads as erased and the NIK is free.
    let refused = cw
        .erase_personal_data(pb::ErasePersonalDataRequest {
            context: context("erase-cw"),
            person_id: id.clone(),
            reason: "permintaan subjek data".to_owned(),
        })
        .await
        .unwrap_err();
    assert_eq!(refused.code(), Code::PermissionDenied);
    let erased = admin
        .erase_personal_data(pb::ErasePersonalDataRequest {
            context: context("erase-1"),
            person_id: id.clone(),
            reason: "permintaan subjek data (UU PDP)".to_owned(),
        })
        .await
        .expect("erase")
        .into_inner()
        .person
        .expect("person");
    assert!(erased.personal_data_erased);
    let read = admin
        .get_person(pb::GetPersonRequest {
            person_id: id.clone(),
        })
        .await
        .expect("get")
        .into_inner();
    assert_eq!(
        (
            read.full_name.as_str(),
            read.nik.as_str(),
            read.email.as_str()
        ),
        ("", "", "")
    );
    assert!(read.personal_data_erased);
    cw.register_person(register("reg-3", "3578015203850002"))
        .await
        .expect("the erased person's NIK is free again");
    let verified = admin
        .verify_person_history(pb::VerifyPersonHistoryRequest { person_id: id })
        .await
        .expect("verify")
        .into_inner();
    assert!(verified.intact);
}

#[tokio::test]
async fn people_are_registered_listed_and_erased_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    people_are_registered_listed_and_erased(&Site::up(dir.path())).await;
}

#[tokio::test]
async fn people_are_registered_listed_and_erased_on_postgres() {
    people_are_registered_listed_and_erased(&Site::distributed()).await;
}
