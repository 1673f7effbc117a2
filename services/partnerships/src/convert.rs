//! The one mapping between proto enums and messages and the domain's, used by the codec,
//! the requests and the views. Proto to domain gives `None` for UNSPECIFIED and unknown
//! numbers.

use berdaya_domain::Rupiah;
use berdaya_platform::enum_map;
use berdaya_proto::berdaya::partnerships::v1 as pb;

use crate::domain::network::EvaluationResult;
use crate::domain::{
    AgreementKind, AgreementStatus, CommitmentKind, NetworkKind, PartnerKind, Quantity,
    ReferralOutcome, ReferralPurpose, ReferralStatus,
};

enum_map!(partner_kind, partner_kind_pb, pb::PartnerKind, PartnerKind, {
    Business => Business,
    Bank => Bank,
    CooperativeOrBmt => CooperativeOrBmt,
    MicrofinanceInstitution => MicrofinanceInstitution,
    Ngo => Ngo,
    SocialOrganisation => SocialOrganisation,
    University => University,
    GovernmentAgency => GovernmentAgency,
    ReligiousOrCommunity => ReligiousOrCommunity,
    Media => Media,
});

enum_map!(agreement_kind, agreement_kind_pb, pb::AgreementKind, AgreementKind, {
    Mou => Mou,
    Pks => Pks,
});

enum_map!(agreement_status, agreement_status_pb, pb::AgreementStatus, AgreementStatus, {
    Drafted => Drafted,
    Withdrawn => Withdrawn,
    Signed => Signed,
    InForce => InForce,
    Expired => Expired,
    Terminated => Terminated,
});

enum_map!(commitment_kind, commitment_kind_pb, pb::CommitmentKind, CommitmentKind, {
    CreditLine => CreditLine,
    MarketingChannel => MarketingChannel,
    Transport => Transport,
    TrainingPlaces => TrainingPlaces,
    EmploymentPlaces => EmploymentPlaces,
    Equipment => Equipment,
    Funding => Funding,
});

enum_map!(network_kind, network_kind_pb, pb::NetworkKind, NetworkKind, {
    Association => Association,
    Consortium => Consortium,
    Forum => Forum,
});

enum_map!(evaluation_result, evaluation_result_pb, pb::EvaluationResult, EvaluationResult, {
    Achieved => Achieved,
    PartlyAchieved => PartlyAchieved,
    NotAchieved => NotAchieved,
});

enum_map!(referral_purpose, referral_purpose_pb, pb::ReferralPurpose, ReferralPurpose, {
    Credit => Credit,
    Marketing => Marketing,
    Transport => Transport,
    Training => Training,
    Employment => Employment,
    BasicService => BasicService,
});

/// Proto `ReferralStatus` to domain; `None` for UNSPECIFIED or unknown.
pub fn referral_status(value: i32) -> Option<ReferralStatus> {
    use pb::ReferralStatus as P;
    Some(match P::try_from(value).ok()? {
        P::Referred => ReferralStatus::Referred,
        P::Accepted => ReferralStatus::Accepted,
        P::Declined => ReferralStatus::Declined,
        P::Completed => ReferralStatus::Completed,
        P::Withdrawn => ReferralStatus::Withdrawn,
        P::Unspecified => return None,
    })
}

/// Domain `ReferralStatus` to proto (a referral never made is UNSPECIFIED).
pub fn referral_status_pb(value: ReferralStatus) -> pb::ReferralStatus {
    use pb::ReferralStatus as P;
    match value {
        ReferralStatus::NotMade => P::Unspecified,
        ReferralStatus::Referred => P::Referred,
        ReferralStatus::Accepted => P::Accepted,
        ReferralStatus::Declined => P::Declined,
        ReferralStatus::Completed => P::Completed,
        ReferralStatus::Withdrawn => P::Withdrawn,
    }
}

/// A domain quantity as proto.
pub fn quantity_pb(quantity: Quantity) -> pb::Quantity {
    use pb::quantity::Value;
    pb::Quantity {
        value: Some(match quantity {
            Quantity::Amount(amount) => Value::Amount(amount.amount()),
            Quantity::Count(count) => Value::Count(count),
        }),
    }
}

/// A proto quantity in the domain; `None` when neither unit is set. Signs are the
/// domain's to check.
pub fn quantity(quantity: Option<&pb::Quantity>) -> Option<Quantity> {
    use pb::quantity::Value;
    Some(match quantity?.value? {
        Value::Amount(amount) => Quantity::Amount(Rupiah(amount)),
        Value::Count(count) => Quantity::Count(count),
    })
}

/// A domain outcome as proto.
pub fn outcome_pb(outcome: &ReferralOutcome) -> pb::ReferralOutcome {
    use pb::referral_outcome::Outcome;
    pb::ReferralOutcome {
        outcome: Some(match outcome {
            ReferralOutcome::LoanGranted { amount, scheme } => {
                Outcome::LoanGranted(pb::LoanGranted {
                    amount: amount.amount(),
                    scheme: scheme.clone(),
                })
            }
            ReferralOutcome::ContractSigned { value, buyer } => {
                Outcome::ContractSigned(pb::ContractSigned {
                    value: value.amount(),
                    buyer: buyer.clone(),
                })
            }
            ReferralOutcome::PlaceTaken { place } => Outcome::PlaceTaken(pb::PlaceTaken {
                place: place.clone(),
            }),
            ReferralOutcome::ServiceProvided { description } => {
                Outcome::ServiceProvided(pb::ServiceProvided {
                    description: description.clone(),
                })
            }
        }),
    }
}
