//! Partners in actions: a partner registered through the partnerships service reaches
//! the advocacy service's partners view from its events (on SQLite: the same process
//! follows the partnerships store; under `berdaya serve`: partnerships and advocacy run
//! in processes of their own, on databases of their own, and the events cross NATS
//! JetStream), and an action naming it is recorded; an unknown
//! partner, one serving none of the caller's regions and a retired one are refused,
//! naming the field, with nothing written; a suspended one still takes part.

use std::time::Duration;

use berdaya_proto::berdaya::advocacy::v1 as pb;
use berdaya_proto::berdaya::partnerships::v1 as ppb;
use tonic::Code;

use crate::advocacy::site::*;
use crate::common::fixtures::rule_fields;

/// A partner of `kind` serving `region`, registered by the admin; returns its id.
async fn register(site: &Site, key: &str, name: &str, region: &str) -> String {
    let host = site.partnerships_host();
    let mut partners = host.partners(&host.admin_token).await;
    partners
        .register_partner(ppb::RegisterPartnerRequest {
            context: context(key),
            kind: ppb::PartnerKind::Ngo as i32,
            legal_name: name.to_owned(),
            regions_served: vec![region.to_owned()],
            contacts: vec![ppb::ContactInput {
                position: "Koordinator advokasi".to_owned(),
                personal: Some(ppb::ContactPersonalData {
                    full_name: "Rina Kusuma".to_owned(),
                    phone: "+6281234567890".to_owned(),
                    email: String::new(),
                }),
            }],
            registered_on: days_ago(400),
            ..ppb::RegisterPartnerRequest::default()
        })
        .await
        .expect("register a partner")
        .into_inner()
        .partner
        .expect("partner")
        .partner_id
}

/// Takes `request` until the partners it names have reached the advocacy view (a
/// refusal writes nothing, so asking again with the same key is safe), bounded.
async fn act_once_known(client: &mut Client, request: pb::TakeActionRequest) -> pb::AdvocacyCase {
    for _ in 0..300 {
        match client.take_action(request.clone()).await {
            Ok(answer) => return answer.into_inner().case.expect("case"),
            Err(status) if status.code() == Code::NotFound => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(status) => panic!("take action: {status:?}"),
        }
    }
    panic!("the partners never reached the advocacy view");
}

async fn actions_name_only_known_partners(site: Site) {
    // The partnerships writes first, the partner waited on last: once it is known, the
    // events before it in the partnerships log are applied too.
    let retired = register(&site, "pv-retired", "Yayasan Lama", "35.78").await;
    let host = site.partnerships_host();
    let mut partners = host.partners(&host.admin_token).await;
    partners
        .retire_partner(ppb::RetirePartnerRequest {
            context: context("pv-retire"),
            partner_id: retired.clone(),
            reason: "yayasan dibubarkan".to_owned(),
            retired_on: days_ago(1),
        })
        .await
        .expect("retire");
    let suspended = register(&site, "pv-suspended", "LSM Sementara", "35").await;
    partners
        .suspend_partner(ppb::SuspendPartnerRequest {
            context: context("pv-suspend"),
            partner_id: suspended.clone(),
            reason: "laporan kegiatan terlambat".to_owned(),
            // Empty means today, as the API documents.
            suspended_on: String::new(),
        })
        .await
        .expect("suspend");
    let elsewhere = register(&site, "pv-elsewhere", "LBH Semarang", "33.74").await;
    let lbh = register(&site, "pv-lbh", "LBH Surabaya", "35.78").await;

    let h1 = site.household(41, VILLAGE).await;
    let mut admin = site.admin().await;
    let mut ani = site.client(&["caseworker"], "pendamping-ani").await;
    let case = reported(&mut ani, "pv-report", std::slice::from_ref(&h1)).await;
    let id = case.case_id;
    ani.assess_case(assess("pv-assess", &id, 9))
        .await
        .expect("assess");
    ani.adopt_action_plan(plan("pv-plan", &id, 8))
        .await
        .expect("plan");

    let with = |key: &str, partner_ids: &[&String]| pb::TakeActionRequest {
        partner_ids: partner_ids.iter().map(|p| (*p).clone()).collect(),
        ..act(key, &id, std::slice::from_ref(&h1), 7)
    };
    let acted = act_once_known(&mut ani, with("pv-act", &[&lbh])).await;
    assert_eq!(acted.status, pb::CaseStatus::InAction as i32);
    assert_eq!(acted.actions[0].partner_ids, std::slice::from_ref(&lbh));
    let shown = get(&mut admin, &id).await;
    assert_eq!(
        shown.actions[0].partner_ids,
        std::slice::from_ref(&lbh),
        "in the case"
    );
    let before = shown.version;

    // Never registered: unknown, naming the field.
    let unknown = uuid::Uuid::now_v7().to_string();
    let status = ani
        .take_action(with("pv-unknown", &[&unknown]))
        .await
        .expect_err("an unknown partner");
    assert_eq!(status.code(), Code::NotFound, "{status:?}");
    assert!(status.message().contains("partner_ids[0]"), "{status:?}");
    assert_eq!(version(&mut admin, &id).await, before, "nothing written");

    // Serving only Semarang, outside East Java: as unknown as one never registered.
    let status = ani
        .take_action(with("pv-elsewhere", &[&lbh, &elsewhere]))
        .await
        .expect_err("a partner outside the caller's regions");
    assert_eq!(status.code(), Code::NotFound, "{status:?}");
    assert!(status.message().contains("partner_ids[1]"), "{status:?}");
    assert!(!status.message().contains("33.74"), "{status:?}");
    assert_eq!(version(&mut admin, &id).await, before, "nothing written");

    // Retired: no longer a partner.
    let status = ani
        .take_action(with("pv-retired-act", &[&retired]))
        .await
        .expect_err("a retired partner");
    assert_eq!(status.code(), Code::FailedPrecondition, "{status:?}");
    assert_eq!(rule_fields(&status), ["partner_ids[0]"]);
    assert_eq!(version(&mut admin, &id).await, before, "nothing written");

    // Suspended: still takes part, beside an active one.
    let acted = ani
        .take_action(with("pv-suspended-act", &[&lbh, &suspended]))
        .await
        .expect("a suspended partner takes part")
        .into_inner()
        .case
        .expect("case");
    assert_eq!(acted.actions.len(), 2);
    assert_eq!(acted.actions[1].partner_ids, [lbh, suspended]);
}

#[tokio::test]
async fn actions_name_only_known_partners_on_the_embedded_default() {
    let dir = tempfile::tempdir().expect("tempdir");
    actions_name_only_known_partners(Site::up(dir.path())).await;
}

#[tokio::test]
async fn actions_name_only_known_partners_heard_of_over_nats() {
    actions_name_only_known_partners(Site::postgres_with_partnerships()).await;
}
