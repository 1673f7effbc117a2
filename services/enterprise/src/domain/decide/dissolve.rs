//! Dissolving the group.

use berdaya_domain::DomainError;

use super::*;
use crate::domain::*;

/// Decides `Dissolve`.
pub(super) fn decide(
    state: &KubeGroup,
    command: &GroupCommand,
) -> Result<Vec<GroupEvent>, DomainError> {
    let GroupCommand::Dissolve {
        dissolved_on,
        reason,
    } = command
    else {
        return Err(not_this(command));
    };
    not_before_formation(state, "dissolved_on", *dissolved_on)?;
    Ok(vec![GroupEvent::Dissolved {
        dissolved_on: *dissolved_on,
        reason: reason.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;

    use crate::domain::tests::fixtures::*;
    use crate::domain::*;

    #[test]
    fn a_dissolved_group_takes_no_more_commands() {
        let mut history = formed();
        history.push(GroupEvent::Dissolved {
            dissolved_on: date("2026-06-01"),
            reason: "members moved away".into(),
        });
        let error = Given::<KubeGroup>::new(history)
            .when(&GroupCommand::AddMember {
                household: active(6),
                joined_on: date("2026-06-02"),
            })
            .then_error();
        assert!(matches!(&error, DomainError::Rule { reason, .. } if reason.contains("dissolved")));
        let error = Given::<KubeGroup>::nothing()
            .when(&GroupCommand::Dissolve {
                dissolved_on: date("2026-06-01"),
                reason: "x".into(),
            })
            .then_error();
        assert!(matches!(error, DomainError::NotFound { .. }));
    }
}
