//! What a programme teaches and what completing it takes: curriculum modules, the share
//! of sessions a participant must attend, the pass mark of its assessment, and the
//! certificate it leads to.

use berdaya_domain::DomainError;
use berdaya_domain::error::Violations;

use crate::domain::check::{no_duplicates, require_text};

/// Most curriculum modules a programme may have.
pub const MAX_MODULES: usize = 50;
/// Most hours one module may take.
pub const MAX_MODULE_HOURS: u16 = 500;
/// Longest certificate validity, in months (ten years).
pub const MAX_VALIDITY_MONTHS: u16 = 120;

/// How a programme builds capacity (the methods strategy 6 names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProgrammeMethod {
    /// Pendidikan: formal education.
    Education,
    /// Pelatihan / diklat: training.
    Training,
    /// Studi lapangan: field study.
    FieldStudy,
    /// Studi banding: comparative study visit to another region's programme.
    ComparativeStudy,
    /// Magang: apprenticeship.
    Apprenticeship,
    /// Pendampingan: mentoring.
    Mentoring,
    /// Pengkajian: assessment.
    Assessment,
    /// Penelitian dan pengembangan: research and development.
    ResearchAndDevelopment,
}

/// One curriculum module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Module {
    /// Short code, unique within the programme, e.g. `P2K2-03`.
    pub code: String,
    /// Title.
    pub title: String,
    /// Planned hours (jam pelajaran).
    pub hours: u16,
}

/// The certificate completing a programme leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateSpec {
    /// Its name, e.g. `Sertifikat Pendamping KUBE Madya`.
    pub name: String,
    /// How long it is valid from issue (or from renewal), in months.
    pub validity_months: u16,
}

/// What a programme teaches and what completing it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeTerms {
    /// The curriculum, in teaching order.
    pub modules: Vec<Module>,
    /// Share of held sessions a participant must attend to complete, 1 to 100 percent.
    pub required_attendance_percent: u8,
    /// Lowest assessment score (0 to 100) that passes; `None` when the programme has no
    /// assessment and completion rests on attendance alone.
    pub pass_mark: Option<u8>,
    /// The certificate completion leads to.
    pub certificate: CertificateSpec,
}

impl ProgrammeTerms {
    /// A module by code.
    pub fn module(&self, code: &str) -> Option<&Module> {
        self.modules.iter().find(|m| m.code == code)
    }

    /// Checks the terms, reporting every bad field at once.
    ///
    /// # Errors
    /// [`DomainError::Invalid`] naming each bad field (`modules[2].code`, `pass_mark`).
    pub fn check(&self) -> Result<(), DomainError> {
        let mut v = Violations::new();
        if self.modules.is_empty() || self.modules.len() > MAX_MODULES {
            v.add("modules", format!("must list 1 to {MAX_MODULES} modules"));
        }
        for (i, module) in self.modules.iter().enumerate() {
            require_text(&mut v, &format!("modules[{i}].code"), &module.code);
            require_text(&mut v, &format!("modules[{i}].title"), &module.title);
            if !(1..=MAX_MODULE_HOURS).contains(&module.hours) {
                v.add(
                    format!("modules[{i}].hours"),
                    format!("must be 1 to {MAX_MODULE_HOURS}"),
                );
            }
        }
        let codes: Vec<&str> = self.modules.iter().map(|m| m.code.as_str()).collect();
        no_duplicates(&mut v, "modules", &codes);
        if !(1..=100).contains(&self.required_attendance_percent) {
            v.add("required_attendance_percent", "must be 1 to 100");
        }
        if self
            .pass_mark
            .is_some_and(|mark| !(1..=100).contains(&mark))
        {
            v.add("pass_mark", "must be 1 to 100, or unset for no assessment");
        }
        require_text(&mut v, "certificate.name", &self.certificate.name);
        if !(1..=MAX_VALIDITY_MONTHS).contains(&self.certificate.validity_months) {
            v.add(
                "certificate.validity_months",
                format!("must be 1 to {MAX_VALIDITY_MONTHS}"),
            );
        }
        v.finish()
    }
}
