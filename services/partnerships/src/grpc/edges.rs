//! The four aggregates at the edge, for the one command path
//! ([`berdaya_platform::command::run`]): partners, agreements, networks and referrals.
//! Each looks up what its rules need in the other aggregates and in the local views, as
//! the caller may know them: a partner none of whose regions the caller reaches, a
//! household or group outside its regions, an agreement outside them, all look unknown.

use std::sync::Arc;

use berdaya_domain::id::RegionCode;
use berdaya_eventstore::{IndexEntry, UniqueKey};
use berdaya_platform::aggregate_store::{AggregateStore, SideEffects};
use berdaya_platform::command::{Answer, Edge};
use berdaya_platform::grpc_error::{command_status, internal, store_status};
use berdaya_platform::validate::{Validator, today};
use berdaya_platform::{Principal, Role};
use berdaya_proto::berdaya::partnerships::v1 as pb;
use tonic::Status;
use uuid::Uuid;

use super::{
    AGREEMENTS_SERVICE, Inner, NETWORKS_SERVICE, PARTNERS_SERVICE, REFERRAL_BY_AGREEMENT,
    REFERRAL_BY_PARTNER, REFERRAL_BY_REFEREE, REFERRALS_SERVICE, agreement_stream, partner_stream,
    view,
};
use crate::codec::{AgreementCodec, NetworkCodec, PartnerCodec, ReferralCodec};
use crate::domain::agreement::Lifecycle;
use crate::domain::network::NetworkStatus;
use crate::domain::{
    Agreement, AgreementCommand, AgreementEvent, Network, NetworkCommand, NetworkEvent, Partner,
    PartnerCommand, PartnerEvent, PartnerFacts, PartnerStanding, PartnerStatus, Referee,
    RefereeFacts, RefereeStanding, Referral, ReferralCommand, ReferralEvent, ReferralStatus,
};

/// The unique-claim scope of partners' registration numbers (key: kind and number).
pub(super) const REGISTRATION_SCOPE: &str = "partner_registration";

/// The prefix of an integration client's subject that acts for a partner:
/// `partner:<partner id>`.
pub(super) const PARTNER_SUBJECT_PREFIX: &str = "partner:";

/// A registered partner some of whose regions served the caller reaches.
pub(crate) fn partner_visible(principal: &Principal, partner: &Partner) -> bool {
    partner.status != PartnerStatus::Unregistered
        && partner
            .regions_served
            .iter()
            .any(|r| principal.reaches(r.as_str()))
}

impl Inner {
    /// A partner's standing as `principal` may know it: unknown when it is not
    /// registered or none of its regions served is reachable by the caller.
    pub(super) async fn partner_facts(
        &self,
        principal: &Principal,
        partner_id: Uuid,
    ) -> Result<PartnerFacts, Status> {
        let loaded = self
            .partners
            .load(&partner_stream(partner_id))
            .await
            .map_err(command_status)?;
        if partner_visible(principal, &loaded.state) {
            Ok(loaded.state.facts(partner_id))
        } else {
            Ok(PartnerFacts {
                partner_id,
                standing: PartnerStanding::Unknown,
            })
        }
    }

    /// Fills in the standing of every partner in `facts`.
    async fn fill_partners(
        &self,
        principal: &Principal,
        facts: &mut [PartnerFacts],
    ) -> Result<(), Status> {
        for fact in facts {
            *fact = self.partner_facts(principal, fact.partner_id).await?;
        }
        Ok(())
    }

    /// What the local views know of a household or KUBE group, as `principal` may know
    /// it (outside its regions: unknown), and its village.
    pub(super) async fn referee_facts(
        &self,
        principal: &Principal,
        referee: Referee,
    ) -> Result<(RefereeFacts, Option<String>), Status> {
        let row = match referee {
            Referee::Household(id) => crate::views::HOUSEHOLDS
                .get(&self.views, id)
                .await
                .map(|r| r.map(|r| (r.village_code, r.active))),
            Referee::Group(id) => crate::views::GROUPS
                .get(&self.views, id)
                .await
                .map(|r| r.map(|r| (r.village_code, r.active))),
        }
        .map_err(|e| store_status(&e))?
        .filter(|(village, _)| principal.sees(village));
        let standing = match &row {
            None => RefereeStanding::Unknown,
            Some((_, false)) => RefereeStanding::Inactive,
            Some((village, true)) => RefereeStanding::Active {
                village: RegionCode::parse(village).map_err(internal)?,
            },
        };
        Ok((RefereeFacts { referee, standing }, row.map(|(v, _)| v)))
    }

    /// An agreement as `principal` may know it: the default (never drafted) state when
    /// it is outside the caller's regions.
    pub(super) async fn visible_agreement(
        &self,
        principal: &Principal,
        agreement_id: Uuid,
    ) -> Result<Agreement, Status> {
        let loaded = self
            .agreements
            .load(&agreement_stream(agreement_id))
            .await
            .map_err(command_status)?;
        Ok(match AgreementEdge::region(&loaded.state) {
            Some(region) if principal.sees(&region) => loaded.state.clone(),
            _ => Agreement::default(),
        })
    }
}

fn event_ids<T>(emitted: &[berdaya_platform::aggregate_store::Emitted<T>]) -> Vec<String> {
    emitted.iter().map(|e| e.event_id.to_string()).collect()
}

/// The partner aggregate at the edge, filed under its first region served.
#[derive(Clone)]
pub(crate) struct PartnerEdge(pub(super) Arc<Inner>);

fn registration_key(partner: &Partner) -> Option<UniqueKey> {
    let number = partner.registration_number.as_ref()?;
    let kind = partner.kind?;
    Some(UniqueKey {
        scope: REGISTRATION_SCOPE.to_owned(),
        key: format!("{kind:?}/{}", number.to_lowercase()),
    })
}

#[tonic::async_trait]
impl Edge for PartnerEdge {
    type Aggregate = Partner;
    type Codec = PartnerCodec;
    type Response = pb::PartnerResponse;

    const SERVICE: &'static str = PARTNERS_SERVICE;
    const NOUN: &'static str = "partner";
    const ID_FIELD: &'static str = "partner_id";

    fn aggregates(&self) -> &AggregateStore<Partner, PartnerCodec> {
        &self.0.partners
    }

    fn validator(&self) -> Validator<'static> {
        self.0.validator()
    }

    fn region(state: &Partner) -> Option<String> {
        (state.status != PartnerStatus::Unregistered)
            .then(|| state.regions_served.first().map(ToString::to_string))
            .flatten()
    }

    /// A write on a partner needs every region it serves: one the caller reaches only in
    /// part is PERMISSION_DENIED; one it does not reach at all stays unknown.
    async fn look_up(
        &self,
        principal: &Principal,
        id: Uuid,
        command: &mut PartnerCommand,
    ) -> Result<Option<String>, Status> {
        if matches!(command, PartnerCommand::Register(_)) {
            return Ok(None);
        }
        let loaded = self
            .0
            .partners
            .load(&partner_stream(id))
            .await
            .map_err(command_status)?;
        if partner_visible(principal, &loaded.state) {
            for region in &loaded.state.regions_served {
                principal.can_write(region.as_str(), "partner_id")?;
            }
        }
        Ok(None)
    }

    fn side_effects(
        &self,
        before: &Partner,
        events: &[PartnerEvent],
        after: &Partner,
    ) -> SideEffects {
        let mut effects = SideEffects {
            region: Self::region(after),
            ..SideEffects::default()
        };
        for event in events {
            if let PartnerEvent::PersonalDataErased { subject_ids, .. } = event {
                effects.erase_subjects.extend(subject_ids);
            }
        }
        let (old, new) = (registration_key(before), registration_key(after));
        let retired = matches!(after.status, PartnerStatus::Retired { .. });
        if old != new || retired {
            effects
                .releases
                .extend(old.filter(|_| before.status != PartnerStatus::Unregistered));
            if !retired {
                effects
                    .claims
                    .extend(new.map(|key| (key, "registration_number".to_owned())));
            }
        }
        effects
    }

    fn respond(&self, answer: Answer<'_, Self>) -> pb::PartnerResponse {
        pb::PartnerResponse {
            partner: Some(view::partner(
                answer.after.id.unwrap_or(answer.id),
                answer.after,
                answer.version,
            )),
            event_ids: event_ids(answer.emitted),
        }
    }
}

/// The agreement aggregate at the edge, filed under the concluding office's region.
#[derive(Clone)]
pub(crate) struct AgreementEdge(pub(super) Arc<Inner>);

#[tonic::async_trait]
impl Edge for AgreementEdge {
    type Aggregate = Agreement;
    type Codec = AgreementCodec;
    type Response = pb::AgreementResponse;

    const SERVICE: &'static str = AGREEMENTS_SERVICE;
    const NOUN: &'static str = "agreement";
    const ID_FIELD: &'static str = "agreement_id";

    fn aggregates(&self) -> &AggregateStore<Agreement, AgreementCodec> {
        &self.0.agreements
    }

    fn validator(&self) -> Validator<'static> {
        self.0.validator()
    }

    fn region(state: &Agreement) -> Option<String> {
        (state.lifecycle != Lifecycle::NotDrafted)
            .then(|| state.region.as_ref().map(ToString::to_string))
            .flatten()
    }

    /// The standing of the partners the terms name (a draft's, or the agreement's when
    /// it is signed).
    async fn look_up(
        &self,
        principal: &Principal,
        id: Uuid,
        command: &mut AgreementCommand,
    ) -> Result<Option<String>, Status> {
        match command {
            AgreementCommand::Draft(draft) => {
                self.0.fill_partners(principal, &mut draft.partners).await?;
            }
            AgreementCommand::ReviseDraft(revise) => {
                self.0
                    .fill_partners(principal, &mut revise.partners)
                    .await?;
            }
            AgreementCommand::Sign(sign) => {
                let agreement = self.0.visible_agreement(principal, id).await?;
                sign.partners = agreement
                    .terms
                    .partner_ids
                    .iter()
                    .map(|&partner_id| PartnerFacts {
                        partner_id,
                        standing: PartnerStanding::Unknown,
                    })
                    .collect();
                self.0.fill_partners(principal, &mut sign.partners).await?;
            }
            _ => {}
        }
        Ok(None)
    }

    fn side_effects(
        &self,
        _: &Agreement,
        events: &[AgreementEvent],
        after: &Agreement,
    ) -> SideEffects {
        let mut effects = SideEffects {
            region: Self::region(after),
            ..SideEffects::default()
        };
        for event in events {
            if let AgreementEvent::PersonalDataErased { subject_ids, .. } = event {
                effects.erase_subjects.extend(subject_ids);
            }
        }
        effects
    }

    fn respond(&self, answer: Answer<'_, Self>) -> pb::AgreementResponse {
        pb::AgreementResponse {
            agreement: Some(view::agreement(
                answer.id,
                answer.after,
                answer.version,
                today(),
            )),
            event_ids: event_ids(answer.emitted),
        }
    }
}

/// The network aggregate at the edge, filed under the region it works in.
#[derive(Clone)]
pub(crate) struct NetworkEdge(pub(super) Arc<Inner>);

#[tonic::async_trait]
impl Edge for NetworkEdge {
    type Aggregate = Network;
    type Codec = NetworkCodec;
    type Response = pb::NetworkResponse;

    const SERVICE: &'static str = NETWORKS_SERVICE;
    const NOUN: &'static str = "network";
    const ID_FIELD: &'static str = "network_id";

    fn aggregates(&self) -> &AggregateStore<Network, NetworkCodec> {
        &self.0.networks
    }

    fn validator(&self) -> Validator<'static> {
        self.0.validator()
    }

    fn region(state: &Network) -> Option<String> {
        (state.status != NetworkStatus::NotFormed)
            .then(|| state.region.as_ref().map(ToString::to_string))
            .flatten()
    }

    /// The standing of the partners that found or join it.
    async fn look_up(
        &self,
        principal: &Principal,
        _id: Uuid,
        command: &mut NetworkCommand,
    ) -> Result<Option<String>, Status> {
        match command {
            NetworkCommand::Form(form) => {
                self.0
                    .fill_partners(principal, &mut form.founding_members)
                    .await?;
            }
            NetworkCommand::Join(join) => {
                self.0
                    .fill_partners(principal, std::slice::from_mut(&mut join.partner))
                    .await?;
            }
            _ => {}
        }
        Ok(None)
    }

    fn side_effects(&self, _: &Network, _: &[NetworkEvent], after: &Network) -> SideEffects {
        SideEffects {
            region: Self::region(after),
            ..SideEffects::default()
        }
    }

    fn respond(&self, answer: Answer<'_, Self>) -> pb::NetworkResponse {
        pb::NetworkResponse {
            network: Some(view::network(
                answer.after.id.unwrap_or(answer.id),
                answer.after,
                answer.version,
            )),
            event_ids: event_ids(answer.emitted),
        }
    }
}

/// The referral aggregate at the edge, filed under the referee's village and indexed by
/// referee, partner and agreement.
#[derive(Clone)]
pub(crate) struct ReferralEdge(pub(super) Arc<Inner>);

/// The partner an integration client acts for (`partner:<id>` subjects); `None` for
/// the office's own staff.
fn acting_for(principal: &Principal) -> Result<Option<Uuid>, Status> {
    if principal
        .roles
        .iter()
        .any(|r| matches!(r, Role::Caseworker | Role::Supervisor | Role::Admin))
    {
        return Ok(None);
    }
    principal
        .subject
        .strip_prefix(PARTNER_SUBJECT_PREFIX)
        .and_then(|id| Uuid::parse_str(id).ok())
        .map(Some)
        .ok_or_else(|| {
            Status::permission_denied(
                "an integration client answers referrals for one partner: its subject must be partner:<partner id>",
            )
        })
}

#[tonic::async_trait]
impl Edge for ReferralEdge {
    type Aggregate = Referral;
    type Codec = ReferralCodec;
    type Response = pb::ReferralResponse;

    const SERVICE: &'static str = REFERRALS_SERVICE;
    const NOUN: &'static str = "referral";
    const ID_FIELD: &'static str = "referral_id";

    fn aggregates(&self) -> &AggregateStore<Referral, ReferralCodec> {
        &self.0.referrals
    }

    fn validator(&self) -> Validator<'static> {
        self.0.validator()
    }

    fn region(state: &Referral) -> Option<String> {
        (state.status != ReferralStatus::NotMade)
            .then(|| state.village.as_ref().map(ToString::to_string))
            .flatten()
    }

    /// For a new referral: the referee (its village is the referral's region), the
    /// partner and the agreement; for a partner's answer: whom the caller acts for.
    async fn look_up(
        &self,
        principal: &Principal,
        _id: Uuid,
        command: &mut ReferralCommand,
    ) -> Result<Option<String>, Status> {
        match command {
            ReferralCommand::Make(make) => {
                let (facts, village) = self
                    .0
                    .referee_facts(principal, make.referee.referee)
                    .await?;
                make.referee = facts;
                make.partner = self
                    .0
                    .partner_facts(principal, make.partner.partner_id)
                    .await?;
                if let Some(under) = &mut make.under {
                    *under.agreement = self
                        .0
                        .visible_agreement(principal, under.agreement_id)
                        .await?;
                }
                Ok(village)
            }
            ReferralCommand::Accept(c) => {
                c.acting_for = acting_for(principal)?;
                Ok(None)
            }
            ReferralCommand::Decline(c) => {
                c.acting_for = acting_for(principal)?;
                Ok(None)
            }
            ReferralCommand::Complete(c) => {
                c.acting_for = acting_for(principal)?;
                Ok(None)
            }
            ReferralCommand::Withdraw(_) => Ok(None),
        }
    }

    fn side_effects(&self, _: &Referral, _: &[ReferralEvent], after: &Referral) -> SideEffects {
        let mut index = Vec::new();
        if let Some(referee) = after.referee {
            index.push(IndexEntry {
                index: REFERRAL_BY_REFEREE.to_owned(),
                key: referee.id().to_string(),
            });
        }
        if let Some(partner) = after.partner_id {
            index.push(IndexEntry {
                index: REFERRAL_BY_PARTNER.to_owned(),
                key: partner.to_string(),
            });
        }
        if let Some(agreement) = after.agreement_id {
            index.push(IndexEntry {
                index: REFERRAL_BY_AGREEMENT.to_owned(),
                key: agreement.to_string(),
            });
        }
        SideEffects {
            region: Self::region(after),
            index: Some(index),
            ..SideEffects::default()
        }
    }

    fn respond(&self, answer: Answer<'_, Self>) -> pb::ReferralResponse {
        pb::ReferralResponse {
            referral: Some(view::referral(
                answer.after.id.unwrap_or(answer.id),
                answer.after,
                answer.version,
            )),
            event_ids: event_ids(answer.emitted),
        }
    }
}
