//! The one mapping between proto enums and domain enums, used by the codec and the API.

use berdaya_domain::id::Sex;
use berdaya_proto::berdaya::households::v1 as pb;

use crate::domain::{ExitReason, PkhComponent, Programme, Relationship, RemovalReason};

/// Proto sex to domain; `None` for UNSPECIFIED or unknown numbers.
pub fn sex(value: i32) -> Option<Sex> {
    match pb::Sex::try_from(value).ok()? {
        pb::Sex::Male => Some(Sex::Male),
        pb::Sex::Female => Some(Sex::Female),
        pb::Sex::Unspecified => None,
    }
}

/// Domain sex to proto.
pub fn sex_pb(value: Sex) -> pb::Sex {
    match value {
        Sex::Male => pb::Sex::Male,
        Sex::Female => pb::Sex::Female,
    }
}

/// Proto relationship to domain.
pub fn relationship(value: i32) -> Option<Relationship> {
    use pb::Relationship as P;
    Some(match P::try_from(value).ok()? {
        P::Unspecified => return None,
        P::Head => Relationship::Head,
        P::Spouse => Relationship::Spouse,
        P::Child => Relationship::Child,
        P::ChildInLaw => Relationship::ChildInLaw,
        P::Grandchild => Relationship::Grandchild,
        P::Parent => Relationship::Parent,
        P::ParentInLaw => Relationship::ParentInLaw,
        P::OtherRelative => Relationship::OtherRelative,
        P::Other => Relationship::Other,
    })
}

/// Domain relationship to proto.
pub fn relationship_pb(value: Relationship) -> pb::Relationship {
    use pb::Relationship as P;
    match value {
        Relationship::Head => P::Head,
        Relationship::Spouse => P::Spouse,
        Relationship::Child => P::Child,
        Relationship::ChildInLaw => P::ChildInLaw,
        Relationship::Grandchild => P::Grandchild,
        Relationship::Parent => P::Parent,
        Relationship::ParentInLaw => P::ParentInLaw,
        Relationship::OtherRelative => P::OtherRelative,
        Relationship::Other => P::Other,
    }
}

/// Proto removal reason to domain.
pub fn removal_reason(value: i32) -> Option<RemovalReason> {
    use pb::RemovalReason as P;
    Some(match P::try_from(value).ok()? {
        P::Unspecified => return None,
        P::Died => RemovalReason::Died,
        P::Moved => RemovalReason::Moved,
        P::MarriedOut => RemovalReason::MarriedOut,
        P::Split => RemovalReason::Split,
    })
}

/// Domain removal reason to proto.
pub fn removal_reason_pb(value: RemovalReason) -> pb::RemovalReason {
    use pb::RemovalReason as P;
    match value {
        RemovalReason::Died => P::Died,
        RemovalReason::Moved => P::Moved,
        RemovalReason::MarriedOut => P::MarriedOut,
        RemovalReason::Split => P::Split,
    }
}

/// Proto programme to domain.
pub fn programme(value: i32) -> Option<Programme> {
    use pb::Programme as P;
    Some(match P::try_from(value).ok()? {
        P::Unspecified => return None,
        P::Pkh => Programme::Pkh,
        P::Pip => Programme::Pip,
        P::Sembako => Programme::Sembako,
    })
}

/// Domain programme to proto.
pub fn programme_pb(value: Programme) -> pb::Programme {
    match value {
        Programme::Pkh => pb::Programme::Pkh,
        Programme::Pip => pb::Programme::Pip,
        Programme::Sembako => pb::Programme::Sembako,
    }
}

/// Proto PKH component to domain.
pub fn component(value: i32) -> Option<PkhComponent> {
    use pb::PkhComponent as P;
    Some(match P::try_from(value).ok()? {
        P::Unspecified => return None,
        P::Pregnant => PkhComponent::Pregnant,
        P::Child06 => PkhComponent::Child0To6,
        P::Sd => PkhComponent::Sd,
        P::Smp => PkhComponent::Smp,
        P::Sma => PkhComponent::Sma,
        P::SevereDisability => PkhComponent::SevereDisability,
        P::Elderly => PkhComponent::Elderly,
    })
}

/// Domain PKH component to proto.
pub fn component_pb(value: PkhComponent) -> pb::PkhComponent {
    use pb::PkhComponent as P;
    match value {
        PkhComponent::Pregnant => P::Pregnant,
        PkhComponent::Child0To6 => P::Child06,
        PkhComponent::Sd => P::Sd,
        PkhComponent::Smp => P::Smp,
        PkhComponent::Sma => P::Sma,
        PkhComponent::SevereDisability => P::SevereDisability,
        PkhComponent::Elderly => P::Elderly,
    }
}

/// Proto exit reason to domain.
pub fn exit_reason(value: i32) -> Option<ExitReason> {
    use pb::ExitReason as P;
    Some(match P::try_from(value).ok()? {
        P::Unspecified => return None,
        P::Graduated => ExitReason::Graduated,
        P::NoLongerEligible => ExitReason::NoLongerEligible,
        P::NonCompliant => ExitReason::NonCompliant,
        P::Moved => ExitReason::Moved,
        P::Declined => ExitReason::Declined,
        P::Other => ExitReason::Other,
    })
}

/// Domain exit reason to proto.
pub fn exit_reason_pb(value: ExitReason) -> pb::ExitReason {
    use pb::ExitReason as P;
    match value {
        ExitReason::Graduated => P::Graduated,
        ExitReason::NoLongerEligible => P::NoLongerEligible,
        ExitReason::NonCompliant => P::NonCompliant,
        ExitReason::Moved => P::Moved,
        ExitReason::Declined => P::Declined,
        ExitReason::Other => P::Other,
    }
}
