//! Each mutating request: its RPC name, where its context and aggregate id are, and how
//! it becomes a domain command once every field is valid. Facts about member
//! households are left `Unknown` here and filled in by the service after validation
//! (see `commands.rs`), so that no lookup runs for a malformed request.

mod finance;
mod membership;
mod stage;
mod support;

use std::sync::Arc;

use berdaya_proto::berdaya::common::v1::CommandContext;
use chrono::NaiveDate;
use prost::Message;
use uuid::Uuid;

use super::validate::Validator;
use crate::domain::{GroupCommand, GroupPolicy, HouseholdFacts, Standing, SupportCommand};

/// What a request needs besides its own fields.
#[derive(Debug)]
pub(super) struct Input<'a> {
    /// Rules from configuration.
    pub policy: &'a Arc<GroupPolicy>,
    /// The authenticated subject (proposer, approver).
    pub actor: &'a str,
    /// Today's date.
    pub today: NaiveDate,
}

/// A request that changes a KUBE group.
pub(super) trait GroupMessage: Message + Clone + Default + Send + 'static {
    /// The RPC's method name.
    const METHOD: &'static str;
    /// True for the request that forms the group.
    const FORMS: bool = false;
    /// True for the requests only a supervisor or admin may make (stage decisions).
    const DECIDES: bool = false;

    /// The command context.
    fn context(&mut self) -> &mut Option<CommandContext>;

    /// The group id as sent.
    fn group_id(&self) -> &str;

    /// The command, or `None` with the violations recorded in `v`.
    fn to_command(&self, v: &mut Validator<'static>, input: &Input<'_>) -> Option<GroupCommand>;

    /// Regions besides the group's own that the caller must be allowed to write in
    /// (asked only after every field validated).
    fn extra_regions(&self) -> Vec<(String, &'static str)> {
        Vec::new()
    }
}

/// A request that changes a household's individual support record.
pub(super) trait SupportMessage: Message + Clone + Default + Send + 'static {
    /// The RPC's method name.
    const METHOD: &'static str;

    /// The command context.
    fn context(&mut self) -> &mut Option<CommandContext>;

    /// The household id as sent.
    fn household_id(&self) -> &str;

    /// The command for `household`, or `None` with the violations recorded in `v`.
    fn to_command(&self, v: &mut Validator<'static>, household: Uuid) -> Option<SupportCommand>;
}

/// Implements the accessors of a request with `context` and an id field.
macro_rules! accessors {
    ($id_fn:ident, $field:ident) => {
        fn context(&mut self) -> &mut Option<berdaya_proto::berdaya::common::v1::CommandContext> {
            &mut self.context
        }
        fn $id_fn(&self) -> &str {
            &self.$field
        }
    };
}
use accessors;

/// A household whose standing is still to be looked up.
fn unknown(household_id: Uuid) -> HouseholdFacts {
    HouseholdFacts {
        household_id,
        standing: Standing::Unknown,
    }
}

/// The household facts a command carries, to fill in after validation.
pub(super) fn group_facts_mut(command: &mut GroupCommand) -> Vec<&mut HouseholdFacts> {
    match command {
        GroupCommand::Form { members, .. } => members.iter_mut().collect(),
        GroupCommand::AddMember { household, .. } => vec![household],
        _ => Vec::new(),
    }
}

/// The household facts a support command carries, to fill in after validation.
pub(super) fn support_facts_mut(command: &mut SupportCommand) -> Option<&mut HouseholdFacts> {
    match command {
        SupportCommand::RecordSession { household, .. }
        | SupportCommand::StartApprenticeship { household, .. }
        | SupportCommand::RecordVisit { household, .. } => Some(household),
        SupportCommand::EndApprenticeship { .. } => None,
    }
}
