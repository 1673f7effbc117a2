//! The one mapping between proto enums and domain enums, used by the codec and the API.
//! Proto to domain gives `None` for UNSPECIFIED and unknown numbers.

use berdaya_platform::enum_map;
use berdaya_proto::berdaya::enterprise::v1 as pb;

use crate::domain::{
    ApprenticeshipOutcome, BoardSeat, BusinessType, Criterion, GrantScheme, LeaveReason, Stage,
    SupportKind,
};

enum_map!(business_type, business_type_pb, pb::BusinessType, BusinessType, {
    Uep => Uep,
    Uks => Uks,
});

enum_map!(stage, stage_pb, pb::Stage, Stage, {
    Tumbuh => Tumbuh,
    Berkembang => Berkembang,
    MajuMandiri => MajuMandiri,
});

enum_map!(criterion, criterion_pb, pb::Criterion, Criterion, {
    FacilitatorAssigned => FacilitatorAssigned,
    BoardFormed => BoardFormed,
    GrantReceived => GrantReceived,
    ActivityStarted => ActivityStarted,
    ProfitShared => ProfitShared,
    RisingProfit => RisingProfit,
    RisingCapital => RisingCapital,
    IksShared => IksShared,
    BusinessTies => BusinessTies,
});

enum_map!(grant_scheme, grant_scheme_pb, pb::GrantScheme, GrantScheme, {
    Blps => Blps,
    KubeCapital => KubeCapital,
    Other => Other,
});

enum_map!(board_seat, board_seat_pb, pb::BoardSeat, BoardSeat, {
    Chair => Chair,
    Secretary => Secretary,
    Treasurer => Treasurer,
});

enum_map!(leave_reason, leave_reason_pb, pb::LeaveReason, LeaveReason, {
    Resigned => Resigned,
    Moved => Moved,
    Died => Died,
    Expelled => Expelled,
    HouseholdClosed => HouseholdClosed,
    Other => Other,
});

enum_map!(support_kind, support_kind_pb, pb::SupportKind, SupportKind, {
    SocialGuidance => SocialGuidance,
    Motivation => Motivation,
    EntrepreneurshipTraining => EntrepreneurshipTraining,
});

enum_map!(outcome, outcome_pb, pb::ApprenticeshipOutcome, ApprenticeshipOutcome, {
    Completed => Completed,
    StartedBusiness => StartedBusiness,
    Employed => Employed,
    DroppedOut => DroppedOut,
});

/// The stable text of a stage in the group index (`tumbuh`, `berkembang`, `maju_mandiri`).
pub fn stage_key(stage: Stage) -> &'static str {
    match stage {
        Stage::Tumbuh => "tumbuh",
        Stage::Berkembang => "berkembang",
        Stage::MajuMandiri => "maju_mandiri",
    }
}

/// The stage of an index text.
pub fn stage_from_key(key: &str) -> Option<Stage> {
    [Stage::Tumbuh, Stage::Berkembang, Stage::MajuMandiri]
        .into_iter()
        .find(|s| stage_key(*s) == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_round_trip_and_unspecified_is_none() {
        for stage in [Stage::Tumbuh, Stage::Berkembang, Stage::MajuMandiri] {
            assert_eq!(super::stage(stage_pb(stage) as i32), Some(stage));
            assert_eq!(stage_from_key(stage_key(stage)), Some(stage));
        }
        assert_eq!(super::stage(0), None);
        assert_eq!(criterion(99), None);
        assert_eq!(
            leave_reason(pb::LeaveReason::HouseholdClosed as i32),
            Some(LeaveReason::HouseholdClosed)
        );
    }
}
