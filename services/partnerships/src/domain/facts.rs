//! Facts the edge looks up before deciding: a partner's standing (from the partner
//! aggregate, see [`Partner::facts`](super::Partner::facts)) and a referred household's
//! or KUBE group's standing (from a local view fed by the households and enterprise
//! events).

use berdaya_domain::DomainError;
use berdaya_domain::id::RegionCode;
use uuid::Uuid;

use super::{PartnerKind, Referee};

/// What is known of a partner when a command involves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerFacts {
    /// The partner.
    pub partner_id: Uuid,
    /// Its standing now.
    pub standing: PartnerStanding,
}

/// A partner's standing in the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartnerStanding {
    /// No partner with this id is registered.
    Unknown,
    /// Active, serving these regions.
    Active {
        /// Its kind.
        kind: PartnerKind,
        /// Kemendagri prefixes of the regions it serves.
        regions_served: Vec<RegionCode>,
    },
    /// Suspended.
    Suspended {
        /// Why.
        reason: String,
    },
    /// Retired: no longer a partner.
    Retired,
}

impl PartnerFacts {
    /// `Ok` with the regions served when the partner is known and active; otherwise
    /// the refusal naming `field`.
    ///
    /// # Errors
    /// [`DomainError::NotFound`] for an unknown partner; [`DomainError::Rule`] on
    /// `field` for a suspended or retired one.
    pub fn require_active(&self, field: &str) -> Result<&[RegionCode], DomainError> {
        let id = self.partner_id;
        match &self.standing {
            PartnerStanding::Unknown => Err(DomainError::not_found(format!("partner {id}"))),
            PartnerStanding::Active { regions_served, .. } => Ok(regions_served),
            PartnerStanding::Suspended { reason } => Err(DomainError::rule(
                field,
                format!("partner {id} is suspended ({reason})"),
            )),
            PartnerStanding::Retired => {
                Err(DomainError::rule(field, format!("partner {id} is retired")))
            }
        }
    }
}

/// What is known of a referred household or KUBE group, from this service's local view
/// of the households and enterprise events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefereeFacts {
    /// Who.
    pub referee: Referee,
    /// Its standing as last heard.
    pub standing: RefereeStanding,
}

/// A household's or KUBE group's standing as last heard from its own context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefereeStanding {
    /// Never heard of: not registered (or formed), or the news has not arrived yet.
    Unknown,
    /// Closed (a household) or dissolved (a group).
    Inactive,
    /// Active, living (or working) in this village. The edge checks the village against
    /// the caller's regions; the domain checks it against the partner's regions served.
    Active {
        /// Kemendagri village code.
        village: RegionCode,
    },
}
