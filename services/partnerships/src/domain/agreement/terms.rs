//! What the parties agreed: the terms of one version of an agreement, its commitments,
//! and how an amendment changes them.

use berdaya_domain::DomainError;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::{CommitmentKind, Document, Party, Quantity};

/// What one side commits to provide, with a target and a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commitment {
    /// Stable id within the agreement.
    pub commitment_id: Uuid,
    /// Who provides it.
    pub provider: Party,
    /// What is provided.
    pub kind: CommitmentKind,
    /// In words, e.g. `KUR Mikro untuk anggota KUBE binaan`.
    pub description: String,
    /// The target: an amount of rupiah or a count, more than zero.
    pub target: Quantity,
    /// First day of the commitment's period.
    pub period_start: NaiveDate,
    /// Last day of the commitment's period.
    pub period_end: NaiveDate,
}

impl Commitment {
    /// True when `date` lies in the commitment's period.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.period_start <= date && date <= self.period_end
    }

    /// Refuses `date` (the request's `field`) outside the commitment's period.
    ///
    /// # Errors
    /// [`DomainError::Rule`] on `field`.
    pub fn require_covers(&self, field: &str, date: NaiveDate) -> Result<(), DomainError> {
        if self.covers(date) {
            return Ok(());
        }
        Err(DomainError::rule(
            field,
            format!(
                "commitment {} runs from {} to {}, not on {date}",
                self.commitment_id, self.period_start, self.period_end
            ),
        ))
    }
}

/// The terms of an agreement as one version states them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Terms {
    /// Title (perihal).
    pub title: String,
    /// What the cooperation is for.
    pub purpose: String,
    /// The partners, besides the office, in the order the agreement names them.
    pub partner_ids: Vec<Uuid>,
    /// First day in force.
    pub start_date: NaiveDate,
    /// Last day in force; expired from the next day.
    pub end_date: NaiveDate,
    /// The commitments in force under this version.
    pub commitments: Vec<Commitment>,
}

impl Terms {
    /// A commitment of these terms.
    pub fn commitment(&self, commitment_id: Uuid) -> Option<&Commitment> {
        self.commitments
            .iter()
            .find(|c| c.commitment_id == commitment_id)
    }

    /// The terms after `changes`.
    pub fn amended(&self, changes: &AmendmentChanges) -> Terms {
        let mut terms = self.clone();
        if let Some(title) = &changes.title {
            terms.title.clone_from(title);
        }
        if let Some(purpose) = &changes.purpose {
            terms.purpose.clone_from(purpose);
        }
        if let Some(end_date) = changes.end_date {
            terms.end_date = end_date;
        }
        terms
            .commitments
            .retain(|c| !changes.withdrawn_commitment_ids.contains(&c.commitment_id));
        for revision in &changes.revised_targets {
            if let Some(c) = terms
                .commitments
                .iter_mut()
                .find(|c| c.commitment_id == revision.commitment_id)
            {
                c.target = revision.target;
            }
        }
        terms
            .commitments
            .extend(changes.added_commitments.iter().cloned());
        terms
    }
}

/// A commitment's new target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TargetRevision {
    /// The commitment.
    pub commitment_id: Uuid,
    /// Its new target, in the same unit.
    pub target: Quantity,
}

/// What an amendment changes; `None` and empty lists leave a part as it was.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AmendmentChanges {
    /// A new title.
    pub title: Option<String>,
    /// A new statement of purpose.
    pub purpose: Option<String>,
    /// A new last day in force (earlier or later).
    pub end_date: Option<NaiveDate>,
    /// Commitments added.
    pub added_commitments: Vec<Commitment>,
    /// Commitments whose target changes.
    pub revised_targets: Vec<TargetRevision>,
    /// Commitments that no longer apply.
    pub withdrawn_commitment_ids: Vec<Uuid>,
}

impl AmendmentChanges {
    /// True when the amendment changes nothing.
    pub fn is_empty(&self) -> bool {
        self.title.is_none()
            && self.purpose.is_none()
            && self.end_date.is_none()
            && self.added_commitments.is_empty()
            && self.revised_targets.is_empty()
            && self.withdrawn_commitment_ids.is_empty()
    }
}

/// How a version came about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VersionChange {
    /// Version 1: the signed original.
    Signed,
    /// An amendment (adendum), with what it changed.
    Amended {
        /// In words.
        summary: String,
        /// Exactly what changed.
        changes: AmendmentChanges,
    },
    /// A renewal (perpanjangan) to a later end date.
    Renewed {
        /// The end date before.
        previous_end_date: NaiveDate,
        /// Note.
        note: String,
    },
}

/// One numbered version of a signed agreement: 1 is the original, each amendment or
/// renewal adds the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    /// 1, 2, 3, ...
    pub number: u32,
    /// The day the version took effect (signature, amendment or renewal date).
    pub effective_on: NaiveDate,
    /// What made it.
    pub change: VersionChange,
    /// The signed document.
    pub document: Document,
    /// The terms as they stood from this version on.
    pub terms: Terms,
}
