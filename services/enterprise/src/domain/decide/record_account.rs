//! Recording the group's bank account, where grant tranches go.

use berdaya_domain::DomainError;

use super::*;
use crate::domain::*;

/// Decides `RecordAccount`.
pub(super) fn decide(
    state: &KubeGroup,
    command: &GroupCommand,
) -> Result<Vec<GroupEvent>, DomainError> {
    let GroupCommand::RecordAccount(account) = command else {
        return Err(not_this(command));
    };
    if state
        .account
        .as_ref()
        .is_some_and(|a| a.account_number == account.account_number)
    {
        return Err(DomainError::rule(
            "account_number",
            "is already the group's account",
        ));
    }
    Ok(vec![GroupEvent::AccountRecorded(account.clone())])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::DomainError;
    use berdaya_domain::aggregate::Given;

    use crate::domain::tests::fixtures::*;
    use crate::domain::*;

    fn account(number: &str) -> GroupAccount {
        GroupAccount {
            bank_name: "BRI".to_owned(),
            account_number: number.to_owned(),
            opened_on: date("2026-01-15"),
        }
    }

    #[test]
    fn the_group_account_is_recorded_and_a_new_one_replaces_it_but_not_itself() {
        let group = Given::<KubeGroup>::new(formed())
            .when(&GroupCommand::RecordAccount(account("0123456789")))
            .then(vec![GroupEvent::AccountRecorded(account("0123456789"))]);
        assert_eq!(group.account, Some(account("0123456789")));
        let mut history = formed();
        history.push(GroupEvent::AccountRecorded(account("0123456789")));
        let error = Given::<KubeGroup>::new(history.clone())
            .when(&GroupCommand::RecordAccount(account("0123456789")))
            .then_error();
        assert!(matches!(&error, DomainError::Rule { field, .. } if field == "account_number"));
        let moved = Given::<KubeGroup>::new(history)
            .when(&GroupCommand::RecordAccount(account("9876543210")))
            .events();
        assert_eq!(
            moved,
            vec![GroupEvent::AccountRecorded(account("9876543210"))]
        );
    }
}
