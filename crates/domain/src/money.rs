//! Money: whole rupiah, never floating point, and never an overflow.
//!
//! Every money field of every request is bounded by [`Rupiah::MAX`] (see
//! [`Rupiah::bounded`]), so one amount can never wrap a sum on its own, and every sum of
//! amounts is checked ([`Rupiah::checked_add`], [`Rupiah::checked_sum`]) so that many
//! cannot either. State that is rebuilt from events (`apply`, which must never fail)
//! adds with [`Rupiah::saturating_add`]: an event recorded before these bounds existed
//! then pins a figure at the limit instead of wrapping it to a negative one.

use crate::error::FieldViolation;

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

    /// The largest amount one money field of a request may carry: Rp 10.000.000.000 (ten
    /// billion), far above any KUBE grant, monthly revenue or household's savings, and
    /// small enough that about 900 million of them still add up without overflow.
    pub const MAX: Rupiah = Rupiah(10_000_000_000);

    /// The amount.
    pub fn amount(self) -> i64 {
        self.0
    }

    /// `value` as a request amount of at least `min` (0 or 1) and at most [`Rupiah::MAX`].
    ///
    /// # Errors
    /// A [`FieldViolation`] (with an empty field, to put [`FieldViolation::under`] the
    /// request field) saying the allowed range.
    pub fn bounded(value: i64, min: i64) -> Result<Rupiah, FieldViolation> {
        if (min..=Self::MAX.0).contains(&value) {
            Ok(Rupiah(value))
        } else {
            Err(FieldViolation::new(
                "",
                format!("must be {min} to {} rupiah, got {value}", Self::MAX.0),
            ))
        }
    }

    /// Adds, refusing to overflow.
    pub fn checked_add(self, other: Rupiah) -> Option<Rupiah> {
        self.0.checked_add(other.0).map(Rupiah)
    }

    /// Subtracts, refusing to overflow.
    pub fn checked_sub(self, other: Rupiah) -> Option<Rupiah> {
        self.0.checked_sub(other.0).map(Rupiah)
    }

    /// Adds, stopping at the limits of `i64` (for `apply`, which must not fail).
    #[must_use]
    pub fn saturating_add(self, other: Rupiah) -> Rupiah {
        Rupiah(self.0.saturating_add(other.0))
    }

    /// Subtracts, stopping at the limits of `i64` (for `apply`, which must not fail).
    #[must_use]
    pub fn saturating_sub(self, other: Rupiah) -> Rupiah {
        Rupiah(self.0.saturating_sub(other.0))
    }

    /// The sum of `amounts`, or `None` when it would overflow.
    pub fn checked_sum(amounts: impl IntoIterator<Item = Rupiah>) -> Option<Rupiah> {
        amounts
            .into_iter()
            .try_fold(Rupiah::ZERO, Rupiah::checked_add)
    }

    /// The sum of `amounts`, stopping at the limits of `i64` (for state rebuilt from
    /// events, which must not fail).
    pub fn saturating_sum(amounts: impl IntoIterator<Item = Rupiah>) -> Rupiah {
        amounts
            .into_iter()
            .fold(Rupiah::ZERO, Rupiah::saturating_add)
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
        assert_eq!(
            Rupiah(i64::MIN).to_string(),
            "Rp -9.223.372.036.854.775.808"
        );
    }

    #[test]
    fn request_amounts_are_bounded_on_both_sides() {
        assert_eq!(Rupiah::bounded(0, 0), Ok(Rupiah::ZERO));
        assert_eq!(Rupiah::bounded(Rupiah::MAX.0, 1), Ok(Rupiah::MAX));
        for (value, min) in [
            (-1, 0),
            (0, 1),
            (Rupiah::MAX.0 + 1, 0),
            (i64::MAX, 0),
            (i64::MIN, 0),
        ] {
            let violation = Rupiah::bounded(value, min).unwrap_err();
            assert_eq!(
                violation.description,
                format!("must be {min} to 10000000000 rupiah, got {value}")
            );
        }
    }

    #[test]
    fn sums_refuse_or_saturate_instead_of_wrapping() {
        let huge = [Rupiah(i64::MAX), Rupiah(1)];
        assert_eq!(Rupiah::checked_sum(huge), None);
        assert_eq!(Rupiah::saturating_sum(huge), Rupiah(i64::MAX));
        assert_eq!(Rupiah::checked_sum([Rupiah(2), Rupiah(3)]), Some(Rupiah(5)));
        assert_eq!(Rupiah(i64::MIN).checked_sub(Rupiah(1)), None);
        assert_eq!(Rupiah(i64::MIN).saturating_sub(Rupiah(1)), Rupiah(i64::MIN));
    }

    #[test]
    fn an_amount_reads_back_and_zero_prints_without_a_sign() {
        assert_eq!(Rupiah(1_500).amount(), 1_500);
        assert_eq!(Rupiah(0).to_string(), "Rp 0");
        assert_eq!(Rupiah(5).checked_sub(Rupiah(3)), Some(Rupiah(2)));
        assert_eq!(Rupiah(1).checked_add(Rupiah(1)), Some(Rupiah(2)));
    }
}
