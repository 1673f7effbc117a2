//! The one mapping between proto enums and domain enums, used by the codec and the API:
//! each enum once, both ways (the kit's `enum_map!`). Proto to domain gives `None` for UNSPECIFIED and
//! unknown numbers.

use berdaya_platform::enum_map;
use berdaya_proto::berdaya::capacity::v1 as pb;

use crate::domain::activity::{ActivityKind, Approach};
use crate::domain::certificate::RevocationReason;
use crate::domain::cohort::{NotCompletedReason, WithdrawalReason};
use crate::domain::competency::CompetencyLevel;
use crate::domain::facts::CertificateStanding;
use crate::domain::person::DeactivationReason;
use crate::domain::programme::ProgrammeMethod;
use crate::domain::roles::{OrganisationKind, PersonRole};
use crate::domain::vocabulary::TermKind;

enum_map!(role, role_pb, pb::PersonRole, PersonRole, {
    GovernmentCentral => GovernmentCentral,
    GovernmentProvincial => GovernmentProvincial,
    GovernmentRegency => GovernmentRegency,
    PendampingPkh => PendampingPkh,
    PendampingKube => PendampingKube,
    Tksk => Tksk,
    Psm => Psm,
    SocialWorker => SocialWorker,
    OrganisationMember => OrganisationMember,
    BusinessRepresentative => BusinessRepresentative,
    RecipientCadre => RecipientCadre,
    ReligiousLeader => ReligiousLeader,
    CustomaryLeader => CustomaryLeader,
});

enum_map!(organisation_kind, organisation_kind_pb, pb::OrganisationKind, OrganisationKind, {
    GovernmentAgency => GovernmentAgency,
    Lks => Lks,
    KarangTaruna => KarangTaruna,
    Lsm => Lsm,
    CommunityGroup => CommunityGroup,
    ReligiousOrganisation => ReligiousOrganisation,
    Business => Business,
    University => University,
});

enum_map!(deactivation_reason, deactivation_reason_pb, pb::DeactivationReason, DeactivationReason, {
    Resigned => Resigned,
    ContractEnded => ContractEnded,
    Transferred => Transferred,
    Retired => Retired,
    Deceased => Deceased,
    Dismissed => Dismissed,
    Other => Other,
    PersonalDataErased => PersonalDataErased,
});

enum_map!(method, method_pb, pb::ProgrammeMethod, ProgrammeMethod, {
    Education => Education,
    Training => Training,
    FieldStudy => FieldStudy,
    ComparativeStudy => ComparativeStudy,
    Apprenticeship => Apprenticeship,
    Mentoring => Mentoring,
    Assessment => Assessment,
    ResearchAndDevelopment => ResearchAndDevelopment,
});

enum_map!(withdrawal_reason, withdrawal_reason_pb, pb::WithdrawalReason, WithdrawalReason, {
    Duty => Duty,
    Personal => Personal,
    Moved => Moved,
    Other => Other,
});

enum_map!(not_completed_reason, not_completed_reason_pb, pb::NotCompletedReason, NotCompletedReason, {
    AttendanceBelowRequired => AttendanceBelowRequired,
    NotAssessed => NotAssessed,
    BelowPassMark => BelowPassMark,
});

enum_map!(revocation_reason, revocation_reason_pb, pb::RevocationReason, RevocationReason, {
    Misconduct => Misconduct,
    FraudulentAssessment => FraudulentAssessment,
    IssuedInError => IssuedInError,
    Other => Other,
});

enum_map!(standing, standing_pb, pb::CertificateStanding, CertificateStanding, {
    NotYetValid => NotYetValid,
    Valid => Valid,
    Expired => Expired,
    Revoked => Revoked,
});

enum_map!(competency_level, competency_level_pb, pb::CompetencyLevel, CompetencyLevel, {
    Certified => Certified,
    Lapsed => Lapsed,
    Uncertified => Uncertified,
});

enum_map!(activity_kind, activity_kind_pb, pb::ActivityKind, ActivityKind, {
    ReligiousGuidance => ReligiousGuidance,
    GotongRoyong => GotongRoyong,
    AdatDeliberation => AdatDeliberation,
    Arisan => Arisan,
    Jimpitan => Jimpitan,
    Lumbung => Lumbung,
    OtherMutualAid => OtherMutualAid,
});

enum_map!(approach, approach_pb, pb::ActivityApproach, Approach, {
    Study => Study,
    Guidance => Guidance,
    Practice => Practice,
});

enum_map!(term_kind, term_kind_pb, pb::TermKind, TermKind, {
    Value => Value,
    Norm => Norm,
    Practice => Practice,
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_reads_back_and_unspecified_is_none() {
        for n in 1..=13 {
            let role = role(n).unwrap();
            assert_eq!(role_pb(role) as i32, n);
        }
        assert_eq!(role(0), None);
        assert_eq!(role(14), None);
        assert_eq!(term_kind(3), Some(TermKind::Practice));
        assert_eq!(activity_kind(99), None);
    }
}
