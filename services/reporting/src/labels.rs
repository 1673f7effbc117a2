//! What the values of each indicator's dimension are, so that each can be given a label
//! in every language (`locales/*.ftl`, keys `value-<set>-<VALUE>`) and a test can prove
//! that none lacks one. Values that come from a proto enum are listed from the enum
//! itself, so a new enum value without a label fails the test.

use berdaya_proto::berdaya::{advocacy, capacity, enterprise, households, partnerships};

/// The kind of values of an indicator's dimension.
#[derive(Debug, Clone, Copy)]
pub enum Values {
    /// Unsplit.
    None,
    /// A closed set: labels `value-<set>-<VALUE>` in every catalogue.
    Enum {
        /// The set's name in the message keys.
        set: &'static str,
        /// Every value the projection can write.
        values: fn() -> Vec<String>,
    },
    /// A DTSEN decile, 1–10 (`Desil 3`).
    Decile,
    /// A number of days (`12 hari`).
    Days,
    /// Codes the deployment's own data defines (rights, certificates, value terms,
    /// commitment units): shown as they are.
    Codes,
}

/// The names of a prost enum's values without their prefix and without the
/// `UNSPECIFIED` value no event carries.
macro_rules! enum_values {
    ($enum:ty, $prefix:literal $(, $extra:literal)*) => {{
        fn values() -> Vec<String> {
            #[allow(unused_mut)]
            let mut out: Vec<String> = (1..=255)
                .filter_map(|n| <$enum>::try_from(n).ok())
                .map(|v| v.as_str_name().strip_prefix($prefix).unwrap_or(v.as_str_name()).to_owned())
                .collect();
            $(out.push($extra.to_owned());)*
            out
        }
        values as fn() -> Vec<String>
    }};
}

macro_rules! literal_values {
    ($($value:literal),+) => {{
        fn values() -> Vec<String> {
            vec![$($value.to_owned()),+]
        }
        values as fn() -> Vec<String>
    }};
}

/// The values of `indicator`'s dimension.
pub fn values(indicator: &str) -> Values {
    let (set, values) = match indicator {
        "registry.households_active" => return Values::Decile,
        "advocacy.days_to_resolution" => return Values::Days,
        "registry.enrolments" | "registry.exits" | "registry.enrolled" => (
            "programme",
            enum_values!(households::v1::Programme, "PROGRAMME_"),
        ),
        "participation.activities_planned" | "participation.activities_held" => (
            "activity-kind",
            enum_values!(households::v1::ActivityKind, "ACTIVITY_KIND_"),
        ),
        "participation.attendance" => ("attendance", literal_values!("PRESENT", "ABSENT")),
        "enterprise.groups" => ("stage", enum_values!(enterprise::v1::Stage, "STAGE_")),
        "enterprise.grants_awarded" | "enterprise.grants_disbursed" => (
            "scheme",
            enum_values!(enterprise::v1::GrantScheme, "GRANT_SCHEME_"),
        ),
        "enterprise.iks" => ("iks-flow", literal_values!("COLLECTED", "SHARED")),
        "enterprise.support" => (
            "support",
            enum_values!(
                enterprise::v1::SupportKind,
                "SUPPORT_KIND_",
                "APPRENTICESHIP",
                "MENTORING_VISIT"
            ),
        ),
        "savings.goals" => ("goal", literal_values!("SET", "REACHED")),
        "partnerships.partners_active" => (
            "partner-kind",
            enum_values!(partnerships::v1::PartnerKind, "PARTNER_KIND_"),
        ),
        "partnerships.agreements_in_force"
        | "partnerships.agreements_signed"
        | "partnerships.agreements_expired"
        | "partnerships.agreements_terminated" => (
            "agreement-kind",
            enum_values!(partnerships::v1::AgreementKind, "AGREEMENT_KIND_"),
        ),
        "partnerships.referrals_made"
        | "partnerships.referrals_accepted"
        | "partnerships.referrals_declined"
        | "partnerships.referrals_completed" => (
            "purpose",
            enum_values!(partnerships::v1::ReferralPurpose, "REFERRAL_PURPOSE_"),
        ),
        "advocacy.open_cases" => ("urgency", enum_values!(advocacy::v1::Urgency, "URGENCY_")),
        "advocacy.actions" => (
            "action-kind",
            enum_values!(advocacy::v1::ActionKind, "ACTION_KIND_"),
        ),
        "capacity.people" | "capacity.trained_by_role" => (
            "role",
            enum_values!(capacity::v1::PersonRole, "PERSON_ROLE_"),
        ),
        "capacity.trained_by_method" => (
            "method",
            enum_values!(capacity::v1::ProgrammeMethod, "PROGRAMME_METHOD_"),
        ),
        "capacity.cohort_outcomes" => ("outcome", literal_values!("COMPLETED", "NOT_COMPLETED")),
        "capacity.activities" => (
            "local-activity",
            enum_values!(capacity::v1::ActivityKind, "ACTIVITY_KIND_"),
        ),
        "partnerships.commitment_targets"
        | "partnerships.commitment_achieved"
        | "advocacy.cases_opened"
        | "advocacy.cases_resolved"
        | "advocacy.cases_escalated"
        | "advocacy.cases_closed_unresolved"
        | "advocacy.households_restored"
        | "advocacy.overdue_cases"
        | "capacity.certified"
        | "capacity.certificates_expiring"
        | "capacity.activity_values" => return Values::Codes,
        _ => return Values::None,
    };
    Values::Enum { set, values }
}
