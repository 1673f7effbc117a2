//! The words of strategy 4: kinds of partner, agreement, commitment and network, and the
//! purposes a household or group is referred for.

use uuid::Uuid;

use super::Quantity;

/// What kind of organisation a partner is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PartnerKind {
    /// A company; its CSR programme is TJSL (Tanggung Jawab Sosial dan Lingkungan).
    Business,
    /// A bank, e.g. a state bank lending KUR (Kredit Usaha Rakyat, people's business
    /// credit), or Bank Wakaf Mikro.
    Bank,
    /// A cooperative (koperasi) or BMT (Baitul Maal wat Tamwil, Islamic savings and loan).
    CooperativeOrBmt,
    /// A microfinance institution, e.g. PNM Mekaar (group lending to poor women).
    MicrofinanceInstitution,
    /// A non-governmental organisation (LSM, Lembaga Swadaya Masyarakat).
    Ngo,
    /// A social organisation (Orsos, Organisasi Sosial).
    SocialOrganisation,
    /// A university (e.g. KKN student community service).
    University,
    /// A government agency or state enterprise (including BUMDes village enterprises).
    GovernmentAgency,
    /// A religious or community organisation (e.g. Baznas / LAZ zakat bodies).
    ReligiousOrCommunity,
    /// Newspapers, radio, television or online media.
    Media,
}

/// The two forms a cooperation agreement takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AgreementKind {
    /// Nota Kesepahaman (memorandum of understanding): intent, usually without money.
    Mou,
    /// Perjanjian Kerja Sama (cooperation agreement): who provides what, for how long,
    /// signed by the officials named in it.
    Pks,
}

/// What one side of an agreement commits to provide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CommitmentKind {
    /// A credit line, in rupiah.
    CreditLine,
    /// A marketing channel or buyer contract (buyers, e-commerce, exhibitions).
    MarketingChannel,
    /// Transport of goods or people.
    Transport,
    /// Places in training courses.
    TrainingPlaces,
    /// Jobs.
    EmploymentPlaces,
    /// Equipment handed over.
    Equipment,
    /// Money for the programme (e.g. CSR / TJSL funding).
    Funding,
}

impl CommitmentKind {
    /// The kind in words, for messages.
    pub fn noun(self) -> &'static str {
        match self {
            CommitmentKind::CreditLine => "a credit line",
            CommitmentKind::MarketingChannel => "a marketing channel",
            CommitmentKind::Transport => "transport",
            CommitmentKind::TrainingPlaces => "training places",
            CommitmentKind::EmploymentPlaces => "employment places",
            CommitmentKind::Equipment => "equipment",
            CommitmentKind::Funding => "funding",
        }
    }

    /// The referral purpose that fulfils this commitment, if referrals can: equipment
    /// and funding are handed over, so only recorded contributions fulfil them.
    pub fn fulfilled_by(self) -> Option<ReferralPurpose> {
        match self {
            CommitmentKind::CreditLine => Some(ReferralPurpose::Credit),
            CommitmentKind::MarketingChannel => Some(ReferralPurpose::Marketing),
            CommitmentKind::Transport => Some(ReferralPurpose::Transport),
            CommitmentKind::TrainingPlaces => Some(ReferralPurpose::Training),
            CommitmentKind::EmploymentPlaces => Some(ReferralPurpose::Employment),
            CommitmentKind::Equipment | CommitmentKind::Funding => None,
        }
    }

    /// Whether `target` is in a unit this kind is measured in: a credit line and funding
    /// in rupiah, training and employment places as a count, the others either.
    pub fn accepts(self, target: &Quantity) -> bool {
        match self {
            CommitmentKind::CreditLine | CommitmentKind::Funding => {
                matches!(target, Quantity::Amount(_))
            }
            CommitmentKind::TrainingPlaces | CommitmentKind::EmploymentPlaces => {
                matches!(target, Quantity::Count(_))
            }
            CommitmentKind::MarketingChannel
            | CommitmentKind::Transport
            | CommitmentKind::Equipment => true,
        }
    }
}

/// Who provides a commitment: the office itself or one of the agreement's partners.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Party {
    /// The social-affairs office (Dinas Sosial) that concludes the agreement.
    Office,
    /// A partner of the agreement.
    Partner(Uuid),
}

/// The kinds of partner network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NetworkKind {
    /// An association (asosiasi, perkumpulan).
    Association,
    /// A consortium (konsorsium) of partners working on one programme.
    Consortium,
    /// A forum (e.g. a CSR forum, forum kemitraan).
    Forum,
}

/// What a household or group is referred to a partner for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReferralPurpose {
    /// Credit: KUR, Mekaar, a BMT or cooperative loan.
    Credit,
    /// Marketing: a buyer, an e-commerce channel, an exhibition.
    Marketing,
    /// Transport of goods or people.
    Transport,
    /// A training place.
    Training,
    /// A job.
    Employment,
    /// A basic service (health, education, civil registration, clean water, housing).
    BasicService,
}

/// Who is referred: a registry household or a KUBE group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Referee {
    /// A household of the households registry.
    Household(Uuid),
    /// A KUBE (Kelompok Usaha Bersama, joint business group) of the enterprise service.
    Group(Uuid),
}

impl Referee {
    /// The referee's id, whichever kind it is.
    pub fn id(self) -> Uuid {
        match self {
            Referee::Household(id) | Referee::Group(id) => id,
        }
    }

    /// `household` or `KUBE group`, for messages.
    pub fn noun(self) -> &'static str {
        match self {
            Referee::Household(_) => "household",
            Referee::Group(_) => "KUBE group",
        }
    }

    /// The request field that names the referee.
    pub fn field(self) -> &'static str {
        match self {
            Referee::Household(_) => "household_id",
            Referee::Group(_) => "group_id",
        }
    }
}
