//! The agreement aggregate: a Nota Kesepahaman (MoU) or Perjanjian Kerja Sama (PKS)
//! between the office and one or more partners, as its events make it.

mod commands;
mod decide;
mod events;
mod fulfilment;
mod status;
mod terms;

#[cfg(test)]
pub(crate) mod fixtures;

pub use commands::*;
pub use events::*;
pub use fulfilment::{CompletedReferral, Fulfilment, FulfilmentBand, fulfilment, fulfilments};
pub use status::AgreementStatus;
pub use terms::*;

use berdaya_domain::id::RegionCode;
use berdaya_domain::{Aggregate, DomainError};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::{AgreementKind, Document};

/// Where an agreement stands in the lifecycle that people record. Whether a signed
/// agreement is in force, expired or terminated on a given day is
/// [`Agreement::status_on`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Lifecycle {
    /// No `Drafted` event yet.
    #[default]
    NotDrafted,
    /// Drafted, not yet signed.
    Drafted,
    /// The draft was abandoned.
    Withdrawn,
    /// Signed.
    Signed,
}

/// The signature of an agreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signing {
    /// Date of signature.
    pub signed_on: NaiveDate,
    /// The supervisor who approved the signing.
    pub signed_by: String,
    /// The officials who signed.
    pub signatories: Vec<Signatory>,
    /// The signed document.
    pub document: Document,
}

/// An early end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Termination {
    /// The first day the agreement no longer applies.
    pub terminated_on: NaiveDate,
    /// Why.
    pub reason: String,
    /// Who recorded it.
    pub terminated_by: String,
}

/// The agreement aggregate's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Agreement {
    /// Stable id (set by `Drafted`).
    pub id: Option<Uuid>,
    /// Recorded lifecycle.
    pub lifecycle: Lifecycle,
    /// MoU or PKS.
    pub kind: Option<AgreementKind>,
    /// The region of the office concluding it.
    pub region: Option<RegionCode>,
    /// The current terms (of the draft, or of the latest version).
    pub terms: Terms,
    /// Who drafted and revised the draft: none of them may sign it off.
    pub makers: Vec<String>,
    /// When it was drafted.
    pub drafted_on: Option<NaiveDate>,
    /// When the draft last changed (drafted, revised or withdrawn).
    pub draft_changed_on: Option<NaiveDate>,
    /// The signature.
    pub signing: Option<Signing>,
    /// Every version since signing, oldest first (empty before signing).
    pub versions: Vec<Version>,
    /// Contributions recorded toward commitments, in the order recorded.
    pub contributions: Vec<Contribution>,
    /// The early end, if any.
    pub termination: Option<Termination>,
    /// Why the draft was withdrawn, if it was.
    pub withdrawal_reason: Option<String>,
}

impl Agreement {
    /// A version by number.
    pub fn version(&self, number: u32) -> Option<&Version> {
        self.versions.iter().find(|v| v.number == number)
    }

    /// The latest version, once signed.
    pub fn current_version(&self) -> Option<&Version> {
        self.versions.last()
    }

    /// True when `commitment_id` was part of some version (or of the draft) but no
    /// longer is.
    pub fn commitment_withdrawn(&self, commitment_id: Uuid) -> bool {
        self.terms.commitment(commitment_id).is_none()
            && self
                .versions
                .iter()
                .any(|v| v.terms.commitment(commitment_id).is_some())
    }

    /// The commitment of the current terms a referral or contribution counts toward.
    ///
    /// # Errors
    /// [`DomainError::Rule`] on `commitment_id` when an amendment withdrew it;
    /// [`DomainError::NotFound`] when the agreement never had it.
    pub fn usable_commitment(&self, commitment_id: Uuid) -> Result<&Commitment, DomainError> {
        if let Some(commitment) = self.terms.commitment(commitment_id) {
            return Ok(commitment);
        }
        if self.commitment_withdrawn(commitment_id) {
            return Err(DomainError::rule(
                "commitment_id",
                format!("commitment {commitment_id} was withdrawn by an amendment"),
            ));
        }
        let agreement = self
            .id
            .map(|id| format!(" of agreement {id}"))
            .unwrap_or_default();
        Err(DomainError::not_found(format!(
            "commitment {commitment_id}{agreement}"
        )))
    }

    /// True when `commitment_id` names a commitment in any version.
    fn commitment_id_used(&self, commitment_id: Uuid) -> bool {
        self.terms.commitment(commitment_id).is_some() || self.commitment_withdrawn(commitment_id)
    }

    /// The number the next amendment or renewal gets.
    pub fn next_version(&self) -> u32 {
        u32::try_from(self.versions.len()).map_or(u32::MAX, |n| n.saturating_add(1))
    }

    fn push_version(
        &mut self,
        number: u32,
        effective_on: NaiveDate,
        change: VersionChange,
        document: &Document,
    ) {
        self.versions.push(Version {
            number,
            effective_on,
            change,
            document: document.clone(),
            terms: self.terms.clone(),
        });
    }
}

impl Aggregate for Agreement {
    const CATEGORY: &'static str = berdaya_proto::category::partnerships::AGREEMENT;
    type Command = AgreementCommand;
    type Event = AgreementEvent;
    type Rules = ();

    fn decide(
        &self,
        command: &AgreementCommand,
        _rules: &(),
    ) -> Result<Vec<AgreementEvent>, DomainError> {
        decide::decide(self, command)
    }

    fn apply(&mut self, event: &AgreementEvent) {
        use AgreementEvent as E;
        match event {
            E::Drafted { .. } | E::DraftRevised { .. } | E::DraftWithdrawn { .. } => {
                self.apply_draft(event);
            }
            E::Signed { .. } | E::Amended { .. } | E::Renewed { .. } => self.apply_version(event),
            E::Terminated {
                terminated_on,
                reason,
                terminated_by,
            } => {
                self.termination = Some(Termination {
                    terminated_on: *terminated_on,
                    reason: reason.clone(),
                    terminated_by: terminated_by.clone(),
                });
            }
            E::ContributionRecorded { contribution, .. } => {
                self.contributions.push(contribution.clone());
            }
            E::PersonalDataErased { subject_ids, .. } => {
                if let Some(signing) = &mut self.signing {
                    for signatory in &mut signing.signatories {
                        if subject_ids.contains(&signatory.subject_id) {
                            signatory.person = None;
                        }
                    }
                }
            }
        }
    }
}

impl Agreement {
    /// Folds in an event of the draft's life.
    fn apply_draft(&mut self, event: &AgreementEvent) {
        use AgreementEvent as E;
        match event {
            E::Drafted {
                agreement_id,
                kind,
                region,
                terms,
                drafted_by,
                drafted_on,
            } => {
                self.id = Some(*agreement_id);
                self.lifecycle = Lifecycle::Drafted;
                self.kind = Some(*kind);
                self.region = Some(region.clone());
                self.terms = terms.clone();
                self.makers = vec![drafted_by.clone()];
                self.drafted_on = Some(*drafted_on);
                self.draft_changed_on = Some(*drafted_on);
            }
            E::DraftRevised {
                terms,
                revised_by,
                revised_on,
            } => {
                self.terms = terms.clone();
                if !self.makers.contains(revised_by) {
                    self.makers.push(revised_by.clone());
                }
                self.draft_changed_on = Some(*revised_on);
            }
            E::DraftWithdrawn {
                reason,
                withdrawn_on,
                ..
            } => {
                self.lifecycle = Lifecycle::Withdrawn;
                self.withdrawal_reason = Some(reason.clone());
                self.draft_changed_on = Some(*withdrawn_on);
            }
            _ => {}
        }
    }

    /// Folds in an event that makes a version: the signature, an amendment, a renewal.
    fn apply_version(&mut self, event: &AgreementEvent) {
        use AgreementEvent as E;
        match event {
            E::Signed {
                signed_on,
                signed_by,
                signatories,
                document,
            } => {
                self.lifecycle = Lifecycle::Signed;
                self.signing = Some(Signing {
                    signed_on: *signed_on,
                    signed_by: signed_by.clone(),
                    signatories: signatories.clone(),
                    document: document.clone(),
                });
                self.push_version(1, *signed_on, VersionChange::Signed, document);
            }
            E::Amended {
                version,
                amended_on,
                summary,
                changes,
                document,
                ..
            } => {
                self.terms = self.terms.amended(changes);
                let change = VersionChange::Amended {
                    summary: summary.clone(),
                    changes: changes.clone(),
                };
                self.push_version(*version, *amended_on, change, document);
            }
            E::Renewed {
                version,
                renewed_on,
                previous_end_date,
                end_date,
                document,
                note,
                ..
            } => {
                self.terms.end_date = *end_date;
                let change = VersionChange::Renewed {
                    previous_end_date: *previous_end_date,
                    note: note.clone(),
                };
                self.push_version(*version, *renewed_on, change, document);
            }
            _ => {}
        }
    }
}
