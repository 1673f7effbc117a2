//! Partners, agreements, a network and referrals over gRPC, on both stores.

use berdaya_proto::berdaya::partnerships::v1 as pb;
use tokio_stream::StreamExt;
use tonic::Code;

use crate::partnerships::site::*;

/// One agreement's life and the referrals made under it: maker-checker signing, a
/// referral accepted and completed by the partner's own integration client, fulfilment
/// over 100 %, amendment versions kept, expired and terminated agreements refused, a
/// network with a joint action, the queries, personal data sealed in the history.
async fn partnership_life(site: &Site) {
    let household = site.household(VILLAGE, 1).await;
    let second = site.household(VILLAGE, 2).await;
    let cw_token = site.token(&["caseworker"], &["35.78"], "pendamping-ani");
    let spv_token = site.token(&["supervisor"], &["35.78"], "supervisor-budi");
    let mut cw = site.clients(&cw_token).await;
    let mut spv = site.clients(&spv_token).await;

    let bank = cw
        .partners
        .register_partner(register_partner(
            "bank",
            "PT Bank Rakyat Indonesia",
            pb::PartnerKind::Bank,
        ))
        .await
        .expect("register a bank")
        .into_inner()
        .partner
        .expect("partner");
    assert_eq!(bank.status, pb::PartnerStatus::Active as i32);
    assert_eq!(bank.contacts[0].full_name, "Siti Rahmawati");
    let again = cw
        .partners
        .register_partner(register_partner(
            "bank",
            "PT Bank Rakyat Indonesia",
            pb::PartnerKind::Bank,
        ))
        .await
        .expect("a retry answers the same")
        .into_inner()
        .partner
        .expect("partner");
    assert_eq!(
        (again.partner_id.as_str(), again.version),
        (bank.partner_id.as_str(), 1)
    );
    let bmt = cw
        .partners
        .register_partner(register_partner(
            "bmt",
            "BMT Sidogiri",
            pb::PartnerKind::CooperativeOrBmt,
        ))
        .await
        .expect("register a BMT")
        .into_inner()
        .partner
        .expect("partner");

    // The contact's name is sealed: the stored event does not carry it.
    let history: Vec<_> = cw
        .partners
        .stream_partner_history(pb::StreamPartnerHistoryRequest {
            partner_id: bank.partner_id.clone(),
        })
        .await
        .expect("history")
        .into_inner()
        .collect::<Result<Vec<_>, _>>()
        .await
        .expect("events");
    assert_eq!(history.len(), 1);
    let stored = &history[0].payload.as_ref().expect("payload").value;
    assert!(!stored.windows(14).any(|w| w == b"Siti Rahmawati"));

    // Erasing the BMT's contact destroys their key: the name reads as erased, the
    // history and its hash chain stay as they were.
    let contact = bmt.contacts[0].contact_id.clone();
    let erased = site
        .admin()
        .await
        .partners
        .erase_partner_personal_data(pb::ErasePartnerPersonalDataRequest {
            context: context("erase-bmt-contact"),
            partner_id: bmt.partner_id.clone(),
            contact_id: contact,
            reason: "permintaan subjek data".to_owned(),
        })
        .await
        .expect("erase")
        .into_inner()
        .partner
        .expect("partner");
    assert!(erased.contacts[0].personal_data_erased);
    assert_eq!(erased.contacts[0].full_name, "");
    let caseworker_erases = cw
        .partners
        .erase_partner_personal_data(pb::ErasePartnerPersonalDataRequest {
            context: context("erase-cw"),
            partner_id: bank.partner_id.clone(),
            contact_id: String::new(),
            reason: "coba".to_owned(),
        })
        .await
        .expect_err("only an admin erases");
    assert_eq!(caseworker_erases.code(), Code::PermissionDenied);
    let chain = cw
        .partners
        .verify_partner_history(pb::VerifyPartnerHistoryRequest {
            partner_id: bmt.partner_id.clone(),
        })
        .await
        .expect("verify")
        .into_inner();
    assert!(chain.intact);
    assert_eq!(chain.events, 2);

    // Drafted by a caseworker; signed by a supervisor who neither drafted nor revised it.
    let agreement = cw
        .agreements
        .draft_agreement(draft(
            "pks",
            &bank.partner_id,
            &days_ago(300),
            &days_ago(-300),
            10_000_000,
        ))
        .await
        .expect("draft")
        .into_inner()
        .agreement
        .expect("agreement");
    assert_eq!(agreement.status, pb::AgreementStatus::Drafted as i32);
    let id = agreement.agreement_id.clone();
    let credit = agreement.terms.as_ref().expect("terms").commitments[0]
        .commitment_id
        .clone();
    let caseworker_signs = cw
        .agreements
        .sign_agreement(sign("sign-cw", &id, &bank.partner_id, &days_ago(290)))
        .await
        .expect_err("a caseworker does not sign");
    assert_eq!(caseworker_signs.code(), Code::PermissionDenied);
    let signed = spv
        .agreements
        .sign_agreement(sign("sign", &id, &bank.partner_id, &days_ago(290)))
        .await
        .expect("supervisor signs")
        .into_inner()
        .agreement
        .expect("agreement");
    assert_eq!(signed.status, pb::AgreementStatus::InForce as i32);
    assert_eq!(signed.signed_by, "supervisor-budi");
    assert_eq!(signed.current_version, 1);

    // Self-signing: the supervisor who drafted one may not sign it off.
    let own = spv
        .agreements
        .draft_agreement(draft(
            "own",
            &bank.partner_id,
            &days_ago(300),
            &days_ago(-300),
            1_000_000,
        ))
        .await
        .expect("draft")
        .into_inner()
        .agreement
        .expect("agreement");
    let self_signed = spv
        .agreements
        .sign_agreement(sign(
            "own-sign",
            &own.agreement_id,
            &bank.partner_id,
            &days_ago(290),
        ))
        .await
        .expect_err("self-signing");
    assert_eq!(self_signed.code(), Code::FailedPrecondition);
    assert_eq!(rule_fields(&self_signed), ["agreement_id"]);

    // A referral under the agreement, accepted and completed by the bank's client.
    let referral = cw
        .referrals
        .make_referral(refer("ref-1", &household, &bank.partner_id, &id, &credit))
        .await
        .expect("refer")
        .into_inner()
        .referral
        .expect("referral");
    assert_eq!(referral.status, pb::ReferralStatus::Referred as i32);
    assert_eq!(referral.village_code, VILLAGE);
    let bank_client = site.token(
        &["integration"],
        &["35.78"],
        &format!("partner:{}", bank.partner_id),
    );
    let mut bank_side = site.clients(&bank_client).await;
    let early = bank_side
        .referrals
        .complete_referral(pb::CompleteReferralRequest {
            context: context("complete-early"),
            referral_id: referral.referral_id.clone(),
            completed_on: days_ago(8),
            outcome: loan(12_000_000),
            note: String::new(),
        })
        .await
        .expect_err("no completion before acceptance");
    assert_eq!(early.code(), Code::FailedPrecondition);
    assert_eq!(rule_fields(&early), ["referral_id"]);
    bank_side
        .referrals
        .accept_referral(pb::AcceptReferralRequest {
            context: context("accept"),
            referral_id: referral.referral_id.clone(),
            accepted_on: days_ago(9),
            note: "survei usaha dijadwalkan".to_owned(),
        })
        .await
        .expect("the bank accepts");
    let done = bank_side
        .referrals
        .complete_referral(pb::CompleteReferralRequest {
            context: context("complete"),
            referral_id: referral.referral_id.clone(),
            completed_on: days_ago(8),
            outcome: loan(12_000_000),
            note: "cair".to_owned(),
        })
        .await
        .expect("the bank completes")
        .into_inner()
        .referral
        .expect("referral");
    assert_eq!(done.status, pb::ReferralStatus::Completed as i32);

    // A client of another partner cannot answer the bank's referrals.
    let other = cw
        .referrals
        .make_referral(refer("ref-2", &second, &bank.partner_id, "", ""))
        .await
        .expect("refer without an agreement")
        .into_inner()
        .referral
        .expect("referral");
    let bmt_client = site.token(
        &["integration"],
        &["35.78"],
        &format!("partner:{}", bmt.partner_id),
    );
    let foreign = site
        .clients(&bmt_client)
        .await
        .referrals
        .decline_referral(pb::DeclineReferralRequest {
            context: context("foreign-decline"),
            referral_id: other.referral_id.clone(),
            declined_on: days_ago(1),
            reason: "bukan wilayah kami".to_owned(),
        })
        .await
        .expect_err("another partner's client");
    assert_eq!(foreign.code(), Code::FailedPrecondition);

    // Fulfilment: 12 million against a target of 10 million is 120 %, said as such.
    let fulfilment = cw
        .agreements
        .get_commitment_fulfilment(pb::GetCommitmentFulfilmentRequest {
            agreement_id: id.clone(),
            as_of: String::new(),
        })
        .await
        .expect("fulfilment")
        .into_inner();
    let credit_line = &fulfilment.commitments[0];
    assert_eq!(credit_line.referrals_completed, 1);
    assert_eq!(credit_line.percent_basis_points, 12_000);
    assert_eq!(credit_line.band, pb::FulfilmentBand::Exceeded as i32);

    // An amendment makes version 2; version 1 stays readable as it was.
    use pb::quantity::Value;
    let amended = spv
        .agreements
        .amend_agreement(pb::AmendAgreementRequest {
            context: context("amend"),
            agreement_id: id.clone(),
            amended_on: days_ago(5),
            summary: "target kredit dinaikkan".to_owned(),
            changes: Some(pb::AgreementChanges {
                revised_targets: vec![pb::TargetRevision {
                    commitment_id: credit.clone(),
                    target: Some(pb::Quantity {
                        value: Some(Value::Amount(20_000_000)),
                    }),
                }],
                ..pb::AgreementChanges::default()
            }),
            document: Some(pb::Document {
                reference: "400.9/124/DINSOS/2026".to_owned(),
                sha256: sha(8),
            }),
        })
        .await
        .expect("amend")
        .into_inner()
        .agreement
        .expect("agreement");
    assert_eq!(amended.current_version, 2);
    let first = cw
        .agreements
        .get_agreement_version(pb::GetAgreementVersionRequest {
            agreement_id: id.clone(),
            version: 1,
        })
        .await
        .expect("version 1")
        .into_inner();
    let target = |v: &pb::AgreementVersion| {
        v.terms.as_ref().expect("terms").commitments[0]
            .target
            .and_then(|t| t.value)
    };
    assert_eq!(target(&first), Some(Value::Amount(10_000_000)));
    let second_version = cw
        .agreements
        .get_agreement_version(pb::GetAgreementVersionRequest {
            agreement_id: id.clone(),
            version: 2,
        })
        .await
        .expect("version 2")
        .into_inner();
    assert_eq!(target(&second_version), Some(Value::Amount(20_000_000)));
    assert_eq!(second_version.change, pb::VersionChange::Amended as i32);

    // An agreement past its end date is expired without anyone recording it, and no
    // referral is made under it; nor under a terminated one.
    let lapsed = cw
        .agreements
        .draft_agreement(draft(
            "lapsed",
            &bank.partner_id,
            &days_ago(370),
            &days_ago(5),
            5_000_000,
        ))
        .await
        .expect("draft")
        .into_inner()
        .agreement
        .expect("agreement");
    let lapsed = spv
        .agreements
        .sign_agreement(sign(
            "lapsed-sign",
            &lapsed.agreement_id,
            &bank.partner_id,
            &days_ago(360),
        ))
        .await
        .expect("sign")
        .into_inner()
        .agreement
        .expect("agreement");
    assert_eq!(lapsed.status, pb::AgreementStatus::Expired as i32);
    assert_eq!(lapsed.expires_on, days_ago(4));
    let under_lapsed = cw
        .referrals
        .make_referral(pb::MakeReferralRequest {
            referred_on: days_ago(1),
            ..refer(
                "ref-lapsed",
                &second,
                &bank.partner_id,
                &lapsed.agreement_id,
                "",
            )
        })
        .await
        .expect_err("under an expired agreement");
    assert_eq!(under_lapsed.code(), Code::FailedPrecondition);
    assert_eq!(rule_fields(&under_lapsed), ["agreement_id"]);
    let ended = cw
        .agreements
        .draft_agreement(draft(
            "ended",
            &bank.partner_id,
            &days_ago(300),
            &days_ago(-300),
            5_000_000,
        ))
        .await
        .expect("draft")
        .into_inner()
        .agreement
        .expect("agreement");
    spv.agreements
        .sign_agreement(sign(
            "ended-sign",
            &ended.agreement_id,
            &bank.partner_id,
            &days_ago(290),
        ))
        .await
        .expect("sign");
    spv.agreements
        .terminate_agreement(pb::TerminateAgreementRequest {
            context: context("terminate"),
            agreement_id: ended.agreement_id.clone(),
            terminated_on: days_ago(3),
            reason: "mitra menghentikan program".to_owned(),
        })
        .await
        .expect("terminate");
    let under_ended = cw
        .referrals
        .make_referral(pb::MakeReferralRequest {
            referred_on: days_ago(1),
            ..refer(
                "ref-ended",
                &second,
                &bank.partner_id,
                &ended.agreement_id,
                "",
            )
        })
        .await
        .expect_err("under a terminated agreement");
    assert_eq!(under_ended.code(), Code::FailedPrecondition);
    assert_eq!(rule_fields(&under_ended), ["agreement_id"]);

    // A network of the two partners, with a joint action held.
    let network = cw
        .networks
        .form_network(pb::FormNetworkRequest {
            context: context("forum"),
            network_id: String::new(),
            kind: pb::NetworkKind::Forum as i32,
            name: "Forum Kemitraan Kota Surabaya".to_owned(),
            region_code: "35.78".to_owned(),
            purpose: "Koordinasi akses kredit dan pasar".to_owned(),
            formed_on: days_ago(100),
            founding_partner_ids: vec![bank.partner_id.clone(), bmt.partner_id.clone()],
        })
        .await
        .expect("form a network")
        .into_inner()
        .network
        .expect("network");
    let action = cw
        .networks
        .plan_joint_action(pb::PlanJointActionRequest {
            context: context("bazar"),
            network_id: network.network_id.clone(),
            action_id: String::new(),
            title: "Bazar produk KUBE".to_owned(),
            description: "Pameran dan penjualan produk".to_owned(),
            planned_on: days_ago(20),
            location: "Balai Kota Surabaya".to_owned(),
        })
        .await
        .expect("plan")
        .into_inner()
        .network
        .expect("network")
        .actions[0]
        .action_id
        .clone();
    let held = cw
        .networks
        .record_joint_action_held(pb::RecordJointActionHeldRequest {
            context: context("bazar-held"),
            network_id: network.network_id.clone(),
            action_id: action,
            held_on: days_ago(20),
            participant_partner_ids: vec![bank.partner_id.clone()],
            attendance: 120,
            outcome: "35 produk terjual".to_owned(),
        })
        .await
        .expect("held")
        .into_inner()
        .network
        .expect("network");
    assert_eq!(held.actions[0].status, pb::JointActionStatus::Held as i32);

    // The queries.
    let banks = cw
        .partners
        .list_partners(pb::ListPartnersRequest {
            region_prefix: "35.78".to_owned(),
            kind: pb::PartnerKind::Bank as i32,
            ..Default::default()
        })
        .await
        .expect("list partners")
        .into_inner()
        .partners;
    assert_eq!(banks.len(), 1);
    assert_eq!(banks[0].partner_id, bank.partner_id);
    let in_force = cw
        .agreements
        .list_agreements(pb::ListAgreementsRequest {
            region_prefix: "35.78".to_owned(),
            status: pb::AgreementStatus::InForce as i32,
            ..Default::default()
        })
        .await
        .expect("in force")
        .into_inner()
        .agreements;
    assert_eq!(in_force.len(), 1, "{in_force:?}");
    assert_eq!(in_force[0].agreement_id, id);
    let expiring = cw
        .agreements
        .list_expiring_agreements(pb::ListExpiringAgreementsRequest {
            region_prefix: "35.78".to_owned(),
            within_days: 365,
            ..Default::default()
        })
        .await
        .expect("expiring")
        .into_inner()
        .agreements;
    assert_eq!(expiring.len(), 1);
    assert_eq!(expiring[0].days_remaining, 300);
    let completed = cw
        .referrals
        .list_referrals(pb::ListReferralsRequest {
            region_prefix: "35.78".to_owned(),
            status: pb::ReferralStatus::Completed as i32,
            ..Default::default()
        })
        .await
        .expect("list referrals")
        .into_inner()
        .referrals;
    assert_eq!(completed.len(), 1);
    let by_partner = cw
        .referrals
        .list_referrals(pb::ListReferralsRequest {
            region_prefix: "35.78".to_owned(),
            partner_id: bank.partner_id.clone(),
            ..Default::default()
        })
        .await
        .expect("by partner")
        .into_inner()
        .referrals;
    assert_eq!(by_partner.len(), 2);
    let mine = cw
        .referrals
        .get_household_referrals(pb::GetHouseholdReferralsRequest {
            household_id: household.clone(),
        })
        .await
        .expect("household referrals")
        .into_inner();
    assert_eq!((mine.completed, mine.credit_obtained), (1, 12_000_000));
    let chain = cw
        .agreements
        .verify_agreement_history(pb::VerifyAgreementHistoryRequest { agreement_id: id })
        .await
        .expect("verify")
        .into_inner();
    assert!(chain.intact);
    assert_eq!(chain.events, 3);
}

#[tokio::test]
async fn partnerships_live_their_life_on_the_embedded_default() {
    let dir = tempfile::tempdir().expect("tempdir");
    partnership_life(&Site::up(dir.path())).await;
}

#[tokio::test]
async fn partnerships_live_their_life_on_postgresql() {
    partnership_life(&Site::serve()).await;
}
