//! The distributed path: households, partnerships and reporting each in a `berdaya
//! serve` process of its own, on databases of their own, joined only by NATS
//! JetStream. Household events reach partnerships' view, and partnerships' events
//! reach the reporting projection, whose strategy-4 indicators show them.

use std::time::{Duration, Instant};

use berdaya_proto::berdaya::partnerships::v1 as pb;
use berdaya_proto::berdaya::reporting::v1 as rpb;

use crate::common::cluster::TIMEOUT;
use crate::common::{figure, month_days_ago, this_month};
use crate::partnerships::site::*;

/// The indicator's figure over Surabaya in the last month or two, where the referral's
/// dates (up to ten days back) put its facts (`None` while reporting does not answer).
async fn indicator(site: &Site, id: &str) -> Option<i64> {
    let reporting = site.reporting.as_ref().expect("reporting process");
    let attempt = async {
        reporting
            .reporting(&reporting.admin_token)
            .await
            .get_indicators(rpb::GetIndicatorsRequest {
                region_prefix: "35.78".into(),
                from_month: month_days_ago(31),
                to_month: this_month(),
                indicators: vec![id.to_owned()],
            })
            .await
    };
    match tokio::time::timeout(Duration::from_secs(5), attempt).await {
        Ok(Ok(answer)) => Some(figure(&answer.into_inner().series)),
        _ => None,
    }
}

async fn wait_for(site: &Site, id: &str, expected: i64) {
    let deadline = Instant::now() + TIMEOUT;
    let mut last = None;
    while Instant::now() < deadline {
        last = indicator(site, id).await;
        if last == Some(expected) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("{id} shows {last:?}, expected {expected}");
}

#[tokio::test]
async fn partnership_events_reach_reporting_over_nats() {
    let site = Site::serve_with(true);
    let household = site.household(VILLAGE, 21).await;
    let mut admin = site.admin().await;
    let bank = admin
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
    let cw_token = site.token(&["caseworker"], &["35.78"], "pendamping-ani");
    let agreement = site
        .clients(&cw_token)
        .await
        .agreements
        .draft_agreement(draft(
            "pks",
            &bank,
            &days_ago(300),
            &days_ago(-300),
            10_000_000,
        ))
        .await
        .expect("draft")
        .into_inner()
        .agreement
        .expect("agreement");
    admin
        .agreements
        .sign_agreement(sign("sign", &agreement.agreement_id, &bank, &days_ago(290)))
        .await
        .expect("sign");
    let commitment = agreement.terms.expect("terms").commitments[0]
        .commitment_id
        .clone();
    let referral = admin
        .referrals
        .make_referral(refer(
            "ref",
            &household,
            &bank,
            &agreement.agreement_id,
            &commitment,
        ))
        .await
        .expect("refer")
        .into_inner()
        .referral
        .expect("referral")
        .referral_id;
    admin
        .referrals
        .accept_referral(pb::AcceptReferralRequest {
            context: context("accept"),
            referral_id: referral.clone(),
            accepted_on: days_ago(9),
            note: String::new(),
        })
        .await
        .expect("accept");
    admin
        .referrals
        .complete_referral(pb::CompleteReferralRequest {
            context: context("complete"),
            referral_id: referral,
            completed_on: days_ago(8),
            outcome: loan(12_000_000),
            note: String::new(),
        })
        .await
        .expect("complete");

    wait_for(&site, "partnerships.credit_obtained", 12_000_000).await;
    wait_for(&site, "partnerships.referrals_completed", 1).await;
    wait_for(&site, "partnerships.households_reached", 1).await;
    wait_for(&site, "partnerships.partners_active", 1).await;
    wait_for(&site, "partnerships.agreements_in_force", 1).await;
}
