//! Who runs the programme: the roles people hold and the organisations they work for.

use berdaya_domain::id::RegionCode;

/// The role a person holds in the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PersonRole {
    /// Staff of the central ministry (Kementerian Sosial): serves the whole country.
    GovernmentCentral,
    /// Staff of a provincial social-affairs office (Dinas Sosial provinsi).
    GovernmentProvincial,
    /// Staff of a regency or city social-affairs office (Dinas Sosial kabupaten/kota).
    GovernmentRegency,
    /// Pendamping PKH: facilitator of PKH families (Program Keluarga Harapan).
    PendampingPkh,
    /// Pendamping KUBE: facilitator of KUBE joint business groups.
    PendampingKube,
    /// TKSK (Tenaga Kesejahteraan Sosial Kecamatan): the district's social welfare worker.
    Tksk,
    /// PSM (Pekerja Sosial Masyarakat): a community social worker, usually a volunteer.
    Psm,
    /// A professional social worker (pekerja sosial).
    SocialWorker,
    /// Staff or volunteer of a social or community organisation (LKS, Karang Taruna,
    /// LSM/Orsos, a religious organisation).
    OrganisationMember,
    /// A business's representative (CSR/TJSL programmes, host businesses).
    BusinessRepresentative,
    /// A programme recipient acting as a cadre (kader) for other families.
    RecipientCadre,
    /// A religious leader (tokoh agama): ustadz, pastor, pendeta, pemangku, bhikkhu.
    ReligiousLeader,
    /// A customary leader (tokoh adat, pemangku adat, ninik mamak, kepala suku).
    CustomaryLeader,
}

/// The region a role must be registered for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionScope {
    /// No region: the role serves the whole country.
    National,
    /// A region code of exactly this depth (1 province, 2 regency, 3 district).
    Depth(usize),
    /// A region code at any depth.
    Any,
}

impl PersonRole {
    /// The name used in messages (Indonesian first: these are programme terms).
    pub fn name(self) -> &'static str {
        match self {
            PersonRole::GovernmentCentral => "pegawai kementerian (central government staff)",
            PersonRole::GovernmentProvincial => "pegawai dinas sosial provinsi (provincial staff)",
            PersonRole::GovernmentRegency => "pegawai dinas sosial kabupaten/kota (regency staff)",
            PersonRole::PendampingPkh => "pendamping PKH",
            PersonRole::PendampingKube => "pendamping KUBE",
            PersonRole::Tksk => "TKSK",
            PersonRole::Psm => "PSM",
            PersonRole::SocialWorker => "pekerja sosial (social worker)",
            PersonRole::OrganisationMember => "anggota organisasi (organisation member)",
            PersonRole::BusinessRepresentative => "wakil dunia usaha (business representative)",
            PersonRole::RecipientCadre => "kader penerima manfaat (recipient cadre)",
            PersonRole::ReligiousLeader => "tokoh agama (religious leader)",
            PersonRole::CustomaryLeader => "tokoh adat (customary leader)",
        }
    }

    /// The region the role is registered for: central staff serve the country, a
    /// province's or regency's staff their own office's area, a TKSK one district
    /// (kecamatan); everyone else the region they work in, at any level.
    pub fn region_scope(self) -> RegionScope {
        match self {
            PersonRole::GovernmentCentral => RegionScope::National,
            PersonRole::GovernmentProvincial => RegionScope::Depth(1),
            PersonRole::GovernmentRegency => RegionScope::Depth(2),
            PersonRole::Tksk => RegionScope::Depth(3),
            _ => RegionScope::Any,
        }
    }

    /// The organisation kinds the role may belong to, and whether one is required.
    pub fn organisation_rule(self) -> OrganisationRule {
        use OrganisationKind as K;
        match self {
            PersonRole::GovernmentCentral
            | PersonRole::GovernmentProvincial
            | PersonRole::GovernmentRegency => OrganisationRule::Required(&[K::GovernmentAgency]),
            PersonRole::OrganisationMember => OrganisationRule::Required(&[
                K::Lks,
                K::KarangTaruna,
                K::Lsm,
                K::CommunityGroup,
                K::ReligiousOrganisation,
                K::University,
            ]),
            PersonRole::BusinessRepresentative => OrganisationRule::Required(&[K::Business]),
            _ => OrganisationRule::Optional,
        }
    }

    /// True for the roles that carry a caseload of households or KUBE groups.
    pub fn is_facilitator(self) -> bool {
        matches!(
            self,
            PersonRole::PendampingPkh
                | PersonRole::PendampingKube
                | PersonRole::Tksk
                | PersonRole::Psm
                | PersonRole::SocialWorker
        )
    }
}

/// Whether a role needs an organisation, and of which kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrganisationRule {
    /// Required, of one of these kinds.
    Required(&'static [OrganisationKind]),
    /// Optional, of any kind.
    Optional,
}

/// The kind of organisation a person works for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OrganisationKind {
    /// A government body: Kementerian Sosial, a Dinas Sosial, a training centre (balai).
    GovernmentAgency,
    /// LKS (Lembaga Kesejahteraan Sosial): a social welfare institution.
    Lks,
    /// Karang Taruna: the village youth organisation.
    KarangTaruna,
    /// LSM / Orsos: a non-governmental or social organisation.
    Lsm,
    /// A community organisation (a banjar, a neighbourhood or women's group).
    CommunityGroup,
    /// A religious organisation (a majelis taklim, a parish, Baznas or a LAZ).
    ReligiousOrganisation,
    /// A business.
    Business,
    /// A university (KKN student community service, research partners).
    University,
}

/// The organisation a person works for. Names of organisations are not personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    /// Its kind.
    pub kind: OrganisationKind,
    /// Its name, e.g. `Dinas Sosial Kota Surabaya`.
    pub name: String,
}

/// Where a person stands in the programme: role, organisation and region. Registration
/// sets it; a reassignment replaces it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    /// The role.
    pub role: PersonRole,
    /// The organisation, when the person works for one.
    pub organisation: Option<Organisation>,
    /// The region served; `None` only for central government staff (the whole country).
    pub region: Option<RegionCode>,
    /// For a recipient cadre: the household they belong to.
    pub household_id: Option<uuid::Uuid>,
}
