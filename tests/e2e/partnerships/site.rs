//! The deployment under test and the helpers every scenario uses.

use std::time::Duration;

use berdaya_proto::berdaya::partnerships::v1 as pb;
use berdaya_proto::berdaya::partnerships::v1::agreements_service_client::AgreementsServiceClient;
use berdaya_proto::berdaya::partnerships::v1::networks_service_client::NetworksServiceClient;
use berdaya_proto::berdaya::partnerships::v1::partners_service_client::PartnersServiceClient;
use berdaya_proto::berdaya::partnerships::v1::referrals_service_client::ReferralsServiceClient;
use chrono::NaiveDate;
use tonic::Code;
use tonic::service::interceptor::InterceptedService;
use tonic::transport::Channel;

use crate::common::cluster::Deployment;
pub(crate) use crate::common::fixtures::{bad_fields, context, rule_fields};
use crate::common::{Bearer, Berdaya, connect, fixtures, free_port, fresh_database};

/// Kelurahan Karang Pilang, Kota Surabaya: the village of the test households.
pub(crate) const VILLAGE: &str = "35.78.01.1001";
/// A village of Kabupaten Sidoarjo, outside a Surabaya caseworker's regions.
pub(crate) const OTHER_VILLAGE: &str = "35.15.01.2001";

type Channelled = InterceptedService<Channel, Bearer>;
pub(crate) type Partners = PartnersServiceClient<Channelled>;
pub(crate) type Agreements = AgreementsServiceClient<Channelled>;
pub(crate) type Networks = NetworksServiceClient<Channelled>;
pub(crate) type Referrals = ReferralsServiceClient<Channelled>;

/// One deployment: on SQLite one process hosts every service; under `serve` the
/// households and partnerships services run in processes of their own, on databases of
/// their own, linked by NATS.
pub(crate) struct Site {
    pub(crate) households: Berdaya,
    pub(crate) partnerships: Option<Berdaya>,
    /// The reporting process, in the distributed test.
    pub(crate) reporting: Option<Berdaya>,
    _deployment: Option<Deployment>,
}

/// Clients of the four services for one caller.
pub(crate) struct Clients {
    pub(crate) partners: Partners,
    pub(crate) agreements: Agreements,
    pub(crate) networks: Networks,
    pub(crate) referrals: Referrals,
}

impl Site {
    pub(crate) fn up(dir: &std::path::Path) -> Site {
        Site {
            households: Berdaya::up(dir, &[]),
            partnerships: None,
            reporting: None,
            _deployment: None,
        }
    }

    /// `berdaya serve` on PostgreSQL: households and partnerships each in a process of
    /// its own, household events reaching partnerships over NATS JetStream.
    pub(crate) fn serve() -> Site {
        Site::serve_with(false)
    }

    /// [`Site::serve`], with the reporting projection in a third process when
    /// `reporting`, hearing of every event over NATS too.
    pub(crate) fn serve_with(reporting: bool) -> Site {
        let deployment = Deployment::new();
        let mut settings = deployment.nats_settings();
        settings.push(("BERDAYA_METRICS_ADDR", "127.0.0.1:0".to_owned()));
        let households =
            Berdaya::serve_households_with(&deployment.database, free_port(), &settings);
        let partnerships =
            Berdaya::serve_service_with("partnerships", &fresh_database(), free_port(), &settings);
        let reporting = reporting.then(|| {
            let mut settings = settings.clone();
            settings.push(("BERDAYA_DASHBOARD_ADDR", "127.0.0.1:0".to_owned()));
            Berdaya::serve_service_with("reporting", &fresh_database(), free_port(), &settings)
        });
        Site {
            households,
            partnerships: Some(partnerships),
            reporting,
            _deployment: Some(deployment),
        }
    }

    pub(crate) fn host(&self) -> &Berdaya {
        self.partnerships.as_ref().unwrap_or(&self.households)
    }

    /// A token of the households process's keys (every process of a site shares them).
    pub(crate) fn token(&self, roles: &[&str], regions: &[&str], subject: &str) -> String {
        self.households.token(roles, regions, subject)
    }

    pub(crate) async fn clients(&self, token: &str) -> Clients {
        let channel = connect(&self.host().endpoint).await;
        let with = || InterceptedService::new(channel.clone(), Bearer::token(token));
        Clients {
            partners: PartnersServiceClient::new(with()),
            agreements: AgreementsServiceClient::new(with()),
            networks: NetworksServiceClient::new(with()),
            referrals: ReferralsServiceClient::new(with()),
        }
    }

    pub(crate) async fn admin(&self) -> Clients {
        let token = self.host().admin_token.clone();
        self.clients(&token).await
    }

    /// Registers household `n` in `village` and waits (bounded) until the partnerships
    /// service has heard of it.
    pub(crate) async fn household(&self, village: &str, n: u32) -> String {
        let id = fixtures::register(&self.households, village, n)
            .await
            .household_id;
        let mut referrals = self.admin().await.referrals;
        for _ in 0..300 {
            match referrals
                .get_household_referrals(pb::GetHouseholdReferralsRequest {
                    household_id: id.clone(),
                })
                .await
            {
                Ok(_) => return id,
                Err(status) if status.code() == Code::NotFound => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(status) => panic!("household {id}: {status}"),
            }
        }
        panic!("household {id} never reached the partnerships view");
    }
}

pub(crate) fn today() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
}

pub(crate) fn days_ago(days: i64) -> String {
    (today() - chrono::Duration::days(days))
        .format("%Y-%m-%d")
        .to_string()
}

pub(crate) fn sha(n: u8) -> String {
    format!("{n:02x}").repeat(32)
}

pub(crate) fn contact(name: &str) -> pb::ContactInput {
    pb::ContactInput {
        position: "Kepala Unit Mikro".to_owned(),
        personal: Some(pb::ContactPersonalData {
            full_name: name.to_owned(),
            phone: "+6281234567890".to_owned(),
            email: "unit.mikro@bri.co.id".to_owned(),
        }),
    }
}

pub(crate) fn register_partner(
    key: &str,
    name: &str,
    kind: pb::PartnerKind,
) -> pb::RegisterPartnerRequest {
    pb::RegisterPartnerRequest {
        context: context(key),
        partner_id: String::new(),
        kind: kind as i32,
        legal_name: name.to_owned(),
        registration_number: String::new(),
        regions_served: vec!["35.78".to_owned()],
        contacts: vec![contact("Siti Rahmawati")],
        registered_on: days_ago(400),
    }
}

/// A credit commitment of `target` rupiah from `partner`, and a count of training
/// places, over the whole term.
pub(crate) fn draft(
    key: &str,
    partner: &str,
    start: &str,
    end: &str,
    target: i64,
) -> pb::DraftAgreementRequest {
    use pb::quantity::Value;
    pb::DraftAgreementRequest {
        context: context(key),
        agreement_id: String::new(),
        kind: pb::AgreementKind::Pks as i32,
        region_code: "35.78".to_owned(),
        title: "PKS penyaluran KUR bagi keluarga binaan".to_owned(),
        purpose: "Akses kredit usaha bagi keluarga miskin".to_owned(),
        partner_ids: vec![partner.to_owned()],
        start_date: start.to_owned(),
        end_date: end.to_owned(),
        commitments: vec![pb::Commitment {
            commitment_id: String::new(),
            provider_partner_id: partner.to_owned(),
            kind: pb::CommitmentKind::CreditLine as i32,
            description: "KUR Mikro untuk anggota KUBE binaan".to_owned(),
            target: Some(pb::Quantity {
                value: Some(Value::Amount(target)),
            }),
            period_start: start.to_owned(),
            period_end: end.to_owned(),
        }],
        drafted_on: days_ago(380),
    }
}

pub(crate) fn sign(
    key: &str,
    agreement: &str,
    partner: &str,
    on: &str,
) -> pb::SignAgreementRequest {
    let signatory = |partner_id: &str, name: &str| pb::SignatoryInput {
        partner_id: partner_id.to_owned(),
        position: "Kepala".to_owned(),
        personal: Some(pb::SignatoryPersonalData {
            full_name: name.to_owned(),
        }),
    };
    pb::SignAgreementRequest {
        context: context(key),
        agreement_id: agreement.to_owned(),
        signed_on: on.to_owned(),
        signatories: vec![
            signatory("", "Dra. Endang Susilowati"),
            signatory(partner, "Bambang Hartono"),
        ],
        document: Some(pb::Document {
            reference: "400.9/123/DINSOS/2026".to_owned(),
            sha256: sha(7),
        }),
    }
}

pub(crate) fn refer(
    key: &str,
    household: &str,
    partner: &str,
    agreement: &str,
    commitment: &str,
) -> pb::MakeReferralRequest {
    pb::MakeReferralRequest {
        context: context(key),
        referral_id: String::new(),
        referee: Some(pb::make_referral_request::Referee::HouseholdId(
            household.to_owned(),
        )),
        partner_id: partner.to_owned(),
        purpose: pb::ReferralPurpose::Credit as i32,
        agreement_id: agreement.to_owned(),
        commitment_id: commitment.to_owned(),
        need: "modal usaha warung".to_owned(),
        referred_on: days_ago(10),
    }
}

pub(crate) fn loan(amount: i64) -> Option<pb::ReferralOutcome> {
    Some(pb::ReferralOutcome {
        outcome: Some(pb::referral_outcome::Outcome::LoanGranted(
            pb::LoanGranted {
                amount,
                scheme: "KUR Mikro".to_owned(),
            },
        )),
    })
}
