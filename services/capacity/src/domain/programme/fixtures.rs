//! Givens for the programme aggregate: a KUBE facilitator training.

use crate::domain::fixtures::{date, id};
use crate::domain::programme::*;
use crate::domain::roles::PersonRole;

pub(crate) fn programme_id() -> uuid::Uuid {
    id(200)
}

/// Three modules, 80 % attendance, pass mark 70, a three-year certificate.
pub(crate) fn terms() -> ProgrammeTerms {
    ProgrammeTerms {
        modules: vec![
            Module {
                code: "KUBE-01".to_owned(),
                title: "Pembentukan dan kepengurusan KUBE".to_owned(),
                hours: 8,
            },
            Module {
                code: "KUBE-02".to_owned(),
                title: "Rencana usaha dan pembukuan".to_owned(),
                hours: 12,
            },
            Module {
                code: "KUBE-03".to_owned(),
                title: "Iuran Kesetiakawanan Sosial".to_owned(),
                hours: 4,
            },
        ],
        required_attendance_percent: 80,
        pass_mark: Some(70),
        certificate: CertificateSpec {
            name: "Sertifikat Pendamping KUBE".to_owned(),
            validity_months: 36,
        },
    }
}

pub(crate) fn define() -> ProgrammeCommand {
    ProgrammeCommand::Define(DefineProgramme {
        programme_id: programme_id(),
        title: "Diklat Pendamping KUBE".to_owned(),
        description: "Pelatihan dasar pendamping KUBE".to_owned(),
        method: ProgrammeMethod::Training,
        target_roles: vec![PersonRole::PendampingKube, PersonRole::Tksk],
        terms: terms(),
        defined_on: date("2026-01-02"),
    })
}

/// Defined on 2026-01-02 for pendamping KUBE and TKSK.
pub(crate) fn defined() -> Vec<ProgrammeEvent> {
    vec![ProgrammeEvent::Defined {
        programme_id: programme_id(),
        title: "Diklat Pendamping KUBE".to_owned(),
        description: "Pelatihan dasar pendamping KUBE".to_owned(),
        method: ProgrammeMethod::Training,
        target_roles: vec![PersonRole::PendampingKube, PersonRole::Tksk],
        terms: terms(),
        defined_on: date("2026-01-02"),
    }]
}

/// Defined, then retired on 2026-12-31.
pub(crate) fn retired() -> Vec<ProgrammeEvent> {
    let mut events = defined();
    events.push(ProgrammeEvent::Retired {
        retired_on: date("2026-12-31"),
        reason: "diganti kurikulum 2027".to_owned(),
    });
    events
}
