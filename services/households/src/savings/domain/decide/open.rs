//! Opening a savings account for a household (or one of its members).

use berdaya_domain::DomainError;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::domain::HouseholdRef;
use crate::savings::domain::{AccountStatus, Institution, SavingsAccount, SavingsEvent};

/// Decides `Open`: a new account of an active household, in its village, held by the
/// household or by one of its active members.
pub(super) fn decide(
    state: &SavingsAccount,
    account_id: Uuid,
    household: &HouseholdRef,
    member_id: Option<Uuid>,
    institution: &Institution,
    opened_on: NaiveDate,
) -> Result<Vec<SavingsEvent>, DomainError> {
    if state.status != AccountStatus::Unopened {
        return Err(DomainError::already_exists(
            "account_id",
            "a savings account with this id already exists",
        ));
    }
    let members = household.active_members("household_id")?;
    if let Some(member) = member_id
        && !members.contains(&member)
    {
        return Err(DomainError::rule(
            "member_id",
            "is not an active member of the household",
        ));
    }
    let village = household
        .standing
        .village()
        .cloned()
        .ok_or_else(|| DomainError::not_found("household"))?;
    Ok(vec![SavingsEvent::Opened {
        account_id,
        household_id: household.household_id,
        member_id,
        village,
        institution: institution.clone(),
        opened_on,
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;
    use berdaya_domain::{DomainError, Rupiah};

    use crate::domain::{HouseholdRef, Standing};
    use crate::savings::domain::fixtures::*;
    use crate::savings::domain::*;

    #[test]
    fn opening_records_the_account_in_the_households_village() {
        let account = state(&opened());
        assert_eq!(account.status, AccountStatus::Open);
        assert_eq!(account.household_id, Some(id(1)));
        assert_eq!(account.village, Some(village()));
        assert_eq!(account.balance, Rupiah::ZERO);
    }

    #[test]
    fn only_an_active_household_or_its_active_member_opens_an_account() {
        let error = Given::<SavingsAccount>::nothing()
            .when(&open_with(HouseholdRef::unresolved(id(1)), None))
            .then_error();
        assert!(matches!(error, DomainError::NotFound { .. }), "{error:?}");
        let closed = HouseholdRef {
            household_id: id(1),
            standing: Standing::Closed { village: village() },
        };
        let error = Given::<SavingsAccount>::nothing()
            .when(&open_with(closed, None))
            .then_error();
        assert_eq!(rule_field(&error), "household_id");
        let error = Given::<SavingsAccount>::nothing()
            .when(&open_with(active_household(), Some(id(99))))
            .then_error();
        assert_eq!(rule_field(&error), "member_id");
        let member = state(
            &Given::<SavingsAccount>::nothing()
                .when(&open_with(active_household(), Some(id(12))))
                .events(),
        );
        assert_eq!(member.member_id, Some(id(12)));
    }

    #[test]
    fn an_account_opens_once_and_exists_before_anything_else() {
        let error = Given::<SavingsAccount>::new(opened())
            .when(&open_with(active_household(), None))
            .then_error();
        assert!(matches!(error, DomainError::AlreadyExists { .. }));
        let error = Given::<SavingsAccount>::nothing()
            .when(&deposit(10_000, "2026-01-05"))
            .then_error();
        assert!(matches!(error, DomainError::NotFound { .. }));
    }
}
