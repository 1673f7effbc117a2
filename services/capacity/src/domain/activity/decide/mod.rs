//! The activity's rules: one decision per command, each in its own file with its tests.

mod add_households;
mod record;
mod tag_values;
mod void;

use berdaya_domain::DomainError;
use berdaya_domain::error::Violations;
use uuid::Uuid;

use super::{Activity, ActivityCommand, ActivityEvent, ActivityStatus};
use crate::domain::check::no_duplicates;
use crate::domain::facts::{HouseholdFacts, TermFacts};
use crate::domain::vocabulary::TermKind;

/// Decides a command against an activity's state.
pub(super) fn decide(
    state: &Activity,
    command: &ActivityCommand,
) -> Result<Vec<ActivityEvent>, DomainError> {
    use ActivityCommand as C;
    if let C::Record(record) = command {
        return record::record(state, record);
    }
    match state.status {
        ActivityStatus::Unrecorded => return Err(DomainError::not_found("activity")),
        ActivityStatus::Voided => {
            return Err(DomainError::rule(
                "activity_id",
                "the activity record was voided",
            ));
        }
        ActivityStatus::Recorded => {}
    }
    match command {
        C::Record(_) => Err(DomainError::already_exists(
            "activity_id",
            "the activity is already recorded",
        )),
        C::AddHouseholds(add) => add_households::add_households(state, add),
        C::TagValues(tag) => tag_values::tag_values(state, tag),
        C::Void(void) => void::void(state, void),
    }
}

/// The ids of households newly reached: each known and active, none listed twice nor
/// already reached.
fn new_households(
    field: &str,
    households: &[HouseholdFacts],
    reached: &[Uuid],
) -> Result<Vec<Uuid>, DomainError> {
    let ids: Vec<Uuid> = households.iter().map(|h| h.household_id).collect();
    let mut violations = Violations::new();
    no_duplicates(&mut violations, field, &ids);
    violations.finish()?;
    for (i, household) in households.iter().enumerate() {
        let at = format!("{field}[{i}]");
        if reached.contains(&household.household_id) {
            return Err(DomainError::already_exists(
                at,
                "the household is already counted as reached",
            ));
        }
        household.active_village(&at)?;
    }
    Ok(ids)
}

/// The active terms tagged anew, with their kinds: each known and not retired (a retired
/// value tags nothing new), none listed twice nor already tagged.
fn new_values(
    field: &str,
    values: &[TermFacts],
    tagged: &[Uuid],
) -> Result<Vec<(Uuid, TermKind)>, DomainError> {
    let ids: Vec<Uuid> = values.iter().map(|t| t.term_id).collect();
    let mut violations = Violations::new();
    if values.is_empty() {
        violations.add(field, "name at least one value, norm or practice");
    }
    no_duplicates(&mut violations, field, &ids);
    violations.finish()?;
    let mut kinds = Vec::with_capacity(values.len());
    for (i, value) in values.iter().enumerate() {
        let at = format!("{field}[{i}]");
        if tagged.contains(&value.term_id) {
            return Err(DomainError::already_exists(
                at,
                "the activity is already tagged with this term",
            ));
        }
        kinds.push((value.term_id, value.active_kind(&at)?));
    }
    Ok(kinds)
}
