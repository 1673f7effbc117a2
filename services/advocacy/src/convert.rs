//! The advocacy vocabulary between the domain and `berdaya.advocacy.v1`: each enum once,
//! both ways. A proto value of 0 (`*_UNSPECIFIED`) or one this build does not know reads
//! as `None`, for the caller to refuse (a request) or report as corrupt (a stored event).

use berdaya_platform::{Role, enum_map};
use berdaya_proto::berdaya::advocacy::v1 as pb;

use crate::domain::{
    ActionKind, ActorRole, CaseStatus, EscalationLevel, IntakeChannel, PartyKind, RiskLevel,
    Urgency,
};

enum_map!(urgency, urgency_pb, pb::Urgency, Urgency, {
    Urgent => Urgent,
    High => High,
    Normal => Normal,
});
enum_map!(channel, channel_pb, pb::IntakeChannel, IntakeChannel, {
    WalkIn => WalkIn,
    Facilitator => Facilitator,
    Hotline => Hotline,
    PartnerReferral => PartnerReferral,
    CommunityMeeting => CommunityMeeting,
    Media => Media,
});
enum_map!(party_kind, party_kind_pb, pb::PartyKind, PartyKind, {
    Agency => Agency,
    Company => Company,
    Person => Person,
});
enum_map!(risk, risk_pb, pb::RiskLevel, RiskLevel, {
    Low => Low,
    Medium => Medium,
    High => High,
});
enum_map!(action_kind, action_kind_pb, pb::ActionKind, ActionKind, {
    PolicyFormulation => PolicyFormulation,
    Hearing => Hearing,
    PublicDialogue => PublicDialogue,
    Campaign => Campaign,
    SocialAction => SocialAction,
    FormalComplaint => FormalComplaint,
    LegalAidReferral => LegalAidReferral,
    OmbudsmanReferral => OmbudsmanReferral,
    Accompaniment => Accompaniment,
});
enum_map!(level, level_pb, pb::EscalationLevel, EscalationLevel, {
    Village => Village,
    District => District,
    Regency => Regency,
    Province => Province,
    National => National,
    Ombudsman => Ombudsman,
    LegalAid => LegalAid,
    KomnasHam => KomnasHam,
});
enum_map!(actor_role, actor_role_pb, pb::ActorRole, ActorRole, {
    Caseworker => Caseworker,
    Supervisor => Supervisor,
    Auditor => Auditor,
    Integration => Integration,
    Admin => Admin,
});

/// The API status of a case's status (`UNSPECIFIED` before the report).
pub fn status_pb(status: CaseStatus) -> pb::CaseStatus {
    match status {
        CaseStatus::Unreported => pb::CaseStatus::Unspecified,
        CaseStatus::Reported => pb::CaseStatus::Reported,
        CaseStatus::Assessed => pb::CaseStatus::Assessed,
        CaseStatus::Planned => pb::CaseStatus::Planned,
        CaseStatus::InAction => pb::CaseStatus::InAction,
        CaseStatus::Resolved => pb::CaseStatus::Resolved,
        CaseStatus::ClosedUnresolved => pb::CaseStatus::ClosedUnresolved,
    }
}

/// The domain status a list filter asks for; `None` for unspecified or unknown.
pub fn status(value: i32) -> Option<CaseStatus> {
    Some(match pb::CaseStatus::try_from(value).ok()? {
        pb::CaseStatus::Unspecified => return None,
        pb::CaseStatus::Reported => CaseStatus::Reported,
        pb::CaseStatus::Assessed => CaseStatus::Assessed,
        pb::CaseStatus::Planned => CaseStatus::Planned,
        pb::CaseStatus::InAction => CaseStatus::InAction,
        pb::CaseStatus::Resolved => CaseStatus::Resolved,
        pb::CaseStatus::ClosedUnresolved => CaseStatus::ClosedUnresolved,
    })
}

/// The domain's name for a token role.
pub fn role(role: Role) -> ActorRole {
    match role {
        Role::Caseworker => ActorRole::Caseworker,
        Role::Supervisor => ActorRole::Supervisor,
        Role::Auditor => ActorRole::Auditor,
        Role::Integration => ActorRole::Integration,
        Role::Admin => ActorRole::Admin,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_survives_the_round_trip_and_unspecified_reads_as_none() {
        for kind in [ActionKind::Hearing, ActionKind::Accompaniment] {
            assert_eq!(action_kind(action_kind_pb(kind) as i32), Some(kind));
        }
        for l in [EscalationLevel::Village, EscalationLevel::KomnasHam] {
            assert_eq!(level(level_pb(l) as i32), Some(l));
        }
        assert_eq!(urgency(0), None);
        assert_eq!(urgency(99), None);
        assert_eq!(
            status(pb::CaseStatus::Resolved as i32),
            Some(CaseStatus::Resolved)
        );
        assert_eq!(status(0), None);
    }
}
