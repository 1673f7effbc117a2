//! The participation activity aggregate and the participation record: pure rules, no I/O.

mod commands;
mod compliance;
mod decide;
mod events;
mod state;

#[cfg(test)]
pub(crate) mod fixtures;

pub use commands::*;
pub use compliance::{Band, ComplianceBands, ParticipationSummary, RecordEntry, summarize};
pub use events::*;
pub use state::{ActionState, Activity, ActivityStatus, Evaluation};

/// What kind of participation activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActivityKind {
    /// Sosialisasi: informs households of a programme; names the programme.
    ProgrammeInformation,
    /// Builds awareness of poverty problems.
    Awareness,
    /// Dialogue between households, neighbours and officials.
    Dialogue,
    /// Deliberation on alternative solutions (musyawarah: Musdes, Muskel).
    Deliberation,
    /// Joint action (aksi bersama).
    JointAction,
    /// Joint evaluation (evaluasi bersama).
    JointEvaluation,
    /// P2K2 / FDS (Pertemuan Peningkatan Kemampuan Keluarga, family development session):
    /// the monthly PKH session led by the pendamping; names its module.
    FamilyDevelopmentSession,
}

/// The modules of P2K2 / FDS sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FdsModule {
    /// Kesehatan dan gizi.
    HealthAndNutrition,
    /// Pengasuhan dan pendidikan anak.
    ParentingAndEducation,
    /// Pengelolaan keuangan keluarga (budgeting, debt, saving).
    FamilyFinance,
    /// Perlindungan anak.
    ChildProtection,
    /// Kesejahteraan sosial (elderly, disability).
    SocialWelfare,
}

/// How a household took part in a held activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AttendanceStatus {
    /// Hadir.
    Present,
    /// Izin: absent with leave, not counted against compliance.
    Excused,
    /// Invited, absent without leave. Derived from the invitation list, never sent.
    Absent,
}
