//! Shared givens: a region, households, callers, and a case at each step of its
//! lifecycle (built by running the commands through `decide`, so the givens obey the
//! rules they are used to test).

use berdaya_domain::Aggregate;
pub(crate) use berdaya_domain::DomainError;
use berdaya_domain::id::RegionCode;
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

use crate::domain::*;

pub(crate) fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

pub(crate) fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().to_utc()
}

pub(crate) fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

pub(crate) fn case_id() -> Uuid {
    id(500)
}

pub(crate) fn subject_id() -> Uuid {
    id(600)
}

/// Kota Surabaya.
pub(crate) fn region() -> RegionCode {
    RegionCode::parse("35.78").unwrap()
}

pub(crate) fn village() -> RegionCode {
    RegionCode::parse_village("35.78.01.1001").unwrap()
}

/// Household `n`, active in [`village`].
pub(crate) fn household(n: u128) -> HouseholdFacts {
    household_with(n, HouseholdStanding::Active { village: village() })
}

pub(crate) fn household_with(n: u128, standing: HouseholdStanding) -> HouseholdFacts {
    HouseholdFacts {
        household_id: id(n),
        standing,
    }
}

pub(crate) fn affected(n: u128) -> AffectedHousehold {
    AffectedHousehold {
        household_id: id(n),
        village: village(),
    }
}

pub(crate) fn details() -> CaseDetails {
    CaseDetails {
        reporter_name: Some("Siti Aminah".to_owned()),
        reporter_phone: Some("081234567890".to_owned()),
        description: "Kartu KIS keluarga dinonaktifkan tanpa pemberitahuan".to_owned(),
        responsible_person: None,
    }
}

/// An urgent case about health insurance for households 1 and 2, reported 2026-03-02.
pub(crate) fn report() -> ReportCase {
    ReportCase {
        case_id: case_id(),
        region: Some(region()),
        households: vec![household(1), household(2)],
        right_code: "health_insurance".to_owned(),
        summary: "PBI-JK dinonaktifkan untuk dua keluarga".to_owned(),
        responsible: ResponsibleParty {
            kind: PartyKind::Agency,
            name: "BPJS Kesehatan Cabang Malang".to_owned(),
        },
        channel: IntakeChannel::Facilitator,
        urgency: Urgency::Urgent,
        level: EscalationLevel::Village,
        reported_on: date("2026-03-02"),
        caseworkers: vec!["pendamping-ani".to_owned()],
        subject_id: subject_id(),
        details: details(),
    }
}

/// Decides each command in turn on `history`, appending its events.
pub(crate) fn run(mut history: Vec<CaseEvent>, commands: Vec<CaseCommand>) -> Vec<CaseEvent> {
    for command in commands {
        let state = AdvocacyCase::from_events(history.iter());
        let events = state
            .decide(&command, &CaseRules::default())
            .unwrap_or_else(|error| panic!("{command:?} refused: {error}"));
        history.extend(events);
    }
    history
}

pub(crate) fn state(history: &[CaseEvent]) -> AdvocacyCase {
    AdvocacyCase::from_events(history.iter())
}

pub(crate) fn reported() -> Vec<CaseEvent> {
    run(Vec::new(), vec![CaseCommand::Report(report())])
}

pub(crate) fn evidence(n: u8) -> Evidence {
    Evidence {
        evidence_id: id(700 + u128::from(n)),
        description: "surat pemberitahuan penonaktifan".to_owned(),
        reference: format!("arsip/2026/{n}"),
        sha256: DocumentHash::parse(&format!("{n:02x}").repeat(32)).unwrap(),
        collected_on: date("2026-03-03"),
    }
}

pub(crate) fn assess() -> CaseCommand {
    CaseCommand::Assess(AssessCase {
        assessed_on: date("2026-03-03"),
        assessed_by: "pendamping-ani".to_owned(),
        facts: "Kedua keluarga masih desil 1; penonaktifan tanpa verifikasi".to_owned(),
        evidence: vec![evidence(1)],
        risk: RiskLevel::High,
    })
}

pub(crate) fn assessed() -> Vec<CaseEvent> {
    run(reported(), vec![assess()])
}

pub(crate) fn plan() -> CaseCommand {
    CaseCommand::AdoptActionPlan(AdoptActionPlan {
        adopted_on: date("2026-03-03"),
        objective: "KIS kedua keluarga diaktifkan kembali".to_owned(),
        steps: vec![PlannedStep {
            kind: ActionKind::Hearing,
            description: "audiensi dengan Dinas Sosial dan BPJS".to_owned(),
            due_on: Some(date("2026-03-10")),
        }],
    })
}

pub(crate) fn planned() -> Vec<CaseEvent> {
    run(assessed(), vec![plan()])
}

/// A hearing (action `800 + n`) on `on`, with household 1 taking part.
pub(crate) fn act(n: u128, on: &str) -> CaseCommand {
    CaseCommand::TakeAction(TakeAction {
        action_id: id(800 + n),
        kind: ActionKind::Hearing,
        taken_on: date(on),
        description: "audiensi di kantor Dinas Sosial".to_owned(),
        households: vec![id(1)],
        partners: Vec::new(),
        institutions: vec!["Dinas Sosial Kota Surabaya".to_owned()],
        outcome: "Dinas Sosial mengusulkan reaktivasi".to_owned(),
    })
}

/// Planned, and a hearing held on 2026-03-04.
pub(crate) fn in_action() -> Vec<CaseEvent> {
    run(planned(), vec![act(0, "2026-03-04")])
}

pub(crate) fn resolve(on: &str) -> CaseCommand {
    CaseCommand::Resolve(Resolve {
        resolved_on: date(on),
        remedy: "KIS diaktifkan kembali".to_owned(),
        restored: vec![
            RestoredAccess {
                household_id: id(1),
                regained_on: date(on),
            },
            RestoredAccess {
                household_id: id(2),
                regained_on: date(on),
            },
        ],
    })
}

/// Resolved on 2026-03-20.
pub(crate) fn resolved() -> Vec<CaseEvent> {
    run(in_action(), vec![resolve("2026-03-20")])
}

pub(crate) fn close(on: &str) -> CaseCommand {
    CaseCommand::CloseUnresolved(CloseUnresolved {
        closed_on: date(on),
        reason: "pelapor menarik laporan".to_owned(),
    })
}

/// Assessed, then closed unresolved on 2026-03-10.
pub(crate) fn closed_unresolved() -> Vec<CaseEvent> {
    run(assessed(), vec![close("2026-03-10")])
}

pub(crate) fn reopen(on: &str) -> CaseCommand {
    CaseCommand::Reopen(Reopen {
        reopened_on: date(on),
        reason: "KIS dinonaktifkan lagi".to_owned(),
    })
}

pub(crate) fn await_reporter(since: &str) -> CaseCommand {
    CaseCommand::AwaitReporter(AwaitReporter {
        since: date(since),
        reason: "menunggu fotokopi KK dari pelapor".to_owned(),
    })
}

pub(crate) fn reporter_responded(on: &str) -> CaseCommand {
    CaseCommand::RecordReporterResponse(RecordReporterResponse {
        responded_on: date(on),
    })
}

pub(crate) fn caller(subject: &str, role: ActorRole) -> Caller {
    Caller {
        subject: subject.to_owned(),
        roles: vec![role],
        covers_case_region: true,
    }
}

/// A note `900 + n`, written by `author`.
pub(crate) fn note(n: u128, author: Caller, confidential: bool) -> CaseCommand {
    CaseCommand::AddNote(AddNote {
        note_id: id(900 + n),
        author,
        written_at: at("2026-03-05T09:30:00Z"),
        confidential,
        text: "Ibu Siti takut diintimidasi oleh perangkat desa".to_owned(),
    })
}
