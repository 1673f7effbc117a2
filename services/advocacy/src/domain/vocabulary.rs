//! The small enums of the advocacy context.

/// How urgent a case is; it sets the case's service-level targets (see
/// [`CaseRules`](super::CaseRules)).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Urgency {
    /// Harm is happening now or imminent (violence, a patient refused treatment, an
    /// eviction this week).
    Urgent,
    /// Access to an essential service is denied and the household cannot wait long.
    High,
    /// Everything else.
    #[default]
    Normal,
}

impl Urgency {
    /// Every urgency, most urgent first.
    pub const ALL: [Urgency; 3] = [Urgency::Urgent, Urgency::High, Urgency::Normal];

    /// The lowercase name used in messages and configuration.
    pub fn key(self) -> &'static str {
        match self {
            Urgency::Urgent => "urgent",
            Urgency::High => "high",
            Urgency::Normal => "normal",
        }
    }
}

/// How a case came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntakeChannel {
    /// The household came to the office.
    WalkIn,
    /// A facilitator (pendamping) raised it from the field.
    Facilitator,
    /// A call or message to the complaints hotline.
    Hotline,
    /// Referred by a partner organisation (LSM, LBH, a religious organisation, ...).
    PartnerReferral,
    /// Raised at a community meeting (musyawarah desa, a P2K2 session, ...).
    CommunityMeeting,
    /// Reported in the media.
    Media,
}

/// What kind of party is responsible for the violation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartyKind {
    /// A government agency or public service (village office, Dukcapil, BPJS Kesehatan,
    /// a school, the Dinas Sosial, ...).
    Agency,
    /// A company (an employer, a landowner company, a water utility, ...).
    Company,
    /// A private person. Their name is personal data and is only kept sealed.
    Person,
}

/// The risk to the affected households, judged at assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RiskLevel {
    /// Little risk of further harm.
    Low,
    /// Some risk: follow closely.
    Medium,
    /// Serious risk of harm or retaliation: act and protect first.
    High,
}

/// The kinds of advocacy action (strategy 5: households take part in each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActionKind {
    /// Involving the affected households in formulating a policy or regulation; at least
    /// one affected household must take part.
    PolicyFormulation,
    /// A hearing with officials (audiensi), e.g. with the DPRD or the Dinas Sosial.
    Hearing,
    /// A public dialogue between the community and the responsible parties.
    PublicDialogue,
    /// A campaign (public awareness, petitions, media).
    Campaign,
    /// Social action: a collective, peaceful action by the community.
    SocialAction,
    /// A formal written complaint to the responsible party or its supervisor.
    FormalComplaint,
    /// A referral to legal aid (LBH, Posbakum).
    LegalAidReferral,
    /// A referral (report) to the Ombudsman RI.
    OmbudsmanReferral,
    /// Accompanying the household to the service office (pendampingan), e.g. to
    /// Dukcapil for an identity document.
    Accompaniment,
}

impl ActionKind {
    /// The lowercase name used in messages and reporting.
    pub fn key(self) -> &'static str {
        match self {
            ActionKind::PolicyFormulation => "policy_formulation",
            ActionKind::Hearing => "hearing",
            ActionKind::PublicDialogue => "public_dialogue",
            ActionKind::Campaign => "campaign",
            ActionKind::SocialAction => "social_action",
            ActionKind::FormalComplaint => "formal_complaint",
            ActionKind::LegalAidReferral => "legal_aid_referral",
            ActionKind::OmbudsmanReferral => "ombudsman_referral",
            ActionKind::Accompaniment => "accompaniment",
        }
    }
}

/// Where a case is handled. The government ladder runs village, district (kecamatan),
/// regency or city (Dinas Sosial kabupaten/kota), province, national; outside it stand
/// the Ombudsman RI, legal aid (LBH, Posbakum) and Komnas HAM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EscalationLevel {
    /// The village (desa/kelurahan) office.
    Village,
    /// The district (kecamatan).
    District,
    /// The regency or city: its Dinas Sosial.
    Regency,
    /// The province.
    Province,
    /// The national level (the ministry).
    National,
    /// The Ombudsman RI (maladministration in public services).
    Ombudsman,
    /// Legal aid: LBH (Lembaga Bantuan Hukum) or Posbakum.
    LegalAid,
    /// Komnas HAM, the national human-rights commission.
    KomnasHam,
}

impl EscalationLevel {
    /// The rung on the government ladder (village 1 to national 5); `None` for the bodies
    /// outside it.
    pub fn ladder_rung(self) -> Option<u8> {
        match self {
            EscalationLevel::Village => Some(1),
            EscalationLevel::District => Some(2),
            EscalationLevel::Regency => Some(3),
            EscalationLevel::Province => Some(4),
            EscalationLevel::National => Some(5),
            EscalationLevel::Ombudsman | EscalationLevel::LegalAid | EscalationLevel::KomnasHam => {
                None
            }
        }
    }

    /// The lowercase name used in messages and reporting.
    pub fn key(self) -> &'static str {
        match self {
            EscalationLevel::Village => "village",
            EscalationLevel::District => "district",
            EscalationLevel::Regency => "regency",
            EscalationLevel::Province => "province",
            EscalationLevel::National => "national",
            EscalationLevel::Ombudsman => "ombudsman",
            EscalationLevel::LegalAid => "legal_aid",
            EscalationLevel::KomnasHam => "komnas_ham",
        }
    }
}

/// The role a person acts or reads in. Mirrors the platform's token roles; the edge
/// converts, so the domain stays free of the auth plumbing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActorRole {
    /// A caseworker (pendamping, social worker).
    Caseworker,
    /// A caseworker's supervisor.
    Supervisor,
    /// An auditor: reads, never writes.
    Auditor,
    /// A system client of another agency.
    Integration,
    /// Operates the deployment.
    Admin,
}

impl ActorRole {
    /// The lowercase name used in tokens and events.
    pub fn key(self) -> &'static str {
        match self {
            ActorRole::Caseworker => "caseworker",
            ActorRole::Supervisor => "supervisor",
            ActorRole::Auditor => "auditor",
            ActorRole::Integration => "integration",
            ActorRole::Admin => "admin",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_has_the_key_tokens_carry() {
        let keys = [
            ActorRole::Caseworker,
            ActorRole::Supervisor,
            ActorRole::Auditor,
            ActorRole::Integration,
            ActorRole::Admin,
        ]
        .map(ActorRole::key);
        assert_eq!(
            keys,
            [
                "caseworker",
                "supervisor",
                "auditor",
                "integration",
                "admin"
            ]
        );
    }
}
