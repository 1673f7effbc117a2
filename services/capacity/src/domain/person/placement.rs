//! The rules of a placement (role, organisation, region, a cadre's household), shared by
//! registration and reassignment.

use berdaya_domain::DomainError;
use berdaya_domain::error::Violations;

use super::commands::PlacementRequest;
use crate::domain::check::require_text;
use crate::domain::roles::{OrganisationRule, PersonRole, Placement, RegionScope};

/// Checks a requested placement and returns it as events record it.
///
/// # Errors
/// [`DomainError::Invalid`] when region, organisation or household do not fit the role;
/// the household's refusals ([`HouseholdFacts::active_village`]) when a cadre's household
/// is unknown or closed; [`DomainError::Rule`] when the cadre's region does not contain
/// their household's village.
///
/// [`HouseholdFacts::active_village`]: crate::domain::facts::HouseholdFacts::active_village
pub(super) fn place(request: &PlacementRequest) -> Result<Placement, DomainError> {
    let role = request.role;
    let mut violations = Violations::new();
    check_region(&mut violations, request);
    match (role.organisation_rule(), &request.organisation) {
        (OrganisationRule::Required(_), None) => {
            violations.add("organisation", format!("is required for a {}", role.name()));
        }
        (OrganisationRule::Required(kinds), Some(organisation))
            if !kinds.contains(&organisation.kind) =>
        {
            violations.add(
                "organisation.kind",
                format!("does not fit the role {}", role.name()),
            );
        }
        _ => {}
    }
    if let Some(organisation) = &request.organisation {
        require_text(&mut violations, "organisation.name", &organisation.name);
    }
    match (role == PersonRole::RecipientCadre, &request.household) {
        (true, None) => violations.add("household_id", "is required for a recipient cadre"),
        (false, Some(_)) => violations.add("household_id", "is only given for a recipient cadre"),
        _ => {}
    }
    violations.finish()?;
    if let Some(household) = &request.household {
        let village = household.active_village("household_id")?;
        if let Some(region) = &request.region
            && !village.is_within(region.as_str())
        {
            return Err(DomainError::rule(
                "region_code",
                format!(
                    "a cadre serves a region containing their own household's village {village}"
                ),
            ));
        }
    }
    Ok(Placement {
        role,
        organisation: request.organisation.clone(),
        region: request.region.clone(),
        household_id: request.household.as_ref().map(|h| h.household_id),
    })
}

fn check_region(violations: &mut Violations, request: &PlacementRequest) {
    let role = request.role;
    match (role.region_scope(), &request.region) {
        (RegionScope::National, Some(_)) => violations.add(
            "region_code",
            "central government staff serve the whole country: leave it empty",
        ),
        (RegionScope::National, None) => {}
        (_, None) => violations.add("region_code", format!("is required for a {}", role.name())),
        (RegionScope::Depth(depth), Some(region)) if region.depth() != depth => violations.add(
            "region_code",
            format!("a {} serves one {}", role.name(), level(depth)),
        ),
        _ => {}
    }
}

fn level(depth: usize) -> &'static str {
    match depth {
        1 => "province (provinsi), e.g. 35",
        2 => "regency or city (kabupaten/kota), e.g. 35.78",
        3 => "district (kecamatan), e.g. 35.78.01",
        _ => "village (desa/kelurahan), e.g. 35.78.01.1001",
    }
}
