//! The small enums of the enterprise context.

/// The kind of business a KUBE group runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BusinessType {
    /// UEP (Usaha Ekonomi Produktif): a productive economic business.
    Uep,
    /// UKS (Usaha Kesejahteraan Sosial): a social-welfare business.
    Uks,
}

/// A KUBE group's development stage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// Tumbuh (growing): facilitator assigned, board formed, grant received, activity
    /// starting. Every group starts here.
    #[default]
    Tumbuh,
    /// Berkembang (developing): profits split into capital, member welfare and IKS.
    Berkembang,
    /// Maju / Mandiri (advanced, self-reliant): rising profit and capital, IKS shared with
    /// other poor families, ties with businesses.
    MajuMandiri,
}

impl Stage {
    /// The stage after this one, if any.
    pub fn next(self) -> Option<Stage> {
        match self {
            Stage::Tumbuh => Some(Stage::Berkembang),
            Stage::Berkembang => Some(Stage::MajuMandiri),
            Stage::MajuMandiri => None,
        }
    }

    /// The criteria a group is assessed on to enter this stage.
    pub fn criteria(self) -> &'static [Criterion] {
        match self {
            Stage::Tumbuh => &[],
            Stage::Berkembang => &[
                Criterion::FacilitatorAssigned,
                Criterion::BoardFormed,
                Criterion::GrantReceived,
                Criterion::ActivityStarted,
                Criterion::ProfitShared,
            ],
            Stage::MajuMandiri => &[
                Criterion::RisingProfit,
                Criterion::RisingCapital,
                Criterion::IksShared,
                Criterion::BusinessTies,
            ],
        }
    }

    /// The name used in messages.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Tumbuh => "Tumbuh",
            Stage::Berkembang => "Berkembang",
            Stage::MajuMandiri => "Maju/Mandiri",
        }
    }
}

/// One criterion of a stage assessment (see DOMAIN.md, KUBE stages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Criterion {
    /// A facilitator is assigned.
    FacilitatorAssigned,
    /// Chair, secretary and treasurer are seated.
    BoardFormed,
    /// A grant tranche reached the group account.
    GrantReceived,
    /// At least one progress report.
    ActivityStarted,
    /// A month's profit was split into capital, welfare and IKS.
    ProfitShared,
    /// Latest profit above the first.
    RisingProfit,
    /// Latest capital above the first.
    RisingCapital,
    /// IKS shared with poor families outside the group.
    IksShared,
    /// Ties with businesses: the assessor's judgement only.
    BusinessTies,
}

impl Criterion {
    /// The name used in messages.
    pub fn name(self) -> &'static str {
        match self {
            Criterion::FacilitatorAssigned => "facilitator assigned",
            Criterion::BoardFormed => "board formed",
            Criterion::GrantReceived => "grant received",
            Criterion::ActivityStarted => "activity started",
            Criterion::ProfitShared => "profit shared",
            Criterion::RisingProfit => "rising profit",
            Criterion::RisingCapital => "rising capital",
            Criterion::IksShared => "IKS shared",
            Criterion::BusinessTies => "business ties",
        }
    }
}

/// Where a grant comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GrantScheme {
    /// BLPS (Bantuan Langsung Pemberdayaan Sosial).
    Blps,
    /// KUBE capital aid.
    KubeCapital,
    /// Another scheme, named on the grant.
    Other,
}

/// A board seat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BoardSeat {
    /// Ketua.
    Chair,
    /// Sekretaris.
    Secretary,
    /// Bendahara.
    Treasurer,
}

impl BoardSeat {
    /// Every seat, in board order.
    pub const ALL: [BoardSeat; 3] = [BoardSeat::Chair, BoardSeat::Secretary, BoardSeat::Treasurer];

    /// The name used in messages.
    pub fn name(self) -> &'static str {
        match self {
            BoardSeat::Chair => "chair",
            BoardSeat::Secretary => "secretary",
            BoardSeat::Treasurer => "treasurer",
        }
    }
}

/// Why a household left a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LeaveReason {
    /// Chose to leave.
    Resigned,
    /// Moved away.
    Moved,
    /// The member died.
    Died,
    /// Removed by the group's deliberation.
    Expelled,
    /// Closed in the registry.
    HouseholdClosed,
    /// Anything else.
    Other,
}

/// A kind of individual support session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SupportKind {
    /// Bimbingan sosial.
    SocialGuidance,
    /// Motivasi.
    Motivation,
    /// Pelatihan kewirausahaan.
    EntrepreneurshipTraining,
}

/// How an apprenticeship (magang) ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ApprenticeshipOutcome {
    /// Completed.
    Completed,
    /// Completed; the apprentice started a business.
    StartedBusiness,
    /// Completed; the apprentice was employed.
    Employed,
    /// Left early.
    DroppedOut,
}
