//! Every indicator the projection computes: what it measures, its strategy, its unit,
//! and whether it is a flow (summed over months) or a stock (a level that carries over).

/// How an indicator adds up over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// What happened in the month; months are summed.
    Flow,
    /// A level at month end: the running sum of all deltas up to that month.
    Stock,
}

/// One indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Indicator {
    /// Stable id, `<context>.<name>`.
    pub id: &'static str,
    /// Strategy of the source document (1-7), 0 for the registry.
    pub strategy: i32,
    /// Unit, as the API states it (`rupiah` for money); titles and units for people are
    /// in the message catalogues (`crate::i18n`).
    pub unit: &'static str,
    /// Flow or stock.
    pub kind: Kind,
    /// What the dimension splits by, empty when unsplit.
    pub dimension: &'static str,
}

/// The strategies, by number (0 = the registry); their titles are in the message
/// catalogues (`strategy-<n>`).
pub const STRATEGIES: std::ops::RangeInclusive<i32> = 0..=7;

/// Looks an indicator up by id in the whole catalog.
pub fn find(id: &str) -> Option<&'static Indicator> {
    crate::contexts::all()
        .iter()
        .flat_map(|c| c.indicators().iter())
        .find(|i| i.id == id)
}

/// Every indicator, ordered by strategy then id.
pub fn all() -> Vec<&'static Indicator> {
    let mut all: Vec<&'static Indicator> = crate::contexts::all()
        .iter()
        .flat_map(|c| c.indicators().iter())
        .collect();
    all.sort_by_key(|i| (i.strategy, i.id));
    all
}
