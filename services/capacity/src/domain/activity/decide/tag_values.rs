//! Tagging an activity with more values, norms or practices.

use berdaya_domain::DomainError;

use super::super::{Activity, ActivityEvent, TagActivityValues};
use super::new_values;

/// Tags active terms not yet on the activity; a retired value tags nothing new.
pub(super) fn tag_values(
    state: &Activity,
    command: &TagActivityValues,
) -> Result<Vec<ActivityEvent>, DomainError> {
    let values = new_values("value_ids", &command.values, &state.value_ids)?;
    Ok(vec![ActivityEvent::ValuesTagged {
        value_ids: values.into_iter().map(|(id, _)| id).collect(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;

    use crate::domain::activity::fixtures::*;
    use crate::domain::activity::*;
    use crate::domain::facts::TermFacts;
    use crate::domain::fixtures::*;
    use crate::domain::vocabulary::TermKind;
    use crate::domain::vocabulary::fixtures::{amanah, gotong_royong};

    fn tag(values: Vec<TermFacts>) -> ActivityCommand {
        ActivityCommand::TagValues(TagActivityValues { values })
    }

    #[test]
    fn a_value_is_added_to_the_tags() {
        let state = Given::<Activity>::new(recorded())
            .when(&tag(vec![amanah_term()]))
            .then(vec![ActivityEvent::ValuesTagged {
                value_ids: vec![amanah()],
            }]);
        assert_eq!(state.value_ids, [gotong_royong(), amanah()]);
    }

    #[test]
    fn a_retired_value_is_refused() {
        let error = Given::<Activity>::new(recorded())
            .when(&tag(vec![retired_term(amanah())]))
            .then_error();
        assert_eq!(rule_field(error), "value_ids[0]");
    }

    #[test]
    fn a_tag_already_on_the_activity_is_refused() {
        let error = Given::<Activity>::new(recorded())
            .when(&tag(vec![term(gotong_royong(), TermKind::Practice)]))
            .then_error();
        assert_eq!(duplicate_field(error), "value_ids[0]");
    }

    #[test]
    fn no_values_or_a_value_twice_is_refused() {
        let error = Given::<Activity>::new(recorded())
            .when(&tag(vec![]))
            .then_error();
        assert_eq!(invalid_field(error), "value_ids");
        let error = Given::<Activity>::new(recorded())
            .when(&tag(vec![amanah_term(), amanah_term()]))
            .then_error();
        assert_eq!(invalid_field(error), "value_ids[1]");
    }

    #[test]
    fn an_unrecorded_activity_is_not_found() {
        let error = Given::<Activity>::nothing()
            .when(&tag(vec![amanah_term()]))
            .then_error();
        assert_eq!(not_found(error), "activity");
    }
}
