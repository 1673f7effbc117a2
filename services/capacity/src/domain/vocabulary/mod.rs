//! The vocabulary of spiritual values, customary norms and local-wisdom practices that
//! activities here and in other contexts are tagged with: reference data a province
//! extends, kept as events (add, rename, retire). One aggregate for the deployment's
//! whole vocabulary, so that names stay unique without a lookup elsewhere.

mod commands;
mod decide;
mod events;
#[cfg(test)]
pub(crate) mod fixtures;

pub use commands::*;
pub use events::*;

use berdaya_domain::id::RegionCode;
use berdaya_domain::{Aggregate, DomainError};
use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::facts::{TermFacts, TermStanding};

/// What a term names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TermKind {
    /// A spiritual or moral value (nilai): kejujuran, amanah, tri hita karana.
    Value,
    /// A customary norm or rule (norma adat): awig-awig, sasi, musyawarah mufakat.
    Norm,
    /// A local-wisdom practice or tradition: gotong royong, jimpitan, arisan, lumbung,
    /// subak.
    Practice,
}

/// A term's retirement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retirement {
    /// When.
    pub retired_on: NaiveDate,
    /// Why.
    pub reason: String,
    /// The term to use instead, if any.
    pub replaced_by_term_id: Option<Uuid>,
}

/// One term of the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Stable id.
    pub term_id: Uuid,
    /// Current name.
    pub name: String,
    /// Value, norm or practice.
    pub kind: TermKind,
    /// What it means.
    pub description: String,
    /// Where it is local; `None` for the whole country.
    pub region: Option<RegionCode>,
    /// When it was added.
    pub added_on: NaiveDate,
    /// Set once retired.
    pub retirement: Option<Retirement>,
}

impl Term {
    /// True until retired.
    pub fn active(&self) -> bool {
        self.retirement.is_none()
    }
}

/// The vocabulary aggregate's state: every term ever added, in the order added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vocabulary {
    /// The terms, active and retired.
    pub terms: Vec<Term>,
}

impl Vocabulary {
    /// A term by id.
    pub fn term(&self, term_id: Uuid) -> Option<&Term> {
        self.terms.iter().find(|t| t.term_id == term_id)
    }

    /// The active term other than `except` that carries `name`, ignoring case and
    /// spacing.
    pub fn active_named(&self, name: &str, except: Option<Uuid>) -> Option<&Term> {
        let wanted = normalise(name);
        self.terms
            .iter()
            .find(|t| t.active() && Some(t.term_id) != except && normalise(&t.name) == wanted)
    }

    /// What an activity needs to know of a term before tagging with it.
    pub fn facts(&self, term_id: Uuid) -> TermFacts {
        let standing = match self.term(term_id) {
            None => TermStanding::Unknown,
            Some(Term {
                retirement: Some(retirement),
                ..
            }) => TermStanding::Retired {
                retired_on: retirement.retired_on,
            },
            Some(term) => TermStanding::Active { kind: term.kind },
        };
        TermFacts { term_id, standing }
    }

    fn term_mut(&mut self, term_id: Uuid) -> Option<&mut Term> {
        self.terms.iter_mut().find(|t| t.term_id == term_id)
    }
}

/// Lowercase, with runs of whitespace as one space: `Gotong  Royong` names the same term
/// as `gotong royong`.
fn normalise(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Aggregate for Vocabulary {
    const CATEGORY: &'static str = berdaya_proto::category::capacity::VOCABULARY;
    type Command = VocabularyCommand;
    type Event = VocabularyEvent;
    type Rules = ();

    fn decide(
        &self,
        command: &VocabularyCommand,
        _rules: &(),
    ) -> Result<Vec<VocabularyEvent>, DomainError> {
        decide::decide(self, command)
    }

    fn apply(&mut self, event: &VocabularyEvent) {
        match event {
            VocabularyEvent::TermAdded {
                term_id,
                name,
                kind,
                description,
                region,
                added_on,
            } => self.terms.push(Term {
                term_id: *term_id,
                name: name.clone(),
                kind: *kind,
                description: description.clone(),
                region: region.clone(),
                added_on: *added_on,
                retirement: None,
            }),
            VocabularyEvent::TermRenamed { term_id, name, .. } => {
                if let Some(term) = self.term_mut(*term_id) {
                    term.name = name.clone();
                }
            }
            VocabularyEvent::TermRetired {
                term_id,
                retired_on,
                reason,
                replaced_by_term_id,
            } => {
                if let Some(term) = self.term_mut(*term_id) {
                    term.retirement = Some(Retirement {
                        retired_on: *retired_on,
                        reason: reason.clone(),
                        replaced_by_term_id: *replaced_by_term_id,
                    });
                }
            }
        }
    }
}
