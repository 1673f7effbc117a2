//! Domain state into `berdaya.advocacy.v1` messages, as one caller may see it: notes
//! follow the confidentiality rules ([`note_access`](crate::domain::note_access)), sealed
//! texts read empty once erased, deadlines are counted on the day asked about.

use berdaya_platform::codec::fields::{optional_text_date, text_date};
use berdaya_platform::history::timestamp;
use berdaya_platform::{Principal, RegionDirectory};
use berdaya_proto::berdaya::advocacy::v1 as pb;
use chrono::NaiveDate;

use crate::codec::{evidence_pb, responsible_pb, restored_pb, service_level_pb, step_pb};
use crate::convert;
use crate::domain::{
    Action, ActionPlan, AdvocacyCase, Assessment, Caller, CaseDetails, Deadlines, Escalation, Note,
    NoteAccess, Reasoned, Resolution, RightsCatalogue, TargetState, Wait, deadlines,
};

/// `principal` as the confidentiality rules know it, on `case`.
pub(crate) fn caller(principal: &Principal, case: &AdvocacyCase) -> Caller {
    Caller {
        subject: principal.subject.clone(),
        roles: principal.roles.iter().map(|r| convert::role(*r)).collect(),
        covers_case_region: case
            .region
            .as_ref()
            .is_some_and(|region| principal.sees(region.as_str())),
    }
}

fn count(n: i64) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn target(state: TargetState) -> pb::Target {
    let (status, days, on, late) = match state {
        TargetState::Running { days_left } => (pb::TargetStatus::Running, days_left, None, false),
        TargetState::Overdue { days_over } => (pb::TargetStatus::Overdue, days_over, None, false),
        TargetState::Met { on, late } => (pb::TargetStatus::Met, 0, Some(on), late),
        TargetState::Stopped { on } => (pb::TargetStatus::Stopped, 0, Some(on), false),
    };
    pb::Target {
        status: status as i32,
        days: count(days),
        on: optional_text_date(on),
        late,
    }
}

/// A case's deadlines as the API shows them.
pub(crate) fn deadlines_pb(d: &Deadlines) -> pb::Deadlines {
    pb::Deadlines {
        as_of: text_date(d.as_of),
        service_level: Some(service_level_pb(d.service_level)),
        days_elapsed: count(d.days_elapsed),
        days_paused: count(d.days_paused),
        days_counted: count(d.days_counted()),
        first_action: Some(target(d.first_action)),
        resolution: Some(target(d.resolution)),
        overdue: d.overdue(),
        clock_paused: d.clock_paused,
    }
}

/// A case in a list, with its deadlines on `today`.
pub(crate) fn summary(case: &AdvocacyCase, today: NaiveDate) -> pb::CaseSummary {
    pb::CaseSummary {
        case_id: case.id.map(|id| id.to_string()).unwrap_or_default(),
        status: convert::status_pb(case.status) as i32,
        region_code: case
            .region
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        right_code: case.right_code.clone(),
        summary: case.summary.clone(),
        urgency: convert::urgency_pb(case.urgency) as i32,
        level: convert::level_pb(case.level) as i32,
        households: count(i64::try_from(case.households.len()).unwrap_or(i64::MAX)),
        reported_on: optional_text_date(case.reported_on),
        deadlines: deadlines(case, today).as_ref().map(deadlines_pb),
    }
}

pub(crate) fn personal_pb(details: &CaseDetails) -> pb::CasePersonalData {
    crate::codec::details_pb(details)
}

pub(crate) fn assessment_pb(a: &Assessment) -> pb::CaseAssessment {
    pb::CaseAssessment {
        assessed_on: text_date(a.assessed_on),
        assessed_by: a.assessed_by.clone(),
        risk: convert::risk_pb(a.risk) as i32,
        facts: a.facts.clone().unwrap_or_default(),
    }
}

pub(crate) fn plan_pb(p: &ActionPlan) -> pb::ActionPlan {
    pb::ActionPlan {
        version: i32::try_from(p.version).unwrap_or(i32::MAX),
        adopted_on: text_date(p.adopted_on),
        objective: p.objective.clone(),
        steps: p.steps.iter().map(step_pb).collect(),
    }
}

pub(crate) fn action_pb(a: &Action) -> pb::CaseAction {
    pb::CaseAction {
        action_id: a.action_id.to_string(),
        kind: convert::action_kind_pb(a.kind) as i32,
        taken_on: text_date(a.taken_on),
        description: a.description.clone(),
        household_ids: a.households.iter().map(ToString::to_string).collect(),
        partner_ids: a.partners.iter().map(ToString::to_string).collect(),
        institutions: a.institutions.clone(),
        outcome: a.outcome.clone(),
    }
}

pub(crate) fn escalation_pb(e: &Escalation) -> pb::Escalation {
    pb::Escalation {
        from: convert::level_pb(e.from) as i32,
        to: convert::level_pb(e.to) as i32,
        reason: e.reason.clone(),
        escalated_on: text_date(e.escalated_on),
    }
}

pub(crate) fn wait_pb(w: &Wait) -> pb::ReporterWait {
    pb::ReporterWait {
        since: text_date(w.since),
        until: optional_text_date(w.until),
        reason: w.reason.clone(),
        clock_paused: w.clock_paused,
    }
}

pub(crate) fn resolution_pb(r: &Resolution) -> pb::Resolution {
    pb::Resolution {
        resolved_on: text_date(r.resolved_on),
        remedy: r.remedy.clone(),
        restored: r.restored.iter().map(restored_pb).collect(),
    }
}

pub(crate) fn reasoned_pb(r: &Reasoned) -> pb::Reasoned {
    pb::Reasoned {
        on: text_date(r.on),
        reason: r.reason.clone(),
    }
}

/// A note as `access` lets its reader see it; `None` when it is hidden. A confidential
/// note's text only ever comes with `with_text` (the answer to a recorded read).
pub(crate) fn note_pb(note: &Note, access: NoteAccess, with_text: bool) -> Option<pb::CaseNote> {
    let readable = access == NoteAccess::Text;
    let shows_text = readable && (!note.confidential || with_text);
    match access {
        NoteAccess::Hidden => None,
        NoteAccess::Text | NoteAccess::Existence => Some(pb::CaseNote {
            note_id: note.note_id.to_string(),
            author: note.author.clone(),
            author_role: convert::actor_role_pb(note.author_role) as i32,
            written_at: Some(timestamp(note.written_at)),
            confidential: note.confidential,
            text: if shows_text {
                note.text.clone().unwrap_or_default()
            } else {
                String::new()
            },
            text_readable: note.confidential && readable,
            text_erased: note.text.is_none(),
        }),
    }
}

/// The whole case as `caller` may see it, its deadlines on `today`.
pub(crate) fn case_pb(
    case: &AdvocacyCase,
    version: i64,
    today: NaiveDate,
    caller: &Caller,
    regions: &RegionDirectory,
    rights: &RightsCatalogue,
) -> pb::AdvocacyCase {
    let region = case
        .region
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let right = rights.get(&case.right_code);
    pb::AdvocacyCase {
        case_id: case.id.map(|id| id.to_string()).unwrap_or_default(),
        version,
        status: convert::status_pb(case.status) as i32,
        region_name: regions.name(&region).unwrap_or_default().to_owned(),
        region_code: region,
        households: case
            .households
            .iter()
            .map(|h| pb::CaseHousehold {
                household_id: h.household_id.to_string(),
                village_code: h.village.to_string(),
                added_on: text_date(h.added_on),
                access_regained_on: optional_text_date(h.access_regained_on),
            })
            .collect(),
        right_code: case.right_code.clone(),
        right_label_id: right.map(|r| r.label_id.clone()).unwrap_or_default(),
        right_label_en: right.map(|r| r.label_en.clone()).unwrap_or_default(),
        summary: case.summary.clone(),
        responsible: case.responsible.as_ref().map(responsible_pb),
        channel: case.channel.map_or(0, |c| convert::channel_pb(c) as i32),
        urgency: convert::urgency_pb(case.urgency) as i32,
        level: convert::level_pb(case.level) as i32,
        reported_on: optional_text_date(case.reported_on),
        personal: case.details.as_ref().map(personal_pb),
        personal_data_erased: case.personal_data_erased,
        caseworker_ids: case.team.clone(),
        assessment: case.assessment.as_ref().map(assessment_pb),
        evidence: case.evidence.iter().map(evidence_pb).collect(),
        plan: case.plan().map(plan_pb),
        actions: case.actions.iter().map(action_pb).collect(),
        escalations: case.escalations.iter().map(escalation_pb).collect(),
        waits: case.waits.iter().map(wait_pb).collect(),
        resolutions: case.resolutions.iter().map(resolution_pb).collect(),
        closures: case.closures.iter().map(reasoned_pb).collect(),
        reopenings: case.reopenings.iter().map(reasoned_pb).collect(),
        notes: case
            .notes
            .iter()
            .filter_map(|n| note_pb(n, case.note_access(n, caller), false))
            .collect(),
        deadlines: deadlines(case, today).as_ref().map(deadlines_pb),
    }
}
