//! Givens of the agreement tests: a PKS with a bank (partner 100) for a credit line and
//! training places, in force from 2026-02-01 to 2026-12-31.

use berdaya_domain::Rupiah;
use uuid::Uuid;

use crate::domain::agreement::*;
use crate::domain::fixtures::*;
use crate::domain::{AgreementKind, CommitmentKind, Document, DocumentHash, Party, Quantity};

pub(crate) const DRAFTER: &str = "caseworker-ani";
pub(crate) const SUPERVISOR: &str = "supervisor-budi";

pub(crate) fn agreement_id() -> Uuid {
    id(200)
}

pub(crate) fn bank() -> Uuid {
    id(100)
}

pub(crate) fn credit_id() -> Uuid {
    id(301)
}

pub(crate) fn training_id() -> Uuid {
    id(302)
}

pub(crate) fn document(n: u8) -> Document {
    Document {
        reference: format!("400.9/{n}/DINSOS/2026"),
        sha256: DocumentHash::parse(&format!("{n:02x}").repeat(32)).unwrap(),
    }
}

pub(crate) fn commitment(
    commitment_id: Uuid,
    kind: CommitmentKind,
    target: Quantity,
) -> Commitment {
    Commitment {
        commitment_id,
        provider: Party::Partner(bank()),
        kind,
        description: "untuk anggota KUBE binaan".into(),
        target,
        period_start: date("2026-02-01"),
        period_end: date("2026-12-31"),
    }
}

pub(crate) fn terms() -> Terms {
    Terms {
        title: "Akses KUR bagi KUBE binaan".into(),
        purpose: "membuka akses kredit dan pelatihan".into(),
        partner_ids: vec![bank()],
        start_date: date("2026-02-01"),
        end_date: date("2026-12-31"),
        commitments: vec![
            commitment(
                credit_id(),
                CommitmentKind::CreditLine,
                Quantity::Amount(Rupiah(100_000_000)),
            ),
            commitment(
                training_id(),
                CommitmentKind::TrainingPlaces,
                Quantity::Count(20),
            ),
        ],
    }
}

pub(crate) fn draft_with(terms: Terms) -> DraftAgreement {
    let partners = terms
        .partner_ids
        .iter()
        .map(|p| active_partner(p.as_u128()))
        .collect();
    DraftAgreement {
        agreement_id: agreement_id(),
        kind: AgreementKind::Pks,
        region: region("35.78"),
        terms,
        partners,
        drafted_by: DRAFTER.into(),
        drafted_on: date("2026-01-10"),
    }
}

pub(crate) fn drafted() -> AgreementEvent {
    AgreementEvent::Drafted {
        agreement_id: agreement_id(),
        kind: AgreementKind::Pks,
        region: region("35.78"),
        terms: terms(),
        drafted_by: DRAFTER.into(),
        drafted_on: date("2026-01-10"),
    }
}

pub(crate) fn signatory(party: Party, n: u128) -> Signatory {
    Signatory {
        party,
        subject_id: id(2000 + n),
        position: "Kepala".into(),
        person: Some(SignatoryData {
            full_name: format!("Pejabat {n}"),
        }),
    }
}

pub(crate) fn sign_by(signed_by: &str) -> SignAgreement {
    SignAgreement {
        signed_on: date("2026-01-20"),
        signed_by: signed_by.into(),
        signatories: vec![
            signatory(Party::Office, 1),
            signatory(Party::Partner(bank()), 2),
        ],
        document: document(1),
        partners: vec![active_partner(100)],
    }
}

pub(crate) fn signed() -> AgreementEvent {
    AgreementEvent::Signed {
        signed_on: date("2026-01-20"),
        signed_by: SUPERVISOR.into(),
        signatories: vec![
            signatory(Party::Office, 1),
            signatory(Party::Partner(bank()), 2),
        ],
        document: document(1),
    }
}

/// Drafted and signed: in force from 2026-02-01 to 2026-12-31.
pub(crate) fn signed_history() -> Vec<AgreementEvent> {
    vec![drafted(), signed()]
}

/// Drafted with these terms and signed.
pub(crate) fn signed_with(terms: Terms) -> Vec<AgreementEvent> {
    let AgreementEvent::Drafted {
        agreement_id,
        kind,
        region,
        drafted_by,
        drafted_on,
        ..
    } = drafted()
    else {
        unreachable!()
    };
    let drafted = AgreementEvent::Drafted {
        agreement_id,
        kind,
        region,
        terms,
        drafted_by,
        drafted_on,
    };
    vec![drafted, signed()]
}

/// The fixture terms with the credit line running only from February to June.
pub(crate) fn credit_until_june() -> Terms {
    let mut terms = terms();
    terms.commitments[0].period_end = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
    terms
}

pub(crate) fn terminate(on: &str) -> AgreementCommand {
    AgreementCommand::Terminate(TerminateAgreement {
        terminated_on: date(on),
        reason: "mitra tidak memenuhi kewajiban".into(),
        terminated_by: SUPERVISOR.into(),
    })
}

pub(crate) fn terminated(on: &str) -> AgreementEvent {
    AgreementEvent::Terminated {
        terminated_on: date(on),
        reason: "mitra tidak memenuhi kewajiban".into(),
        terminated_by: SUPERVISOR.into(),
    }
}

pub(crate) fn contribution(commitment_id: Uuid, quantity: Quantity, on: &str) -> Contribution {
    Contribution {
        contribution_id: id(
            7000 + u128::from(date(on).format("%m%d").to_string().parse::<u16>().unwrap())
        ),
        commitment_id,
        contributed_on: date(on),
        quantity,
        description: "diserahkan".into(),
    }
}

pub(crate) fn contributed(commitment_id: Uuid, quantity: Quantity, on: &str) -> AgreementEvent {
    AgreementEvent::ContributionRecorded {
        contribution: contribution(commitment_id, quantity, on),
        recorded_by: DRAFTER.into(),
    }
}
