//! The household aggregate: pure rules, no I/O.
//!
//! A household (keluarga) is the unit that social-assistance programmes target. Its
//! identity is a stable id; the family-card (KK) number, village and DTSEN decile are
//! attributes that change over time and are recorded as events.

mod commands;
mod decide;
mod events;
mod policy;
mod standing;
mod state;

#[cfg(test)]
pub(crate) mod fixtures;

pub use commands::*;
pub use events::*;
pub use policy::{DecileBand, ProgrammePolicy};
pub use standing::{HouseholdRef, Standing};
pub use state::{Enrolment, Household, HouseholdStatus, Member};

/// Programmes a household can be enrolled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Programme {
    /// Program Keluarga Harapan: conditional cash transfer with per-member components.
    Pkh,
    /// Program Indonesia Pintar: school aid.
    Pip,
    /// Program Sembako (formerly BPNT): food assistance.
    Sembako,
}

impl Programme {
    /// The short name used in messages and configuration.
    pub fn name(self) -> &'static str {
        match self {
            Programme::Pkh => "PKH",
            Programme::Pip => "PIP",
            Programme::Sembako => "Sembako",
        }
    }
}

/// The condition of one member that earns a PKH amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PkhComponent {
    /// Pregnant or post-partum woman.
    Pregnant,
    /// Child aged 0 to 6.
    Child0To6,
    /// Primary-school pupil (SD).
    Sd,
    /// Junior-secondary pupil (SMP).
    Smp,
    /// Senior-secondary pupil (SMA).
    Sma,
    /// Severe disability.
    SevereDisability,
    /// Elderly, 70 or over.
    Elderly,
}

impl PkhComponent {
    /// Every component, in a fixed order.
    pub const ALL: [PkhComponent; 7] = [
        PkhComponent::Pregnant,
        PkhComponent::Child0To6,
        PkhComponent::Sd,
        PkhComponent::Smp,
        PkhComponent::Sma,
        PkhComponent::SevereDisability,
        PkhComponent::Elderly,
    ];

    /// The configuration key of the component.
    pub fn key(self) -> &'static str {
        match self {
            PkhComponent::Pregnant => "pregnant",
            PkhComponent::Child0To6 => "child_0_6",
            PkhComponent::Sd => "sd",
            PkhComponent::Smp => "smp",
            PkhComponent::Sma => "sma",
            PkhComponent::SevereDisability => "severe_disability",
            PkhComponent::Elderly => "elderly",
        }
    }
}

/// A member's relationship to the head, as on the family card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relationship {
    /// Kepala keluarga.
    Head,
    /// Suami / istri.
    Spouse,
    /// Anak.
    Child,
    /// Menantu.
    ChildInLaw,
    /// Cucu.
    Grandchild,
    /// Orang tua.
    Parent,
    /// Mertua.
    ParentInLaw,
    /// Famili lain.
    OtherRelative,
    /// Lainnya.
    Other,
}

/// Why a member left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RemovalReason {
    /// Died.
    Died,
    /// Moved away.
    Moved,
    /// Married into another family.
    MarriedOut,
    /// Split off to form a new household.
    Split,
}

/// Why an enrolment ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExitReason {
    /// Graduated out of assistance.
    Graduated,
    /// No longer eligible.
    NoLongerEligible,
    /// Did not meet the conditions.
    NonCompliant,
    /// Moved or closed.
    Moved,
    /// Declined.
    Declined,
    /// Anything else.
    Other,
}
