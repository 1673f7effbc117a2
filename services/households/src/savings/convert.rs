//! The one mapping between savings proto enums and domain enums.

use berdaya_proto::berdaya::households::v1 as pb;

use super::domain::{AccountStatus, Channel, EntryKind, GoalPurpose, InstitutionKind};

/// Proto institution kind to domain; `None` for UNSPECIFIED or unknown numbers.
pub fn institution(value: i32) -> Option<InstitutionKind> {
    use pb::InstitutionKind as P;
    Some(match P::try_from(value).ok()? {
        P::Unspecified => return None,
        P::Bank => InstitutionKind::Bank,
        P::Cooperative => InstitutionKind::Cooperative,
        P::Kube => InstitutionKind::Kube,
        P::PostOffice => InstitutionKind::PostOffice,
        P::Group => InstitutionKind::Group,
    })
}

/// Domain institution kind to proto.
pub fn institution_pb(value: InstitutionKind) -> pb::InstitutionKind {
    use pb::InstitutionKind as P;
    match value {
        InstitutionKind::Bank => P::Bank,
        InstitutionKind::Cooperative => P::Cooperative,
        InstitutionKind::Kube => P::Kube,
        InstitutionKind::PostOffice => P::PostOffice,
        InstitutionKind::Group => P::Group,
    }
}

/// Proto channel to domain; `None` for UNSPECIFIED or unknown numbers.
pub fn channel(value: i32) -> Option<Channel> {
    use pb::SavingsChannel as P;
    Some(match P::try_from(value).ok()? {
        P::Unspecified => return None,
        P::Cash => Channel::Cash,
        P::BankTransfer => Channel::BankTransfer,
        P::BranchlessAgent => Channel::BranchlessAgent,
        P::MobileWallet => Channel::MobileWallet,
        P::GroupMeeting => Channel::GroupMeeting,
    })
}

/// Domain channel to proto (UNSPECIFIED for none).
pub fn channel_pb(value: Option<Channel>) -> pb::SavingsChannel {
    use pb::SavingsChannel as P;
    match value {
        None => P::Unspecified,
        Some(Channel::Cash) => P::Cash,
        Some(Channel::BankTransfer) => P::BankTransfer,
        Some(Channel::BranchlessAgent) => P::BranchlessAgent,
        Some(Channel::MobileWallet) => P::MobileWallet,
        Some(Channel::GroupMeeting) => P::GroupMeeting,
    }
}

/// Proto goal purpose to domain; `None` for UNSPECIFIED or unknown numbers.
pub fn purpose(value: i32) -> Option<GoalPurpose> {
    use pb::SavingsGoalPurpose as P;
    Some(match P::try_from(value).ok()? {
        P::Unspecified => return None,
        P::BusinessCapital => GoalPurpose::BusinessCapital,
        P::Education => GoalPurpose::Education,
        P::Emergency => GoalPurpose::Emergency,
        P::Health => GoalPurpose::Health,
        P::Housing => GoalPurpose::Housing,
        P::Other => GoalPurpose::Other,
    })
}

/// Domain goal purpose to proto.
pub fn purpose_pb(value: GoalPurpose) -> pb::SavingsGoalPurpose {
    use pb::SavingsGoalPurpose as P;
    match value {
        GoalPurpose::BusinessCapital => P::BusinessCapital,
        GoalPurpose::Education => P::Education,
        GoalPurpose::Emergency => P::Emergency,
        GoalPurpose::Health => P::Health,
        GoalPurpose::Housing => P::Housing,
        GoalPurpose::Other => P::Other,
    }
}

/// Domain account status to proto.
pub fn status_pb(value: AccountStatus) -> pb::SavingsAccountStatus {
    use pb::SavingsAccountStatus as P;
    match value {
        AccountStatus::Unopened => P::Unspecified,
        AccountStatus::Open => P::Open,
        AccountStatus::Closed => P::Closed,
    }
}

/// Domain statement line kind to proto.
pub fn entry_pb(value: EntryKind) -> pb::SavingsEntryKind {
    use pb::SavingsEntryKind as P;
    match value {
        EntryKind::Deposit => P::Deposit,
        EntryKind::Withdrawal => P::Withdrawal,
        EntryKind::Incentive => P::Incentive,
    }
}
