//! A KUBE group referred to a partner: the partnerships service hears of the group from
//! the enterprise context's events (its own view, no call to the enterprise service),
//! and files the referral under the group's village.

use std::time::Duration;

use berdaya_proto::berdaya::enterprise::v1 as epb;
use berdaya_proto::berdaya::partnerships::v1 as pb;
use tonic::Code;

use crate::partnerships::site::*;

#[tokio::test]
async fn a_kube_group_is_referred_to_a_partner_on_the_embedded_default() {
    let dir = tempfile::tempdir().expect("tempdir");
    let site = Site::up(dir.path());
    let mut members = Vec::new();
    for n in 31..=35 {
        members.push(site.household(VILLAGE, n).await);
    }
    let form = epb::FormGroupRequest {
        context: context("kube"),
        group_id: String::new(),
        name: "KUBE Mawar Lestari".to_owned(),
        village_code: VILLAGE.to_owned(),
        business_type: epb::BusinessType::Uep as i32,
        sector: "kerupuk".to_owned(),
        formed_on: days_ago(60),
        member_household_ids: members,
        facilitator_id: String::new(),
    };
    let mut enterprise = site
        .households
        .enterprise(&site.households.admin_token)
        .await;
    // The enterprise service hears of the households moments later too: a refusal
    // records nothing, so the same request may be sent again.
    let mut group = None;
    for _ in 0..150 {
        match enterprise.form_group(form.clone()).await {
            Ok(formed) => {
                group = formed.into_inner().group.map(|g| g.group_id);
                break;
            }
            Err(status) if status.code() == Code::FailedPrecondition => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(status) => panic!("form a KUBE group: {status}"),
        }
    }
    let group = group.expect("the households reached the enterprise view");
    let mut admin = site.admin().await;
    let company = admin
        .partners
        .register_partner(register_partner(
            "tjsl",
            "PT Sampoerna Tbk",
            pb::PartnerKind::Business,
        ))
        .await
        .expect("register")
        .into_inner()
        .partner
        .expect("partner")
        .partner_id;
    let request = pb::MakeReferralRequest {
        referee: Some(pb::make_referral_request::Referee::GroupId(group.clone())),
        purpose: pb::ReferralPurpose::Marketing as i32,
        ..refer("kube-ref", "", &company, "", "")
    };
    // The group's formation reaches the view moments later; until then it is unknown,
    // and a refusal records nothing, so the same request may simply be sent again.
    let mut answer = None;
    for _ in 0..150 {
        match admin.referrals.make_referral(request.clone()).await {
            Ok(made) => {
                answer = made.into_inner().referral;
                break;
            }
            Err(status) if status.code() == Code::NotFound => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(status) => panic!("refer the group: {status}"),
        }
    }
    let referral = answer.expect("the group reached the partnerships view");
    assert_eq!(
        referral.referee,
        Some(pb::referral::Referee::GroupId(group.clone()))
    );
    assert_eq!(referral.village_code, VILLAGE);
    let listed = admin
        .referrals
        .list_referrals(pb::ListReferralsRequest {
            region_prefix: "35.78".to_owned(),
            group_id: group,
            ..Default::default()
        })
        .await
        .expect("by group")
        .into_inner()
        .referrals;
    assert_eq!(listed.len(), 1);
}
