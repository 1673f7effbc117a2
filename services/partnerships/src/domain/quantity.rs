//! Commitment targets and contributions: an amount of rupiah or a count (of places,
//! households, trips, items).

use berdaya_domain::Rupiah;

/// An amount or a count. A commitment's target, its contributions and its fulfilment
/// are always in the same unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quantity {
    /// Whole rupiah (a credit line, a contract value, funding).
    Amount(Rupiah),
    /// A number of places, households, trips or items. Signed so that a negative count
    /// in a request is refused by the domain's rule, like a negative amount.
    Count(i64),
}

impl Quantity {
    /// The figure, whichever the unit.
    pub fn value(self) -> i64 {
        match self {
            Quantity::Amount(amount) => amount.amount(),
            Quantity::Count(count) => count,
        }
    }

    /// More than zero.
    pub fn is_positive(self) -> bool {
        self.value() > 0
    }

    /// True when both are amounts or both are counts.
    pub fn same_unit(self, other: Quantity) -> bool {
        matches!(
            (self, other),
            (Quantity::Amount(_), Quantity::Amount(_)) | (Quantity::Count(_), Quantity::Count(_))
        )
    }

    /// `amount` or `count`, for messages.
    pub fn unit(self) -> &'static str {
        match self {
            Quantity::Amount(_) => "amount",
            Quantity::Count(_) => "count",
        }
    }

    /// The same unit with another figure.
    pub fn with_value(self, value: i64) -> Quantity {
        match self {
            Quantity::Amount(_) => Quantity::Amount(Rupiah(value)),
            Quantity::Count(_) => Quantity::Count(value),
        }
    }
}

impl std::fmt::Display for Quantity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Quantity::Amount(amount) => amount.fmt(f),
            Quantity::Count(count) => write!(f, "{count}"),
        }
    }
}
