//! Local views of other contexts' records.
//!
//! A service never calls another: what it needs to know of a household or a KUBE group
//! (does it exist, is it active, where does it live) it keeps in a small view in its own
//! database, fed by the other context's events. Several services need the same views,
//! so they are here once:
//!
//! - [`households`]: registry households (village, open or closed), from the households
//!   context's events;
//! - [`groups`]: KUBE groups (village, active or dissolved), from the enterprise
//!   context's events;
//! - [`partners`]: partner organisations (kind, active, suspended or retired, regions
//!   served), from the partnerships context's events;
//! - [`table`]: the one table shape, look-up and event handler they all share;
//! - [`db`]: the database a service keeps its views in (its event store's);
//! - [`feed`]: how a view is fed in either mode, through `berdaya-messaging`'s inbox
//!   (each event applied once, in stream order, in one transaction with its record).

pub mod db;
pub mod feed;
pub mod groups;
pub mod households;
pub mod partners;
pub mod table;

pub use db::ViewDb;
pub use feed::Source;
pub use groups::{GroupRow, KnownGroups};
pub use households::{HouseholdRow, KnownHouseholds};
pub use partners::{KnownPartners, PartnerRow, PartnerStatus};
pub use table::{Known, Record};
