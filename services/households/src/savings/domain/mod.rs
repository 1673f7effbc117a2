//! The savings account aggregate, its statements and the savings streak: pure rules, no
//! I/O.

mod commands;
mod decide;
mod events;
mod incentive;
mod ledger;
mod state;

#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
mod tests;

pub use berdaya_domain::Month;
pub use commands::*;
pub use events::*;
pub use incentive::IncentiveRule;
pub use ledger::{EntryKind, Statement, StatementLine, Streak, statement, streak};
pub use state::{AccountStatus, DepositOutcome, Goal, GoalStatus, MonthLedger, SavingsAccount};

/// Most goals an account pursues at once.
pub const MAX_ACTIVE_GOALS: usize = 5;

/// Where savings are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InstitutionKind {
    /// A bank.
    Bank,
    /// A savings and loan cooperative (koperasi).
    Cooperative,
    /// A KUBE (Kelompok Usaha Bersama, joint business group) savings fund.
    Kube,
    /// The post office.
    PostOffice,
    /// Held by the group itself (e.g. the P2K2 group's treasurer).
    Group,
}

/// A named institution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Institution {
    /// Its kind.
    pub kind: InstitutionKind,
    /// Its name (bank and branch, cooperative, KUBE or group).
    pub name: String,
}

/// How money moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Channel {
    /// Cash at the counter.
    Cash,
    /// Bank transfer.
    BankTransfer,
    /// A branchless-banking agent (Laku Pandai).
    BranchlessAgent,
    /// A mobile wallet.
    MobileWallet,
    /// Collected at a group meeting.
    GroupMeeting,
}

/// What a goal saves for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GoalPurpose {
    /// Business capital (modal usaha).
    BusinessCapital,
    /// Schooling.
    Education,
    /// An emergency fund.
    Emergency,
    /// Health costs.
    Health,
    /// Housing repair.
    Housing,
    /// Anything else, described.
    Other,
}
