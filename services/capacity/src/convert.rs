//! The one mapping between proto enums and domain enums, used by the codec and the API:
//! one table per enum, read both ways. Proto to domain gives `None` for UNSPECIFIED and
//! unknown numbers.

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

/// The domain value of proto number `value` in `table`.
fn lookup<P, D>(table: &[(P, D)], value: i32) -> Option<D>
where
    P: Copy + Into<i32>,
    D: Copy,
{
    table
        .iter()
        .find(|(p, _)| (*p).into() == value)
        .map(|(_, d)| *d)
}

/// The proto value of domain value `value` in `table` (every domain value is listed).
fn reverse<P, D>(table: &[(P, D)], value: D, unspecified: P) -> P
where
    P: Copy,
    D: Copy + PartialEq,
{
    table
        .iter()
        .find(|(_, d)| *d == value)
        .map_or(unspecified, |(p, _)| *p)
}

/// Declares `$from(i32) -> Option<Domain>` and `$to(Domain) -> Proto` over one table.
macro_rules! table {
    ($from:ident, $to:ident, $proto:ident, $domain:ident, $unspecified:ident, [$($p:ident = $d:ident),+ $(,)?]) => {
        #[doc = concat!("Proto `", stringify!($proto), "` to domain; `None` for UNSPECIFIED or unknown.")]
        pub fn $from(value: i32) -> Option<$domain> {
            lookup(&[$((pb::$proto::$p, $domain::$d)),+], value)
        }

        #[doc = concat!("Domain `", stringify!($domain), "` to proto.")]
        pub fn $to(value: $domain) -> pb::$proto {
            reverse(&[$((pb::$proto::$p, $domain::$d)),+], value, pb::$proto::$unspecified)
        }
    };
}

table!(
    role,
    role_pb,
    PersonRole,
    PersonRole,
    Unspecified,
    [
        GovernmentCentral = GovernmentCentral,
        GovernmentProvincial = GovernmentProvincial,
        GovernmentRegency = GovernmentRegency,
        PendampingPkh = PendampingPkh,
        PendampingKube = PendampingKube,
        Tksk = Tksk,
        Psm = Psm,
        SocialWorker = SocialWorker,
        OrganisationMember = OrganisationMember,
        BusinessRepresentative = BusinessRepresentative,
        RecipientCadre = RecipientCadre,
        ReligiousLeader = ReligiousLeader,
        CustomaryLeader = CustomaryLeader,
    ]
);

table!(
    organisation_kind,
    organisation_kind_pb,
    OrganisationKind,
    OrganisationKind,
    Unspecified,
    [
        GovernmentAgency = GovernmentAgency,
        Lks = Lks,
        KarangTaruna = KarangTaruna,
        Lsm = Lsm,
        CommunityGroup = CommunityGroup,
        ReligiousOrganisation = ReligiousOrganisation,
        Business = Business,
        University = University,
    ]
);

table!(
    deactivation_reason,
    deactivation_reason_pb,
    DeactivationReason,
    DeactivationReason,
    Unspecified,
    [
        Resigned = Resigned,
        ContractEnded = ContractEnded,
        Transferred = Transferred,
        Retired = Retired,
        Deceased = Deceased,
        Dismissed = Dismissed,
        Other = Other,
        PersonalDataErased = PersonalDataErased,
    ]
);

table!(
    method,
    method_pb,
    ProgrammeMethod,
    ProgrammeMethod,
    Unspecified,
    [
        Education = Education,
        Training = Training,
        FieldStudy = FieldStudy,
        ComparativeStudy = ComparativeStudy,
        Apprenticeship = Apprenticeship,
        Mentoring = Mentoring,
        Assessment = Assessment,
        ResearchAndDevelopment = ResearchAndDevelopment,
    ]
);

table!(
    withdrawal_reason,
    withdrawal_reason_pb,
    WithdrawalReason,
    WithdrawalReason,
    Unspecified,
    [
        Duty = Duty,
        Personal = Personal,
        Moved = Moved,
        Other = Other,
    ]
);

table!(
    not_completed_reason,
    not_completed_reason_pb,
    NotCompletedReason,
    NotCompletedReason,
    Unspecified,
    [
        AttendanceBelowRequired = AttendanceBelowRequired,
        NotAssessed = NotAssessed,
        BelowPassMark = BelowPassMark,
    ]
);

table!(
    revocation_reason,
    revocation_reason_pb,
    RevocationReason,
    RevocationReason,
    Unspecified,
    [
        Misconduct = Misconduct,
        FraudulentAssessment = FraudulentAssessment,
        IssuedInError = IssuedInError,
        Other = Other,
    ]
);

table!(
    standing,
    standing_pb,
    CertificateStanding,
    CertificateStanding,
    Unspecified,
    [
        NotYetValid = NotYetValid,
        Valid = Valid,
        Expired = Expired,
        Revoked = Revoked,
    ]
);

table!(
    competency_level,
    competency_level_pb,
    CompetencyLevel,
    CompetencyLevel,
    Unspecified,
    [
        Certified = Certified,
        Lapsed = Lapsed,
        Uncertified = Uncertified,
    ]
);

table!(
    activity_kind,
    activity_kind_pb,
    ActivityKind,
    ActivityKind,
    Unspecified,
    [
        ReligiousGuidance = ReligiousGuidance,
        GotongRoyong = GotongRoyong,
        AdatDeliberation = AdatDeliberation,
        Arisan = Arisan,
        Jimpitan = Jimpitan,
        Lumbung = Lumbung,
        OtherMutualAid = OtherMutualAid,
    ]
);

table!(
    approach,
    approach_pb,
    ActivityApproach,
    Approach,
    Unspecified,
    [Study = Study, Guidance = Guidance, Practice = Practice,]
);

table!(
    term_kind,
    term_kind_pb,
    TermKind,
    TermKind,
    Unspecified,
    [Value = Value, Norm = Norm, Practice = Practice,]
);

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
