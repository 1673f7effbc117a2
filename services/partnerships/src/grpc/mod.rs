//! The partnerships gRPC API: `PartnersService`, `AgreementsService`, `NetworksService`
//! and `ReferralsService`, one [`PartnershipsApi`] behind all four. Every command runs
//! through the kit's one command path ([`berdaya_platform::command::run`]) with the edge
//! of its aggregate ([`edges`]); queries read the aggregates, the event store's stream
//! and secondary indexes, and the local views of households and KUBE groups.

mod edges;
mod queries;
mod requests;
mod services;
mod view;

use std::sync::Arc;

use berdaya_eventstore::EventStore;
use berdaya_eventstore::pii::Vault;
use berdaya_platform::RegionDirectory;
use berdaya_platform::aggregate_store::AggregateStore;
use berdaya_platform::validate::{Validator, today};
use berdaya_views::ViewDb;
use uuid::Uuid;

use crate::codec::{AgreementCodec, NetworkCodec, PartnerCodec, ReferralCodec};
use crate::domain::{Agreement, Network, NetworkRules, Partner, Referral, ReferralRules};

/// The full gRPC service names (health, idempotency operation prefixes).
pub const PARTNERS_SERVICE: &str = "berdaya.partnerships.v1.PartnersService";
/// See [`PARTNERS_SERVICE`].
pub const AGREEMENTS_SERVICE: &str = "berdaya.partnerships.v1.AgreementsService";
/// See [`PARTNERS_SERVICE`].
pub const NETWORKS_SERVICE: &str = "berdaya.partnerships.v1.NetworksService";
/// See [`PARTNERS_SERVICE`].
pub const REFERRALS_SERVICE: &str = "berdaya.partnerships.v1.ReferralsService";

/// Stream categories (and stream id prefixes, `<category>-<id>`).
pub const PARTNER_CATEGORY: &str = <crate::domain::Partner as berdaya_domain::Aggregate>::CATEGORY;
/// See [`PARTNER_CATEGORY`].
pub const AGREEMENT_CATEGORY: &str =
    <crate::domain::Agreement as berdaya_domain::Aggregate>::CATEGORY;
/// See [`PARTNER_CATEGORY`].
pub const NETWORK_CATEGORY: &str = <crate::domain::Network as berdaya_domain::Aggregate>::CATEGORY;
/// See [`PARTNER_CATEGORY`].
pub const REFERRAL_CATEGORY: &str =
    <crate::domain::Referral as berdaya_domain::Aggregate>::CATEGORY;

/// Secondary index of referrals by referee (household or group id).
pub const REFERRAL_BY_REFEREE: &str = "referral-referee";
/// Secondary index of referrals by partner id.
pub const REFERRAL_BY_PARTNER: &str = "referral-partner";
/// Secondary index of referrals by the agreement they were made under.
pub const REFERRAL_BY_AGREEMENT: &str = "referral-agreement";

/// Largest page of a list.
pub const MAX_PAGE_SIZE: u32 = 500;
/// Page size when the caller gives none.
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// The stream id of a partner.
pub fn partner_stream(id: Uuid) -> String {
    berdaya_eventstore::stream_id(PARTNER_CATEGORY, id)
}

/// The stream id of an agreement.
pub fn agreement_stream(id: Uuid) -> String {
    berdaya_eventstore::stream_id(AGREEMENT_CATEGORY, id)
}

/// The stream id of a network.
pub fn network_stream(id: Uuid) -> String {
    berdaya_eventstore::stream_id(NETWORK_CATEGORY, id)
}

/// The stream id of a referral.
pub fn referral_stream(id: Uuid) -> String {
    berdaya_eventstore::stream_id(REFERRAL_CATEGORY, id)
}

/// The partnerships gRPC services.
#[derive(Clone)]
pub struct PartnershipsApi {
    inner: Arc<Inner>,
    partners: edges::PartnerEdge,
    agreements: edges::AgreementEdge,
    networks: edges::NetworkEdge,
    referrals: edges::ReferralEdge,
}

impl std::fmt::Debug for PartnershipsApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PartnershipsApi").finish_non_exhaustive()
    }
}

/// What the edges and queries share.
struct Inner {
    partners: AggregateStore<Partner, PartnerCodec>,
    agreements: AggregateStore<Agreement, AgreementCodec>,
    networks: AggregateStore<Network, NetworkCodec>,
    referrals: AggregateStore<Referral, ReferralCodec>,
    views: ViewDb,
    regions: &'static RegionDirectory,
}

impl Inner {
    fn validator(&self) -> Validator<'static> {
        Validator::new(self.regions, today())
    }

    fn events(&self) -> &Arc<dyn EventStore> {
        self.partners.events()
    }
}

impl PartnershipsApi {
    /// The services over the partnerships event store and the views' database (start
    /// the views' feeds with [`crate::views::start`]), under the configured rules.
    pub fn new(
        store: Arc<dyn EventStore>,
        vault: Arc<Vault>,
        views: ViewDb,
        networks: NetworkRules,
        referrals: ReferralRules,
    ) -> Self {
        let inner = Arc::new(Inner {
            partners: AggregateStore::new(store.clone(), vault.clone(), PartnerCodec),
            agreements: AggregateStore::new(store.clone(), vault.clone(), AgreementCodec),
            networks: AggregateStore::new(store.clone(), vault.clone(), NetworkCodec)
                .with_rules(networks),
            referrals: AggregateStore::new(store, vault, ReferralCodec).with_rules(referrals),
            views,
            regions: RegionDirectory::embedded(),
        });
        Self {
            partners: edges::PartnerEdge(inner.clone()),
            agreements: edges::AgreementEdge(inner.clone()),
            networks: edges::NetworkEdge(inner.clone()),
            referrals: edges::ReferralEdge(inner.clone()),
            inner,
        }
    }

    /// The partnerships event store.
    pub fn events(&self) -> &Arc<dyn EventStore> {
        self.inner.events()
    }
}

impl PartnershipsApi {
    /// The village of a household as this service's view knows it, if it does.
    ///
    /// # Errors
    /// When the views' database fails.
    pub(crate) async fn household_village(
        &self,
        household: Uuid,
    ) -> Result<Option<String>, berdaya_eventstore::StoreError> {
        Ok(crate::views::HOUSEHOLDS
            .get(&self.inner.views, household)
            .await?
            .map(|row| row.village_code))
    }
}
