//! `berdaya up --demo`, strategy 4: partners of the demo province (a bank, a BMT, a
//! microfinance institution, a university and a company), a PKS credit agreement in
//! force, an MoU that expired at the end of June 2026 without anyone recording it, a
//! forum of partners with a joint action held, and referrals of the first demo
//! households (one completed with a loan, one accepted, one declined, one awaiting the
//! partner). Seeded through the real API; ids, dates and idempotency keys are fixed, so
//! seeding twice records nothing new.

use std::time::Duration;

use berdaya_platform::Role;
use berdaya_platform::demo::{as_admin as admin, as_subject, context};
use berdaya_proto::berdaya::partnerships::v1 as pb;
use berdaya_proto::berdaya::partnerships::v1::agreements_service_server::AgreementsService;
use berdaya_proto::berdaya::partnerships::v1::networks_service_server::NetworksService;
use berdaya_proto::berdaya::partnerships::v1::partners_service_server::PartnersService;
use berdaya_proto::berdaya::partnerships::v1::referrals_service_server::ReferralsService;
use uuid::Uuid;

use crate::PartnershipsApi;

/// How long seeding waits for the service to hear of the demo households.
const VIEW_WAIT: Duration = Duration::from_secs(30);

/// The id the households demo gives its household number `n` (from 1).
fn household(n: u128) -> Uuid {
    Uuid::from_u128(0x0000_0000_0000_7000_8000_0000_0000_0000 | n)
}

/// A fixed id of this demo: `kind` 1 partners, 2 agreements, 3 networks, 4 referrals.
fn fixed(kind: u128, n: u128) -> String {
    Uuid::from_u128(0x0000_0000_0000_7000_a000_0000_0000_0000 | (kind << 16) | n).to_string()
}

/// The village of a demo household, once the service has heard of it.
async fn village_of(api: &PartnershipsApi, id: Uuid) -> anyhow::Result<String> {
    let deadline = tokio::time::Instant::now() + VIEW_WAIT;
    loop {
        if let Some(village) = api.household_village(id).await? {
            return Ok(village);
        }
        if tokio::time::Instant::now() >= deadline {
            anyhow::bail!("demo household {id} is unknown to partnerships");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn sha(n: u8) -> String {
    format!("{n:02x}").repeat(32)
}

fn amount(rupiah: i64) -> Option<pb::Quantity> {
    Some(pb::Quantity {
        value: Some(pb::quantity::Value::Amount(rupiah)),
    })
}

fn count(n: i64) -> Option<pb::Quantity> {
    Some(pb::Quantity {
        value: Some(pb::quantity::Value::Count(n)),
    })
}

/// The demo partners: (number, kind, legal name, contact's name).
const PARTNERS: [(u128, pb::PartnerKind, &str, &str); 5] = [
    (
        1,
        pb::PartnerKind::Bank,
        "PT Bank Rakyat Indonesia (Persero) Tbk Unit Karang Pilang",
        "Siti Rahmawati",
    ),
    (
        2,
        pb::PartnerKind::CooperativeOrBmt,
        "BMT Sidogiri Cabang Surabaya",
        "Ahmad Fauzi",
    ),
    (
        3,
        pb::PartnerKind::MicrofinanceInstitution,
        "PT Permodalan Nasional Madani (Mekaar)",
        "Dewi Lestari",
    ),
    (
        4,
        pb::PartnerKind::University,
        "Universitas Airlangga (LPPM)",
        "Dr. Hendra Wijaya",
    ),
    (
        5,
        pb::PartnerKind::Business,
        "PT Sampoerna Tbk (program TJSL)",
        "Rina Kusuma",
    ),
];

/// Seeds the demo; returns what it holds, for people.
///
/// # Errors
/// When a call fails for any reason other than having been made before.
pub(crate) async fn seed(api: &PartnershipsApi) -> anyhow::Result<String> {
    let households: Vec<Uuid> = (1..=4).map(household).collect();
    let village = village_of(api, households[0]).await?;
    for h in &households[1..] {
        village_of(api, *h).await?;
    }
    let regency = village[..5].to_owned();
    for (n, kind, name, contact) in PARTNERS {
        api.register_partner(admin(pb::RegisterPartnerRequest {
            context: context(format!("demo-partner-{n}")),
            partner_id: fixed(1, n),
            kind: kind as i32,
            legal_name: name.to_owned(),
            registration_number: String::new(),
            regions_served: vec![regency.clone()],
            contacts: vec![pb::ContactInput {
                position: "Koordinator kemitraan".to_owned(),
                personal: Some(pb::ContactPersonalData {
                    full_name: contact.to_owned(),
                    phone: format!("+62812000000{n:02}"),
                    email: String::new(),
                }),
            }],
            registered_on: "2025-01-02".to_owned(),
        }))
        .await?;
    }
    let (bank, bmt, university, company) = (fixed(1, 1), fixed(1, 2), fixed(1, 4), fixed(1, 5));
    let credit = fixed(2, 101);
    let agreements = [
        // A PKS for credit in force to the end of 2028.
        (
            1,
            pb::AgreementKind::Pks,
            &bank,
            "PKS penyaluran KUR Mikro bagi keluarga binaan",
            "2026-01-01",
            "2028-12-31",
            pb::Commitment {
                commitment_id: credit.clone(),
                provider_partner_id: bank.clone(),
                kind: pb::CommitmentKind::CreditLine as i32,
                description: "KUR Mikro untuk keluarga binaan dan anggota KUBE".to_owned(),
                target: amount(250_000_000),
                period_start: "2026-01-01".to_owned(),
                period_end: "2028-12-31".to_owned(),
            },
        ),
        // An MoU with the university that ran to the end of June 2026: expired since.
        (
            2,
            pb::AgreementKind::Mou,
            &university,
            "Nota kesepahaman pelatihan kewirausahaan",
            "2025-07-01",
            "2026-06-30",
            pb::Commitment {
                commitment_id: fixed(2, 102),
                provider_partner_id: university.clone(),
                kind: pb::CommitmentKind::TrainingPlaces as i32,
                description: "Kursus kewirausahaan mahasiswa KKN".to_owned(),
                target: count(40),
                period_start: "2025-07-01".to_owned(),
                period_end: "2026-06-30".to_owned(),
            },
        ),
    ];
    for (n, kind, partner, title, start, end, commitment) in agreements {
        let id = fixed(2, n);
        api.draft_agreement(admin(pb::DraftAgreementRequest {
            context: context(format!("demo-agreement-{n}-draft")),
            agreement_id: id.clone(),
            kind: kind as i32,
            region_code: regency.clone(),
            title: title.to_owned(),
            purpose: "Akses keluarga miskin ke kredit, pasar dan pelatihan".to_owned(),
            partner_ids: vec![partner.clone()],
            start_date: start.to_owned(),
            end_date: end.to_owned(),
            commitments: vec![commitment],
            drafted_on: "2025-06-20".to_owned(),
        }))
        .await?;
        let signatory = |partner_id: &str, name: &str| pb::SignatoryInput {
            partner_id: partner_id.to_owned(),
            position: "Kepala".to_owned(),
            personal: Some(pb::SignatoryPersonalData {
                full_name: name.to_owned(),
            }),
        };
        api.sign_agreement(as_subject(
            "demo-supervisor",
            &[Role::Supervisor],
            pb::SignAgreementRequest {
                context: context(format!("demo-agreement-{n}-sign")),
                agreement_id: id,
                signed_on: "2025-06-28".to_owned(),
                signatories: vec![
                    signatory("", "Kepala Dinas Sosial"),
                    signatory(partner, "Pimpinan mitra"),
                ],
                document: Some(pb::Document {
                    reference: format!("400.9/{n}/DINSOS/2024"),
                    sha256: sha(u8::try_from(n).unwrap_or(0)),
                }),
            },
        ))
        .await?;
    }
    let forum = fixed(3, 1);
    api.form_network(admin(pb::FormNetworkRequest {
        context: context("demo-network-form".to_owned()),
        network_id: forum.clone(),
        kind: pb::NetworkKind::Forum as i32,
        name: "Forum CSR dan Kemitraan Sosial".to_owned(),
        region_code: regency.clone(),
        purpose: "Koordinasi program TJSL, kredit dan pemasaran produk KUBE".to_owned(),
        formed_on: "2026-02-01".to_owned(),
        founding_partner_ids: vec![bank.clone(), bmt.clone(), company.clone()],
    }))
    .await?;
    let bazaar = fixed(3, 101);
    api.plan_joint_action(admin(pb::PlanJointActionRequest {
        context: context("demo-network-plan".to_owned()),
        network_id: forum.clone(),
        action_id: bazaar.clone(),
        title: "Bazar produk KUBE".to_owned(),
        description: "Pameran dan penjualan produk KUBE binaan".to_owned(),
        planned_on: "2026-08-17".to_owned(),
        location: "Balai kelurahan".to_owned(),
    }))
    .await?;
    api.record_joint_action_held(admin(pb::RecordJointActionHeldRequest {
        context: context("demo-network-held".to_owned()),
        network_id: forum,
        action_id: bazaar,
        held_on: "2026-08-17".to_owned(),
        participant_partner_ids: vec![bank.clone(), company.clone()],
        attendance: 150,
        outcome: "Produk 12 KUBE dipamerkan; 3 pembeli tetap".to_owned(),
    }))
    .await?;
    seed_referrals(api, &households, &bank, &credit, &company, &university).await?;
    Ok(format!(
        "{} partners, 2 agreements (1 expired), 1 network, 4 referrals",
        PARTNERS.len()
    ))
}

async fn seed_referrals(
    api: &PartnershipsApi,
    households: &[Uuid],
    bank: &str,
    credit: &str,
    company: &str,
    university: &str,
) -> anyhow::Result<()> {
    use pb::make_referral_request::Referee;
    let referrals = [
        (
            1,
            bank,
            pb::ReferralPurpose::Credit,
            credit,
            "Modal usaha warung sembako",
        ),
        (
            2,
            bank,
            pb::ReferralPurpose::Credit,
            credit,
            "Modal ternak kambing",
        ),
        (
            3,
            company,
            pb::ReferralPurpose::Marketing,
            "",
            "Pemasaran kerupuk ke jaringan toko",
        ),
        (
            4,
            university,
            pb::ReferralPurpose::Training,
            "",
            "Pelatihan pembukuan usaha",
        ),
    ];
    for (i, (n, partner, purpose, commitment, need)) in referrals.into_iter().enumerate() {
        let id = fixed(4, n);
        let key = |step: &str| context(format!("demo-referral-{n}-{step}"));
        api.make_referral(admin(pb::MakeReferralRequest {
            context: key("make"),
            referral_id: id.clone(),
            referee: Some(Referee::HouseholdId(households[i].to_string())),
            partner_id: partner.to_owned(),
            purpose: purpose as i32,
            agreement_id: if commitment.is_empty() {
                String::new()
            } else {
                fixed(2, 1)
            },
            commitment_id: commitment.to_owned(),
            need: need.to_owned(),
            referred_on: "2026-07-01".to_owned(),
        }))
        .await?;
        match n {
            1 | 2 => {
                api.accept_referral(admin(pb::AcceptReferralRequest {
                    context: key("accept"),
                    referral_id: id.clone(),
                    accepted_on: "2026-07-08".to_owned(),
                    note: "survei usaha".to_owned(),
                }))
                .await?;
            }
            3 => {
                api.decline_referral(admin(pb::DeclineReferralRequest {
                    context: key("decline"),
                    referral_id: id.clone(),
                    declined_on: "2026-07-10".to_owned(),
                    reason: "produk belum memenuhi standar kemasan".to_owned(),
                }))
                .await?;
            }
            _ => {}
        }
        if n == 1 {
            api.complete_referral(admin(pb::CompleteReferralRequest {
                context: key("complete"),
                referral_id: id,
                completed_on: "2026-07-20".to_owned(),
                outcome: Some(pb::ReferralOutcome {
                    outcome: Some(pb::referral_outcome::Outcome::LoanGranted(
                        pb::LoanGranted {
                            amount: 10_000_000,
                            scheme: "KUR Mikro".to_owned(),
                        },
                    )),
                }),
                note: "dana cair".to_owned(),
            }))
            .await?;
        }
    }
    Ok(())
}
