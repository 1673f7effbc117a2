//! Money: whole rupiah, never floating point.

/// An amount in whole Indonesian rupiah.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Rupiah(pub i64);

impl Rupiah {
    /// Zero rupiah.
    pub const ZERO: Rupiah = Rupiah(0);

    /// The amount.
    pub fn amount(self) -> i64 {
        self.0
    }

    /// Adds, refusing to overflow.
    pub fn checked_add(self, other: Rupiah) -> Option<Rupiah> {
        self.0.checked_add(other.0).map(Rupiah)
    }
}

impl std::iter::Sum for Rupiah {
    fn sum<I: Iterator<Item = Rupiah>>(iter: I) -> Self {
        Rupiah(iter.map(|r| r.0).sum())
    }
}

impl std::fmt::Display for Rupiah {
    // Indonesian style: Rp 3.000.000
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let digits = self.0.unsigned_abs().to_string();
        let mut grouped = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push('.');
            }
            grouped.push(ch);
        }
        let sign = if self.0 < 0 { "-" } else { "" };
        write!(f, "Rp {sign}{grouped}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rupiah_prints_in_indonesian_style() {
        assert_eq!(Rupiah(3_000_000).to_string(), "Rp 3.000.000");
        assert_eq!(Rupiah(900).to_string(), "Rp 900");
        assert_eq!(Rupiah(-1500).to_string(), "Rp -1.500");
    }
}
