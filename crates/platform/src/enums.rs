//! The mapping between a proto enum and a domain enum, written once: each context's
//! `convert` module lists its variants with [`enum_map!`](crate::enum_map).

/// Maps each listed proto variant to its domain variant and back: `$from(i32)` gives
/// `None` for UNSPECIFIED and numbers the proto does not know; `$to(domain)` gives the
/// proto variant.
#[macro_export]
macro_rules! enum_map {
    ($from:ident, $to:ident, $proto:ty, $domain:ty, { $($p:ident => $d:ident),+ $(,)? }) => {
        #[doc = concat!("Proto `", stringify!($proto), "` to domain; `None` for UNSPECIFIED or unknown.")]
        pub fn $from(value: i32) -> Option<$domain> {
            match <$proto>::try_from(value).ok()? {
                $(<$proto>::$p => Some(<$domain>::$d),)+
                _ => None,
            }
        }

        #[doc = concat!("Domain `", stringify!($domain), "` to proto.")]
        pub fn $to(value: $domain) -> $proto {
            match value {
                $(<$domain>::$d => <$proto>::$p,)+
            }
        }
    };
}
