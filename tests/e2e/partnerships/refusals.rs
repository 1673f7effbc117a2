//! Bad requests: each answers with the right code and names the field, and changes
//! nothing (the partner's, agreement's and household's records stay as they were).

use berdaya_proto::berdaya::partnerships::v1 as pb;
use tonic::Code;
use uuid::Uuid;

use crate::partnerships::site::*;

async fn partner_count(clients: &mut Clients) -> usize {
    clients
        .partners
        .list_partners(pb::ListPartnersRequest {
            region_prefix: "35".to_owned(),
            ..Default::default()
        })
        .await
        .expect("list partners")
        .into_inner()
        .partners
        .len()
}

async fn referrals_of(clients: &mut Clients, household: &str) -> usize {
    clients
        .referrals
        .get_household_referrals(pb::GetHouseholdReferralsRequest {
            household_id: household.to_owned(),
        })
        .await
        .expect("household referrals")
        .into_inner()
        .referrals
        .len()
}

async fn refusals(site: &Site) {
    let household = site.household(VILLAGE, 11).await;
    let elsewhere = site.household(OTHER_VILLAGE, 12).await;
    let cw_token = site.token(&["caseworker"], &["35.78"], "pendamping-ani");
    let mut cw = site.clients(&cw_token).await;
    let mut admin = site.admin().await;
    let bank = cw
        .partners
        .register_partner(register_partner(
            "bank",
            "PT Bank Rakyat Indonesia",
            pb::PartnerKind::Bank,
        ))
        .await
        .expect("register")
        .into_inner()
        .partner
        .expect("partner")
        .partner_id;
    let partners = partner_count(&mut admin).await;

    // An unknown kind, an over-long name: INVALID_ARGUMENT naming each field.
    let bad = cw
        .partners
        .register_partner(pb::RegisterPartnerRequest {
            kind: 99,
            legal_name: "x".repeat(201),
            ..register_partner("bad-partner", "", pb::PartnerKind::Bank)
        })
        .await
        .expect_err("unknown kind and long name");
    assert_eq!(bad.code(), Code::InvalidArgument);
    assert_eq!(bad_fields(&bad), ["kind", "legal_name"]);
    assert_eq!(
        partner_count(&mut admin).await,
        partners,
        "nothing registered"
    );

    // An end date before the start date; a zero and a negative commitment target.
    let backwards = cw
        .agreements
        .draft_agreement(draft(
            "backwards",
            &bank,
            &days_ago(10),
            &days_ago(20),
            1_000_000,
        ))
        .await
        .expect_err("end before start");
    assert_eq!(backwards.code(), Code::InvalidArgument);
    assert!(
        bad_fields(&backwards).contains(&"end_date".to_owned()),
        "{backwards:?}"
    );
    for (key, target) in [("zero", 0), ("negative", -5)] {
        let refused = cw
            .agreements
            .draft_agreement(draft(key, &bank, &days_ago(10), &days_ago(-10), target))
            .await
            .expect_err("target not above zero");
        assert_eq!(refused.code(), Code::InvalidArgument, "{key}");
        assert_eq!(bad_fields(&refused), ["commitments[0].target"], "{key}");
    }
    let agreements = cw
        .agreements
        .list_agreements(pb::ListAgreementsRequest {
            region_prefix: "35.78".to_owned(),
            ..Default::default()
        })
        .await
        .expect("list")
        .into_inner()
        .agreements;
    assert!(
        agreements.is_empty(),
        "no agreement drafted: {agreements:?}"
    );

    // An unknown partner, an unknown household, a household outside the caller's
    // regions (answered exactly as an unknown one): NOT_FOUND, nothing referred.
    let unknown_partner = cw
        .referrals
        .make_referral(refer(
            "r-partner",
            &household,
            &Uuid::now_v7().to_string(),
            "",
            "",
        ))
        .await
        .expect_err("unknown partner");
    assert_eq!(unknown_partner.code(), Code::NotFound);
    let nobody = Uuid::now_v7().to_string();
    let unknown_household = cw
        .referrals
        .make_referral(refer("r-household", &nobody, &bank, "", ""))
        .await
        .expect_err("unknown household");
    assert_eq!(unknown_household.code(), Code::NotFound);
    assert!(unknown_household.message().contains("household"));
    let outside = cw
        .referrals
        .make_referral(refer("r-outside", &elsewhere, &bank, "", ""))
        .await
        .expect_err("household outside the caller's regions");
    assert_eq!(outside.code(), Code::NotFound);
    assert_eq!(
        outside.message().replace(&elsewhere, "ID"),
        unknown_household.message().replace(&nobody, "ID"),
        "outside reads exactly as unknown"
    );
    assert_eq!(referrals_of(&mut cw, &household).await, 0);
    assert_eq!(referrals_of(&mut admin, &elsewhere).await, 0);

    // An outcome on a declined referral.
    let referral = cw
        .referrals
        .make_referral(refer("r-1", &household, &bank, "", ""))
        .await
        .expect("refer")
        .into_inner()
        .referral
        .expect("referral")
        .referral_id;
    cw.referrals
        .decline_referral(pb::DeclineReferralRequest {
            context: context("decline"),
            referral_id: referral.clone(),
            declined_on: days_ago(1),
            reason: "usaha belum berjalan".to_owned(),
        })
        .await
        .expect("decline");
    let outcome = cw
        .referrals
        .complete_referral(pb::CompleteReferralRequest {
            context: context("complete-declined"),
            referral_id: referral.clone(),
            completed_on: days_ago(0),
            outcome: loan(1_000_000),
            note: String::new(),
        })
        .await
        .expect_err("an outcome on a declined referral");
    assert_eq!(outcome.code(), Code::FailedPrecondition);
    assert_eq!(rule_fields(&outcome), ["outcome"]);
    let after = cw
        .referrals
        .get_referral(pb::GetReferralRequest {
            referral_id: referral,
        })
        .await
        .expect("get")
        .into_inner();
    assert_eq!(
        (after.version, after.status, after.outcome),
        (2, pb::ReferralStatus::Declined as i32, None)
    );

    // A region the caller names outside its own: PERMISSION_DENIED naming the field.
    let far = cw
        .partners
        .register_partner(pb::RegisterPartnerRequest {
            regions_served: vec!["35.15".to_owned()],
            ..register_partner(
                "far",
                "Koperasi Sidoarjo",
                pb::PartnerKind::CooperativeOrBmt,
            )
        })
        .await
        .expect_err("a region outside the caller's");
    assert_eq!(far.code(), Code::PermissionDenied);
    assert!(far.message().contains("regions_served"));
    assert_eq!(partner_count(&mut admin).await, partners);
}

#[tokio::test]
async fn bad_requests_are_refused_and_change_nothing_on_the_embedded_default() {
    let dir = tempfile::tempdir().expect("tempdir");
    refusals(&Site::up(dir.path())).await;
}

#[tokio::test]
async fn bad_requests_are_refused_and_change_nothing_on_postgresql() {
    refusals(&Site::serve()).await;
}
