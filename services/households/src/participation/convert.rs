//! The one mapping between participation proto enums and domain enums.

use berdaya_proto::berdaya::households::v1 as pb;

use super::domain::{ActivityKind, ActivityStatus, AttendanceStatus, Band, FdsModule};

/// Proto activity kind to domain; `None` for UNSPECIFIED or unknown numbers.
pub fn kind(value: i32) -> Option<ActivityKind> {
    use pb::ActivityKind as P;
    Some(match P::try_from(value).ok()? {
        P::Unspecified => return None,
        P::ProgrammeInformation => ActivityKind::ProgrammeInformation,
        P::Awareness => ActivityKind::Awareness,
        P::Dialogue => ActivityKind::Dialogue,
        P::Deliberation => ActivityKind::Deliberation,
        P::JointAction => ActivityKind::JointAction,
        P::JointEvaluation => ActivityKind::JointEvaluation,
        P::FamilyDevelopmentSession => ActivityKind::FamilyDevelopmentSession,
    })
}

/// Domain activity kind to proto.
pub fn kind_pb(value: ActivityKind) -> pb::ActivityKind {
    use pb::ActivityKind as P;
    match value {
        ActivityKind::ProgrammeInformation => P::ProgrammeInformation,
        ActivityKind::Awareness => P::Awareness,
        ActivityKind::Dialogue => P::Dialogue,
        ActivityKind::Deliberation => P::Deliberation,
        ActivityKind::JointAction => P::JointAction,
        ActivityKind::JointEvaluation => P::JointEvaluation,
        ActivityKind::FamilyDevelopmentSession => P::FamilyDevelopmentSession,
    }
}

/// Proto P2K2 module to domain; `None` for UNSPECIFIED or unknown numbers.
pub fn module(value: i32) -> Option<FdsModule> {
    use pb::FdsModule as P;
    Some(match P::try_from(value).ok()? {
        P::Unspecified => return None,
        P::HealthAndNutrition => FdsModule::HealthAndNutrition,
        P::ParentingAndEducation => FdsModule::ParentingAndEducation,
        P::FamilyFinance => FdsModule::FamilyFinance,
        P::ChildProtection => FdsModule::ChildProtection,
        P::SocialWelfare => FdsModule::SocialWelfare,
    })
}

/// Domain P2K2 module to proto (UNSPECIFIED for none).
pub fn module_pb(value: Option<FdsModule>) -> pb::FdsModule {
    use pb::FdsModule as P;
    match value {
        None => P::Unspecified,
        Some(FdsModule::HealthAndNutrition) => P::HealthAndNutrition,
        Some(FdsModule::ParentingAndEducation) => P::ParentingAndEducation,
        Some(FdsModule::FamilyFinance) => P::FamilyFinance,
        Some(FdsModule::ChildProtection) => P::ChildProtection,
        Some(FdsModule::SocialWelfare) => P::SocialWelfare,
    }
}

/// Proto attendance status to domain; `None` for UNSPECIFIED or unknown numbers.
pub fn attendance(value: i32) -> Option<AttendanceStatus> {
    use pb::AttendanceStatus as P;
    Some(match P::try_from(value).ok()? {
        P::Unspecified => return None,
        P::Present => AttendanceStatus::Present,
        P::Excused => AttendanceStatus::Excused,
        P::Absent => AttendanceStatus::Absent,
    })
}

/// Domain attendance status to proto (UNSPECIFIED for none).
pub fn attendance_pb(value: Option<AttendanceStatus>) -> pb::AttendanceStatus {
    use pb::AttendanceStatus as P;
    match value {
        None => P::Unspecified,
        Some(AttendanceStatus::Present) => P::Present,
        Some(AttendanceStatus::Excused) => P::Excused,
        Some(AttendanceStatus::Absent) => P::Absent,
    }
}

/// Domain lifecycle status to proto.
pub fn status_pb(value: ActivityStatus) -> pb::ActivityStatus {
    use pb::ActivityStatus as P;
    match value {
        ActivityStatus::Unplanned => P::Unspecified,
        ActivityStatus::Planned => P::Planned,
        ActivityStatus::Held => P::Held,
        ActivityStatus::Evaluated => P::Evaluated,
        ActivityStatus::Cancelled => P::Cancelled,
    }
}

/// Domain band to proto.
pub fn band_pb(value: Band) -> pb::ComplianceBand {
    use pb::ComplianceBand as P;
    match value {
        Band::Compliant => P::Compliant,
        Band::Partial => P::Partial,
        Band::NonCompliant => P::NonCompliant,
        Band::NoSessions => P::NoSessions,
    }
}
