//! The stream categories (aggregate types) of every context's events.
//!
//! Every event is recorded in the stream `<category>-<aggregate id>` of its aggregate,
//! and its category travels with it: in the stored row and as the `Berdaya-Category`
//! NATS header. A consumer routes by the category and the event type (the full protobuf
//! name), so the category is part of each context's published event contract, like the
//! messages above: declared here once, used by the aggregate that records the events
//! (`berdaya_domain::Aggregate::CATEGORY`) and by every context that follows them.
//! A category is unique within its context only (households and capacity both have
//! `activity`); with the event type's package it names one aggregate type.

/// `berdaya.households.v1`.
pub mod households {
    /// A household (keluarga penerima manfaat).
    pub const HOUSEHOLD: &str = "household";
    /// A household's savings account.
    pub const SAVINGS: &str = "savings";
    /// A participation activity (a group meeting, home visit, ...).
    pub const ACTIVITY: &str = "activity";
}

/// `berdaya.enterprise.v1`.
pub mod enterprise {
    /// A KUBE group (Kelompok Usaha Bersama).
    pub const KUBE: &str = "kube";
    /// A household's individual enterprise support record.
    pub const SUPPORT: &str = "support";
}

/// `berdaya.partnerships.v1`.
pub mod partnerships {
    /// A partner in the registry.
    pub const PARTNER: &str = "partner";
    /// An agreement (MoU) with partners.
    pub const AGREEMENT: &str = "agreement";
    /// A network of partners.
    pub const NETWORK: &str = "network";
    /// A referral of a household or group to a partner.
    pub const REFERRAL: &str = "referral";
}

/// `berdaya.advocacy.v1`.
pub mod advocacy {
    /// An advocacy case.
    pub const CASE: &str = "case";
}

/// `berdaya.capacity.v1`.
pub mod capacity {
    /// A person in the capacity registry.
    pub const PERSON: &str = "person";
    /// A training programme.
    pub const PROGRAMME: &str = "programme";
    /// A cohort of a programme.
    pub const COHORT: &str = "cohort";
    /// A certificate.
    pub const CERTIFICATE: &str = "certificate";
    /// A local-wisdom activity.
    pub const ACTIVITY: &str = "activity";
    /// The values vocabulary (one stream for the deployment).
    pub const VOCABULARY: &str = "vocabulary";
}
