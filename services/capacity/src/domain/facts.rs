//! Facts one aggregate needs about another, or about another context, looked up at the
//! edge and passed in commands so that deciding stays pure. Each fact says what the edge
//! found, including "not found", and the decision turns it into the right refusal.

use berdaya_domain::DomainError;
use berdaya_domain::id::RegionCode;
use chrono::NaiveDate;
use uuid::Uuid;

use super::programme::{CertificateSpec, ProgrammeMethod, ProgrammeTerms};
use super::roles::PersonRole;
use super::vocabulary::TermKind;

/// What the capacity registry knows of a person (from the [`Person`](super::Person)
/// aggregate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonFacts {
    /// The person.
    pub person_id: Uuid,
    /// Their standing.
    pub standing: PersonStanding,
}

/// A person's standing in the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonStanding {
    /// No such person.
    Unknown,
    /// Registered, but deactivated (left the programme).
    Inactive,
    /// Active in this role and region (`None`: the whole country).
    Active {
        /// The role.
        role: PersonRole,
        /// The region served.
        region: Option<RegionCode>,
    },
}

impl PersonFacts {
    /// The active person's role, or the refusal naming `field`.
    ///
    /// # Errors
    /// [`DomainError::NotFound`] for an unknown person, [`DomainError::Rule`] for an
    /// inactive one.
    pub fn active_role(&self, field: &str) -> Result<PersonRole, DomainError> {
        match &self.standing {
            PersonStanding::Unknown => Err(DomainError::not_found(format!(
                "person {} ({field})",
                self.person_id
            ))),
            PersonStanding::Inactive => Err(DomainError::rule(
                field,
                format!("person {} is deactivated", self.person_id),
            )),
            PersonStanding::Active { role, .. } => Ok(*role),
        }
    }
}

/// What the capacity service knows of a registry household, from the households
/// context's events (a local view, not a call to the registry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdFacts {
    /// The household.
    pub household_id: Uuid,
    /// Its standing as last heard from the registry.
    pub standing: HouseholdStanding,
}

/// A household's standing as last heard from the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HouseholdStanding {
    /// Never heard of: not registered, or its registration has not arrived yet.
    Unknown,
    /// Closed in the registry.
    Closed,
    /// Open in the registry, living in this village.
    Active {
        /// Its village.
        village: RegionCode,
    },
}

impl HouseholdFacts {
    /// The active household's village, or the refusal naming `field`.
    ///
    /// # Errors
    /// [`DomainError::NotFound`] for an unknown household, [`DomainError::Rule`] for a
    /// closed one.
    pub fn active_village(&self, field: &str) -> Result<&RegionCode, DomainError> {
        match &self.standing {
            HouseholdStanding::Unknown => Err(DomainError::not_found(format!(
                "household {} ({field})",
                self.household_id
            ))),
            HouseholdStanding::Closed => Err(DomainError::rule(
                field,
                format!("household {} is closed", self.household_id),
            )),
            HouseholdStanding::Active { village } => Ok(village),
        }
    }
}

/// One certificate as the certificate registry holds it: what a trainer check and a
/// competency need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateFacts {
    /// The certificate.
    pub certificate_id: Uuid,
    /// The programme it certifies.
    pub programme_id: Uuid,
    /// First day it is valid.
    pub valid_from: NaiveDate,
    /// Last day it is valid (after its latest renewal).
    pub valid_until: NaiveDate,
    /// When it was revoked, if it was.
    pub revoked_on: Option<NaiveDate>,
}

/// Whether a certificate holds on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CertificateStanding {
    /// Its validity has not begun.
    NotYetValid,
    /// Valid.
    Valid,
    /// Its validity ended: flagged as expired.
    Expired,
    /// Revoked on or before the day.
    Revoked,
}

impl CertificateFacts {
    /// The certificate's standing on `day`. Revocation wins over every date.
    pub fn standing_on(&self, day: NaiveDate) -> CertificateStanding {
        if self.revoked_on.is_some_and(|revoked| revoked <= day) {
            CertificateStanding::Revoked
        } else if day < self.valid_from {
            CertificateStanding::NotYetValid
        } else if day > self.valid_until {
            CertificateStanding::Expired
        } else {
            CertificateStanding::Valid
        }
    }

    /// True when the certificate is valid on `day` but will have expired `days` days
    /// later: what the "certificates expiring" indicator counts.
    pub fn expires_within(&self, day: NaiveDate, days: u32) -> bool {
        self.standing_on(day) == CertificateStanding::Valid
            && (self.valid_until - day).num_days() < i64::from(days)
    }

    /// True when the certificate is unrevoked and valid on every day from `first` to
    /// `last`: what a trainer needs for a whole cohort.
    pub fn covers(&self, first: NaiveDate, last: NaiveDate) -> bool {
        self.revoked_on.is_none() && self.valid_from <= first && last <= self.valid_until
    }
}

/// What the programme catalogue holds of a programme (from the
/// [`Programme`](super::Programme) aggregate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeFacts {
    /// The programme.
    pub programme_id: Uuid,
    /// Its standing.
    pub standing: ProgrammeStanding,
}

/// A programme's standing in the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgrammeStanding {
    /// No such programme.
    Unknown,
    /// Retired: takes no new cohorts.
    Retired,
    /// Open, under its current terms.
    Open(ProgrammeOffer),
}

/// An open programme's current version and terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgrammeOffer {
    /// 1 for the definition, then one more per revision.
    pub terms_version: u32,
    /// Its method.
    pub method: ProgrammeMethod,
    /// The roles it is for; empty for every role.
    pub target_roles: Vec<PersonRole>,
    /// Modules, attendance share, pass mark and certificate.
    pub terms: ProgrammeTerms,
}

impl ProgrammeFacts {
    /// The open programme's offer, or the refusal naming `field`.
    ///
    /// # Errors
    /// [`DomainError::NotFound`] for an unknown programme, [`DomainError::Rule`] for a
    /// retired one.
    pub fn open_offer(&self, field: &str) -> Result<&ProgrammeOffer, DomainError> {
        match &self.standing {
            ProgrammeStanding::Unknown => Err(DomainError::not_found(format!(
                "programme {} ({field})",
                self.programme_id
            ))),
            ProgrammeStanding::Retired => Err(DomainError::rule(
                field,
                format!("programme {} is retired", self.programme_id),
            )),
            ProgrammeStanding::Open(offer) => Ok(offer),
        }
    }
}

/// What a cohort records of one person's completion: what issuing a certificate needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletionFacts {
    /// The cohort.
    pub cohort_id: Uuid,
    /// The cohort's programme (`Uuid::nil()` when the cohort is unknown).
    pub programme_id: Uuid,
    /// The person.
    pub person_id: Uuid,
    /// How far they got.
    pub outcome: CompletionOutcome,
}

/// A person's outcome in a cohort.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompletionOutcome {
    /// No such cohort.
    UnknownCohort,
    /// Not a participant of the cohort.
    NotParticipant,
    /// Enrolled; the cohort is not completed yet.
    InProgress,
    /// Withdrew from the cohort.
    Withdrew,
    /// The cohort was completed or cancelled without this person completing it.
    NotCompleted,
    /// Completed the cohort.
    Completed {
        /// When.
        completed_on: NaiveDate,
        /// The certificate the cohort's programme version leads to.
        certificate: CertificateSpec,
    },
}

/// What the values vocabulary holds of one term (from the
/// [`Vocabulary`](super::Vocabulary) aggregate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermFacts {
    /// The term.
    pub term_id: Uuid,
    /// Its standing.
    pub standing: TermStanding,
}

/// A vocabulary term's standing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TermStanding {
    /// Not in the vocabulary.
    Unknown,
    /// Retired: it cannot tag anything new.
    Retired {
        /// When.
        retired_on: NaiveDate,
    },
    /// In use.
    Active {
        /// Value, norm or practice.
        kind: TermKind,
    },
}

impl TermFacts {
    /// The active term's kind, or the refusal naming `field`.
    ///
    /// # Errors
    /// [`DomainError::NotFound`] for an unknown term, [`DomainError::Rule`] for a retired
    /// one.
    pub fn active_kind(&self, field: &str) -> Result<TermKind, DomainError> {
        match &self.standing {
            TermStanding::Unknown => Err(DomainError::not_found(format!(
                "value {} ({field})",
                self.term_id
            ))),
            TermStanding::Retired { retired_on } => Err(DomainError::rule(
                field,
                format!(
                    "value {} was retired on {retired_on} and cannot tag a new activity",
                    self.term_id
                ),
            )),
            TermStanding::Active { kind } => Ok(*kind),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::date;

    fn certificate(revoked_on: Option<&str>) -> CertificateFacts {
        CertificateFacts {
            certificate_id: Uuid::from_u128(1),
            programme_id: Uuid::from_u128(2),
            valid_from: date("2026-01-01"),
            valid_until: date("2026-12-31"),
            revoked_on: revoked_on.map(date),
        }
    }

    #[test]
    fn a_certificate_is_valid_through_its_last_day_and_expired_the_day_after() {
        let c = certificate(None);
        assert_eq!(
            c.standing_on(date("2025-12-31")),
            CertificateStanding::NotYetValid
        );
        assert_eq!(
            c.standing_on(date("2026-01-01")),
            CertificateStanding::Valid
        );
        assert_eq!(
            c.standing_on(date("2026-12-31")),
            CertificateStanding::Valid
        );
        assert_eq!(
            c.standing_on(date("2027-01-01")),
            CertificateStanding::Expired
        );
    }

    #[test]
    fn revocation_counts_from_its_day_on() {
        let c = certificate(Some("2026-06-01"));
        assert_eq!(
            c.standing_on(date("2026-05-31")),
            CertificateStanding::Valid
        );
        assert_eq!(
            c.standing_on(date("2026-06-01")),
            CertificateStanding::Revoked
        );
        assert_eq!(
            c.standing_on(date("2027-06-01")),
            CertificateStanding::Revoked
        );
    }

    #[test]
    fn a_certificate_expires_within_n_days_when_it_is_gone_n_days_later() {
        let c = certificate(None);
        assert!(c.expires_within(date("2026-12-02"), 30));
        assert!(!c.expires_within(date("2026-12-01"), 30));
        assert!(!c.expires_within(date("2027-01-01"), 30));
        assert!(!certificate(Some("2026-12-10")).expires_within(date("2026-12-15"), 30));
    }

    #[test]
    fn a_certificate_covers_a_period_only_when_valid_on_every_day_of_it() {
        let c = certificate(None);
        assert!(c.covers(date("2026-01-01"), date("2026-12-31")));
        assert!(!c.covers(date("2026-12-01"), date("2027-01-01")));
        assert!(!c.covers(date("2025-12-31"), date("2026-01-05")));
        assert!(!certificate(Some("2026-06-01")).covers(date("2026-02-01"), date("2026-02-05")));
    }
}
