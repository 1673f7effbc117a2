//! Shared givens of the activity's tests: a P2K2 session in one village of Kota
//! Surabaya with three households invited, planned and held by running the commands
//! through `decide`, so the givens obey the rules they are used to test.

use berdaya_domain::DomainError;
use berdaya_domain::aggregate::Given;
use berdaya_domain::id::RegionCode;
use uuid::Uuid;

pub(crate) use crate::domain::fixtures::{date, id};
use crate::domain::{HouseholdRef, Programme, Standing};
use crate::participation::domain::*;

pub(crate) const VILLAGE: &str = "35.78.01.1001";

pub(crate) fn region(code: &str) -> RegionCode {
    RegionCode::parse(code).unwrap()
}

/// Household `n` (members `n*10+1`, `n*10+2`) living in `village`.
pub(crate) fn household(n: u128, village: &str) -> HouseholdRef {
    HouseholdRef {
        household_id: id(n),
        standing: Standing::Active {
            village: region(village),
            members: vec![id(n * 10 + 1), id(n * 10 + 2)],
        },
    }
}

pub(crate) fn details(kind: ActivityKind, module: Option<FdsModule>) -> ActivityDetails {
    ActivityDetails {
        kind,
        module,
        topic: "Gizi seimbang untuk balita".to_owned(),
        programme: Some(Programme::Pkh),
        facilitator: "pendamping-7".to_owned(),
        scheduled_on: date("2026-03-05"),
        location: Some("Balai RW 04".to_owned()),
    }
}

pub(crate) fn fds() -> ActivityDetails {
    details(
        ActivityKind::FamilyDevelopmentSession,
        Some(FdsModule::HealthAndNutrition),
    )
}

pub(crate) fn plan_with(details: ActivityDetails, invited: Vec<HouseholdRef>) -> ActivityCommand {
    ActivityCommand::Plan {
        activity_id: id(500),
        region: region(VILLAGE),
        details,
        invited,
    }
}

/// A planned P2K2 session with households 1, 2 and 3 invited.
pub(crate) fn planned() -> Vec<ActivityEvent> {
    Given::<Activity>::nothing()
        .when(&plan_with(
            fds(),
            vec![
                household(1, VILLAGE),
                household(2, VILLAGE),
                household(3, VILLAGE),
            ],
        ))
        .events()
}

pub(crate) fn present(n: u128, members: Vec<Uuid>) -> AttendanceClaim {
    AttendanceClaim {
        household: household(n, VILLAGE),
        status: AttendanceStatus::Present,
        members,
    }
}

pub(crate) fn hold(attendance: Vec<AttendanceClaim>) -> ActivityCommand {
    ActivityCommand::Hold {
        held_on: date("2026-03-06"),
        attendance,
        outcomes: vec!["menu MPASI disepakati".to_owned()],
        actions: vec![AgreedAction {
            action_id: id(900),
            description: "Posyandu bulan depan".to_owned(),
            owner: "Kader posyandu".to_owned(),
            due_on: date("2026-04-01"),
        }],
    }
}

/// Planned, then held: 1 present, 2 excused, 3 absent.
pub(crate) fn held() -> Vec<ActivityEvent> {
    let mut history = planned();
    let excused = AttendanceClaim {
        status: AttendanceStatus::Excused,
        ..present(2, vec![])
    };
    history.extend(
        Given::<Activity>::new(history.clone())
            .when(&hold(vec![present(1, vec![id(11)]), excused]))
            .events(),
    );
    history
}

pub(crate) fn rule_field(error: &DomainError) -> &str {
    match error {
        DomainError::Rule { field, .. } => field,
        other => panic!("expected a rule refusal, got {other:?}"),
    }
}

pub(crate) fn invalid_fields(error: &DomainError) -> Vec<&str> {
    match error {
        DomainError::Invalid(v) => v.iter().map(|v| v.field.as_str()).collect(),
        other => panic!("expected invalid fields, got {other:?}"),
    }
}
