//! A case's timeline: every event of its history, decoded, oldest first, with who
//! recorded it and when, as the caller may see it (confidential notes follow the rules
//! of the case as it stands now; sealed texts are empty once erased).

use berdaya_domain::Aggregate;
use berdaya_platform::Principal;
use berdaya_platform::aggregate_store::EventCodec;
use berdaya_platform::codec::fields::text_date;
use berdaya_platform::grpc_error::{command_status, store_status};
use berdaya_platform::history::timestamp;
use berdaya_platform::keyring::KeyRing;
use berdaya_platform::validate::today;
use berdaya_proto::berdaya::advocacy::v1 as pb;
use berdaya_proto::berdaya::advocacy::v1::timeline_entry::Entry;
use tonic::{Request, Response, Status};

use super::{AdvocacyApi, view};
use crate::codec::{affected_pb, evidence_pb, service_level_pb};
use crate::convert;
use crate::domain::{AdvocacyCase, Caller, CaseEvent};

/// The entry of one event and its business date, given the case after it and the case
/// as it stands now (whose team decides who reads confidential notes).
fn entry(
    event: &CaseEvent,
    after: &AdvocacyCase,
    now: &AdvocacyCase,
    caller: &Caller,
) -> (Option<Entry>, Option<String>) {
    use CaseEvent as E;
    let date = |d: &chrono::NaiveDate| Some(text_date(*d));
    match event {
        E::Reported { reported_on, .. } => {
            let mut summary = view::summary(after, today());
            summary.deadlines = None;
            (Some(Entry::Reported(summary)), date(reported_on))
        }
        E::Assessed { assessed_on, .. } => (
            after
                .assessment
                .as_ref()
                .map(|a| Entry::Assessed(view::assessment_pb(a))),
            date(assessed_on),
        ),
        E::EvidenceAdded { evidence } => (
            Some(Entry::EvidenceAdded(evidence_pb(evidence))),
            date(&evidence.collected_on),
        ),
        E::HouseholdsAdded {
            households,
            added_on,
        } => (
            Some(Entry::HouseholdsAdded(pb::HouseholdsAddedEntry {
                households: households.iter().map(affected_pb).collect(),
            })),
            date(added_on),
        ),
        E::CaseworkerAssigned {
            caseworker_id,
            assigned_on,
        } => (
            Some(Entry::TeamChanged(pb::TeamChange {
                caseworker_id: caseworker_id.clone(),
                added: true,
                reason: String::new(),
            })),
            date(assigned_on),
        ),
        E::CaseworkerUnassigned {
            caseworker_id,
            unassigned_on,
            reason,
        } => (
            Some(Entry::TeamChanged(pb::TeamChange {
                caseworker_id: caseworker_id.clone(),
                added: false,
                reason: reason.clone(),
            })),
            date(unassigned_on),
        ),
        E::ActionPlanAdopted { adopted_on, .. } => (
            after.plan().map(|p| Entry::PlanAdopted(view::plan_pb(p))),
            date(adopted_on),
        ),
        E::ActionTaken { taken_on, .. } => (
            after
                .actions
                .last()
                .map(|a| Entry::ActionTaken(view::action_pb(a))),
            date(taken_on),
        ),
        E::Escalated { escalated_on, .. } => (
            after
                .escalations
                .last()
                .map(|e| Entry::Escalated(view::escalation_pb(e))),
            date(escalated_on),
        ),
        E::UrgencyChanged {
            from,
            to,
            service_level,
            reason,
            changed_on,
        } => (
            Some(Entry::UrgencyChanged(pb::UrgencyChange {
                from: convert::urgency_pb(*from) as i32,
                to: convert::urgency_pb(*to) as i32,
                service_level: Some(service_level_pb(*service_level)),
                reason: reason.clone(),
            })),
            date(changed_on),
        ),
        E::ReporterAwaited {
            since,
            reason,
            clock_paused,
        } => (
            Some(Entry::ReporterWait(pb::ReporterWait {
                since: text_date(*since),
                until: String::new(),
                reason: reason.clone(),
                clock_paused: *clock_paused,
            })),
            date(since),
        ),
        E::ReporterResponded { responded_on } => (
            after
                .waits
                .last()
                .map(|w| Entry::ReporterWait(view::wait_pb(w))),
            date(responded_on),
        ),
        E::Resolved { resolved_on, .. } => (
            after
                .resolutions
                .last()
                .map(|r| Entry::Resolved(view::resolution_pb(r))),
            date(resolved_on),
        ),
        E::ClosedUnresolved { closed_on, reason } => (
            Some(Entry::ClosedUnresolved(pb::Reasoned {
                on: text_date(*closed_on),
                reason: reason.clone(),
            })),
            date(closed_on),
        ),
        E::Reopened {
            reopened_on,
            reason,
        } => (
            Some(Entry::Reopened(pb::Reasoned {
                on: text_date(*reopened_on),
                reason: reason.clone(),
            })),
            date(reopened_on),
        ),
        E::NoteAdded { note_id, .. } => (
            now.note(*note_id)
                .and_then(|n| view::note_pb(n, now.note_access(n, caller), false))
                .map(Entry::NoteAdded),
            None,
        ),
        E::ConfidentialNoteRead {
            note_id,
            reader,
            reader_role,
            ..
        } => (
            Some(Entry::NoteRead(pb::NoteReadEntry {
                note_id: note_id.to_string(),
                reader: reader.clone(),
                reader_role: convert::actor_role_pb(*reader_role) as i32,
            })),
            None,
        ),
        E::PersonalDataErased { reason, .. } => (
            Some(Entry::PersonalDataErased(pb::Reasoned {
                on: String::new(),
                reason: reason.clone(),
            })),
            None,
        ),
    }
}

impl AdvocacyApi {
    pub(super) async fn timeline_query(
        &self,
        request: Request<pb::GetCaseTimelineRequest>,
    ) -> Result<Response<pb::CaseTimeline>, Status> {
        let principal = Principal::from_request(&request)?;
        let (stream, loaded) = self
            .readable(&principal, &request.get_ref().case_id)
            .await?;
        let now = &loaded.state;
        let caller = view::caller(&principal, now);
        let recorded = self
            .events()
            .read_stream(&stream, 0, Some(loaded.version))
            .await
            .map_err(|e| store_status(&e))?;
        let codec = self.inner.cases.codec();
        let mut subjects = Vec::new();
        for event in &recorded {
            subjects.extend(
                codec
                    .sealed_subjects(event)
                    .map_err(|e| command_status(e.into()))?,
            );
        }
        let mut keys = KeyRing::default();
        keys.load(self.events().as_ref(), self.inner.cases.vault(), &subjects)
            .await
            .map_err(|e| store_status(&e))?;
        let mut after = AdvocacyCase::default();
        let mut entries = Vec::with_capacity(recorded.len());
        for event in &recorded {
            let decoded = codec
                .decode(event, &keys)
                .map_err(|e| command_status(e.into()))?;
            after.apply(&decoded);
            let (entry, on) = entry(&decoded, &after, now, &caller);
            // A note the caller may not see is left out, as it is from the case.
            if entry.is_none() && matches!(decoded, CaseEvent::NoteAdded { .. }) {
                continue;
            }
            let recorded_on = (event.recorded_at + chrono::Duration::hours(7))
                .date_naive()
                .format("%Y-%m-%d")
                .to_string();
            // The documents gathered at assessment follow it, one entry each.
            let documents = match &decoded {
                CaseEvent::Assessed { evidence, .. } => evidence
                    .iter()
                    .map(|e| (Some(Entry::EvidenceAdded(evidence_pb(e))), on.clone()))
                    .collect(),
                _ => Vec::new(),
            };
            for (entry, on) in std::iter::once((entry, on)).chain(documents) {
                entries.push(pb::TimelineEntry {
                    version: event.version,
                    event_id: event.event_id.to_string(),
                    recorded_at: Some(timestamp(event.recorded_at)),
                    actor: event.metadata.actor.clone(),
                    role: event.metadata.role.clone(),
                    on: on.unwrap_or_else(|| recorded_on.clone()),
                    entry,
                });
            }
        }
        Ok(Response::new(pb::CaseTimeline {
            case_id: now.id.map(|id| id.to_string()).unwrap_or_default(),
            entries,
        }))
    }
}
