//! The households context as the binary runs it: the registry, participation and
//! savings services over one event store (`households.db`, or the households
//! PostgreSQL database), with the sections `[programmes]`, `[participation]` and
//! `[savings]`.

use async_trait::async_trait;
use berdaya_proto::berdaya::households::v1::households_service_server::HouseholdsServiceServer;
use berdaya_proto::berdaya::households::v1::participation_service_server::ParticipationServiceServer;
use berdaya_proto::berdaya::households::v1::savings_service_server::SavingsServiceServer;
use berdaya_runtime::{Context, Env, Module, Running, Sections};
use tonic::service::RoutesBuilder;

use crate::domain::ProgrammePolicy;
use crate::participation::domain::ComplianceBands;
use crate::participation::settings::ParticipationSettings;
use crate::savings::domain::IncentiveRule;
use crate::savings::settings::SavingsSettings;
use crate::settings::ProgrammeSettings;
use crate::{HouseholdsApi, ParticipationApi, SavingsApi, demo};

/// The households context.
#[derive(Debug, Clone, Copy)]
pub struct HouseholdsModule;

/// The households context's module value.
pub static MODULE: HouseholdsModule = HouseholdsModule;

/// The rules its sections configure.
fn rules(sections: &Sections) -> anyhow::Result<(ProgrammePolicy, ComplianceBands, IncentiveRule)> {
    let msg = anyhow::Error::msg;
    let policy = sections
        .get::<ProgrammeSettings>("programmes")?
        .policy()
        .map_err(msg)?;
    let bands = sections
        .get::<ParticipationSettings>("participation")?
        .bands()
        .map_err(msg)?;
    let rule = sections
        .get::<SavingsSettings>("savings")?
        .rule()
        .map_err(msg)?;
    Ok((policy, bands, rule))
}

#[async_trait]
impl Module for HouseholdsModule {
    fn context(&self) -> Context {
        Context::Households
    }

    fn services(&self) -> &'static [&'static str] {
        &[
            crate::grpc::SERVICE_NAME,
            crate::participation::grpc::SERVICE_NAME,
            crate::savings::grpc::SERVICE_NAME,
        ]
    }

    fn sections(&self) -> &'static [&'static str] {
        &["programmes", "participation", "savings"]
    }

    fn check(&self, sections: &Sections) -> anyhow::Result<()> {
        rules(sections).map(|_| ())
    }

    async fn start(&self, env: &Env, routes: &mut RoutesBuilder) -> anyhow::Result<Running> {
        let (policy, bands, rule) = rules(&env.sections)?;
        let store = env.mode.log(Context::Households).await?;
        let vault = env.vault()?;
        let households = HouseholdsApi::new(store.clone(), vault.clone(), policy);
        // Participation and savings share the households event store.
        let participation = ParticipationApi::new(store.clone(), vault.clone(), bands);
        let savings = SavingsApi::new(store.clone(), vault, rule);
        let size = env.grpc.max_request_bytes;
        routes.add_service(env.grpc.guard(
            HouseholdsServiceServer::new(households.clone()).max_decoding_message_size(size),
        ));
        routes.add_service(env.grpc.guard(
            ParticipationServiceServer::new(participation.clone()).max_decoding_message_size(size),
        ));
        routes.add_service(
            env.grpc
                .guard(SavingsServiceServer::new(savings.clone()).max_decoding_message_size(size)),
        );
        Ok(Running {
            log: Some(store),
            demo: Some(Box::new(demo::Demo {
                households,
                participation,
                savings,
            })),
            ..Running::default()
        })
    }
}
