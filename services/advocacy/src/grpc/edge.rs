//! The advocacy case at the edge, for the one command path
//! ([`berdaya_platform::command::run`]): [`CaseEdge`] answers every case command with
//! the case as the caller may see it; [`NoteReadEdge`] runs the recorded read of a
//! confidential note and answers with its text. Both look up the households a command
//! names in the local view of the households registry, and the partners an action names
//! in the local view of the partner registry, as the caller may know them.

use std::sync::Arc;

use berdaya_domain::id::RegionCode;
use berdaya_platform::Principal;
use berdaya_platform::aggregate_store::{AggregateStore, SideEffects};
use berdaya_platform::command::{Answer, Edge};
use berdaya_platform::grpc_error::{command_status, internal, store_status};
use berdaya_platform::validate::{Validator, today};
use berdaya_proto::berdaya::advocacy::v1 as pb;
use tonic::Status;
use uuid::Uuid;

use super::{Inner, SERVICE_NAME, case_stream, index, view};
use crate::codec::CaseCodec;
use crate::domain::{
    AdvocacyCase, CaseCommand, CaseEvent, CaseStatus, HouseholdFacts, HouseholdStanding,
    NoteAccess, PartnerFacts, PartnerStanding, confidential_read_role, shared_region,
};
use crate::views::partners::PartnerStatus;

impl Inner {
    pub(super) fn validator(&self) -> Validator<'static> {
        Validator::new(self.regions, today())
    }

    /// What the local view knows of `household`, as `principal` may know it: a household
    /// outside the caller's regions is looked up as one never heard of.
    pub(super) async fn standing(
        &self,
        principal: &Principal,
        household: Uuid,
    ) -> Result<HouseholdStanding, Status> {
        let row = crate::views::households::get(&self.views, household)
            .await
            .map_err(|e| store_status(&e))?
            .filter(|row| principal.sees(&row.village_code));
        Ok(match row {
            None => HouseholdStanding::Unknown,
            Some(row) => {
                let village = RegionCode::parse(&row.village_code).map_err(internal)?;
                if row.active {
                    HouseholdStanding::Active { village }
                } else {
                    HouseholdStanding::Closed { village }
                }
            }
        })
    }

    /// What the local view knows of `partner`, as `principal` may know it: a partner
    /// serving none of the caller's regions is looked up as one never heard of.
    pub(super) async fn partner_standing(
        &self,
        principal: &Principal,
        partner: Uuid,
    ) -> Result<PartnerStanding, Status> {
        let row = crate::views::partners::get(&self.views, partner)
            .await
            .map_err(|e| store_status(&e))?
            .filter(|row| row.regions_served.iter().any(|r| principal.reaches(r)));
        Ok(match row.map(|row| row.status) {
            None => PartnerStanding::Unknown,
            Some(PartnerStatus::Active) => PartnerStanding::Active,
            Some(PartnerStatus::Suspended) => PartnerStanding::Suspended,
            Some(PartnerStatus::Retired) => PartnerStanding::Retired,
        })
    }

    async fn fill_partners(
        &self,
        principal: &Principal,
        partners: &mut [PartnerFacts],
    ) -> Result<(), Status> {
        for facts in partners {
            facts.standing = self.partner_standing(principal, facts.partner_id).await?;
        }
        Ok(())
    }

    async fn fill(
        &self,
        principal: &Principal,
        households: &mut [HouseholdFacts],
    ) -> Result<(), Status> {
        for facts in households {
            facts.standing = self.standing(principal, facts.household_id).await?;
        }
        Ok(())
    }

    /// Fills in the households of a case command and the partners of an action; for a
    /// report that names no region,
    /// takes the region the households share, which the caller must be allowed to write
    /// in. Returns the region of a new case.
    async fn look_up_case(
        &self,
        principal: &Principal,
        command: &mut CaseCommand,
    ) -> Result<Option<String>, Status> {
        match command {
            CaseCommand::Report(report) => {
                self.fill(principal, &mut report.households).await?;
                if report.region.is_none() {
                    let villages: Vec<RegionCode> = report
                        .households
                        .iter()
                        .filter_map(|h| match &h.standing {
                            HouseholdStanding::Active { village } => Some(village.clone()),
                            _ => None,
                        })
                        .collect();
                    if villages.len() == report.households.len() {
                        report.region = shared_region(&villages);
                    }
                }
                if let Some(region) = &report.region {
                    principal.can_write(region.as_str(), "region_code")?;
                }
                Ok(report.region.as_ref().map(ToString::to_string))
            }
            CaseCommand::AddHouseholds(add) => {
                self.fill(principal, &mut add.households).await?;
                Ok(None)
            }
            CaseCommand::TakeAction(action) => {
                self.fill_partners(principal, &mut action.partners).await?;
                Ok(None)
            }
            _ => Ok(None),
        }
    }
}

/// The region a reported case is filed under.
fn case_region(state: &AdvocacyCase) -> Option<String> {
    (state.status != CaseStatus::Unreported)
        .then(|| state.region.as_ref().map(ToString::to_string))
        .flatten()
}

/// What a case decision writes besides its events: the region it is listed under, its
/// index entries (households, overdue day), and the key erasure destroys.
fn case_effects(events: &[CaseEvent], after: &AdvocacyCase) -> SideEffects {
    SideEffects {
        region: after.region.as_ref().map(ToString::to_string),
        index: Some(index::entries(after, today())),
        erase_subjects: events
            .iter()
            .flat_map(|e| match e {
                CaseEvent::PersonalDataErased { subject_ids, .. } => subject_ids.clone(),
                _ => Vec::new(),
            })
            .collect(),
        ..SideEffects::default()
    }
}

fn event_ids(answer: &Answer<'_, impl Edge + ?Sized>) -> Vec<String> {
    answer
        .emitted
        .iter()
        .map(|e| e.event_id.to_string())
        .collect()
}

/// What both edges of the case share: the store, the stream, the region and the
/// writes besides the events.
macro_rules! case_edge {
    () => {
        type Aggregate = AdvocacyCase;
        type Codec = CaseCodec;

        const SERVICE: &'static str = SERVICE_NAME;
        const NOUN: &'static str = "advocacy case";
        const ID_FIELD: &'static str = "case_id";

        fn aggregates(&self) -> &AggregateStore<AdvocacyCase, CaseCodec> {
            &self.0.cases
        }

        fn validator(&self) -> Validator<'static> {
            self.0.validator()
        }

        fn region(state: &AdvocacyCase) -> Option<String> {
            case_region(state)
        }

        fn side_effects(
            &self,
            _: &AdvocacyCase,
            events: &[CaseEvent],
            after: &AdvocacyCase,
        ) -> SideEffects {
            case_effects(events, after)
        }
    };
}

/// The advocacy case at the edge: every command but the read of a confidential note.
#[derive(Clone)]
pub(crate) struct CaseEdge(pub(super) Arc<Inner>);

#[tonic::async_trait]
impl Edge for CaseEdge {
    type Response = pb::CaseResponse;
    case_edge!();

    async fn look_up(
        &self,
        principal: &Principal,
        _id: Uuid,
        command: &mut CaseCommand,
    ) -> Result<Option<String>, Status> {
        self.0.look_up_case(principal, command).await
    }

    fn respond(&self, answer: Answer<'_, Self>) -> pb::CaseResponse {
        let caller = view::caller(answer.principal, answer.after);
        pb::CaseResponse {
            case: Some(view::case_pb(
                answer.after,
                answer.version,
                today(),
                &caller,
                self.0.regions,
                &self.0.cases.rules().rights,
            )),
            event_ids: event_ids(&answer),
        }
    }
}

/// The recorded read of a confidential note at the edge.
#[derive(Clone)]
pub(crate) struct NoteReadEdge(pub(super) Arc<Inner>);

#[tonic::async_trait]
impl Edge for NoteReadEdge {
    type Response = pb::ReadConfidentialNoteResponse;
    case_edge!();

    /// A reader the rules refuse is told so (PERMISSION_DENIED) before anything is
    /// recorded; a case outside the caller's regions is left for the command path to
    /// answer as unknown.
    async fn look_up(
        &self,
        principal: &Principal,
        id: Uuid,
        command: &mut CaseCommand,
    ) -> Result<Option<String>, Status> {
        let CaseCommand::ReadConfidentialNote(read) = command else {
            return Ok(None);
        };
        let loaded = self
            .0
            .cases
            .load(&case_stream(id))
            .await
            .map_err(command_status)?;
        let case = &loaded.state;
        let visible = case_region(case).is_some_and(|region| principal.sees(&region));
        let confidential = case
            .note(read.note_id)
            .is_some_and(|n| visible && n.confidential);
        if confidential && confidential_read_role(&case.team, &read.reader).is_none() {
            return Err(Status::permission_denied(
                "note_id: only the case team and the region's supervisors may read this confidential note",
            ));
        }
        Ok(None)
    }

    fn respond(&self, answer: Answer<'_, Self>) -> pb::ReadConfidentialNoteResponse {
        let note = answer.emitted.iter().find_map(|e| match &e.event {
            CaseEvent::ConfidentialNoteRead { note_id, .. } => answer.after.note(*note_id),
            _ => None,
        });
        pb::ReadConfidentialNoteResponse {
            note: note.and_then(|n| view::note_pb(n, NoteAccess::Text, true)),
            event_ids: event_ids(&answer),
        }
    }
}
