//! Awarding a grant to the group.

use berdaya_domain::DomainError;

use super::*;
use crate::domain::*;

/// Decides `AwardGrant`.
pub(super) fn decide(
    state: &KubeGroup,
    command: &GroupCommand,
) -> Result<Vec<GroupEvent>, DomainError> {
    let GroupCommand::AwardGrant {
        grant_id,
        scheme,
        scheme_name,
        amount,
        awarded_on,
        conditions,
        reference,
    } = command
    else {
        return Err(not_this(command));
    };
    positive("amount", *amount)?;
    match (scheme, scheme_name.is_empty()) {
        (GrantScheme::Other, true) => {
            return Err(DomainError::invalid(
                "scheme_name",
                "is required when the scheme is OTHER",
            ));
        }
        (GrantScheme::Blps | GrantScheme::KubeCapital, false) => {
            return Err(DomainError::invalid(
                "scheme_name",
                "is only given when the scheme is OTHER",
            ));
        }
        _ => {}
    }
    if state.grant(*grant_id).is_some() {
        return Err(DomainError::already_exists(
            "grant_id",
            "a grant with this id was already awarded",
        ));
    }
    not_before_formation(state, "awarded_on", *awarded_on)?;
    Ok(vec![GroupEvent::GrantAwarded {
        grant_id: *grant_id,
        scheme: *scheme,
        scheme_name: scheme_name.clone(),
        amount: *amount,
        awarded_on: *awarded_on,
        conditions: conditions.clone(),
        reference: reference.clone(),
    }])
}

#[cfg(test)]
mod tests {
    use berdaya_domain::aggregate::Given;
    use berdaya_domain::{DomainError, Rupiah};

    use crate::domain::tests::fixtures::*;
    use crate::domain::*;

    #[test]
    fn grants_are_positive_and_other_schemes_are_named() {
        let award = |scheme, name: &str, amount| GroupCommand::AwardGrant {
            grant_id: id(501),
            scheme,
            scheme_name: name.into(),
            amount: Rupiah(amount),
            awarded_on: date("2026-02-01"),
            conditions: vec![],
            reference: String::new(),
        };
        Given::<KubeGroup>::new(formed())
            .when(&award(GrantScheme::Other, "CSR Bank Jatim", 5_000_000))
            .events();
        for (command, field) in [
            (award(GrantScheme::Blps, "", -5), "amount"),
            (award(GrantScheme::Other, "", 5), "scheme_name"),
            (award(GrantScheme::Blps, "BLPS", 5), "scheme_name"),
        ] {
            let error = Given::<KubeGroup>::new(formed())
                .when(&command)
                .then_error();
            assert!(
                matches!(&error, DomainError::Invalid(v) if v[0].field == field),
                "{error:?}"
            );
        }
    }
}
