//! The words of the dashboard and the exports, in Bahasa Indonesia (the default: the
//! officers of a Dinas Sosial work in it) and English. The text lives in Fluent message
//! catalogues (`locales/id.ftl`, `locales/en.ftl`) compiled into the binary; this module
//! picks the language of a request and formats what is not a sentence: numbers,
//! money, region names with their level.

use std::sync::OnceLock;

use berdaya_platform::{RegionDirectory, RegionLevel};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::Serialize;

use crate::catalog::Indicator;
use crate::labels::{self, Values};

const ID_FTL: &str = include_str!("../locales/id.ftl");
const EN_FTL: &str = include_str!("../locales/en.ftl");

/// A language of the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum Lang {
    /// Bahasa Indonesia, the default.
    #[default]
    Id,
    /// English.
    En,
}

impl Lang {
    /// Every language, the default first.
    pub const ALL: [Lang; 2] = [Lang::Id, Lang::En];

    /// The BCP 47 code: `id` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// The other language (for the switch on every page).
    pub fn other(self) -> Lang {
        match self {
            Lang::Id => Lang::En,
            Lang::En => Lang::Id,
        }
    }

    /// The language of a tag such as `id`, `id-ID`, `in` (the old code for Indonesian),
    /// `en` or `en-GB`; `None` for any other.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "id" | "in" => Some(Lang::Id),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The preferred of our languages in an `Accept-Language` header (by its q-values,
    /// the first listed winning a tie), or `None` when it names neither.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let Some(lang) = parts.next().and_then(Lang::parse) else {
                continue;
            };
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, lang)| lang)
    }

    /// The `Intl` locale the page's script formats numbers with.
    pub fn locale(self) -> &'static str {
        match self {
            Lang::Id => "id-ID",
            Lang::En => "en-GB",
        }
    }
}

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static ID: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    static EN: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    let (cell, source, tag) = match lang {
        Lang::Id => (&ID, ID_FTL, unic_langid::langid!("id")),
        Lang::En => (&EN, EN_FTL, unic_langid::langid!("en")),
    };
    cell.get_or_init(|| {
        // The catalogues are part of the binary and checked by the tests below, so a
        // syntax error cannot reach a release; were one there, the messages it spoils
        // show as their keys instead of stopping the dashboard.
        let resource = FluentResource::try_new(source.to_owned()).unwrap_or_else(|(r, e)| {
            tracing::error!(language = lang.code(), errors = ?e, "message catalogue has errors");
            r
        });
        let mut bundle = FluentBundle::new_concurrent(vec![tag]);
        // No Unicode isolation marks around arguments: they end up in CSV cells.
        bundle.set_use_isolating(false);
        if let Err(errors) = bundle.add_resource(resource) {
            tracing::error!(
                language = lang.code(),
                ?errors,
                "message catalogue has duplicates"
            );
        }
        bundle
    })
}

/// True when the catalogue of `lang` has the message `key`.
pub fn has(lang: Lang, key: &str) -> bool {
    bundle(lang).has_message(key)
}

/// The message `key` of `lang` with `args`, or `attribute` of it; `None` when missing.
fn lookup(lang: Lang, key: &str, attribute: Option<&str>, args: &[(&str, Arg)]) -> Option<String> {
    let bundle = bundle(lang);
    let message = bundle.get_message(key)?;
    let pattern = match attribute {
        Some(name) => message.get_attribute(name)?.value(),
        None => message.value()?,
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        let value = match value {
            Arg::Text(text) => FluentValue::from(text.clone()),
            // Numbers are formatted here, Indonesian style, not by Fluent.
            Arg::Number(n) => FluentValue::from(number(lang, *n)),
        };
        fluent_args.set(*name, value);
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
    if !errors.is_empty() {
        tracing::warn!(key, ?errors, "message formatted with errors");
    }
    Some(text.into_owned())
}

/// An argument of a message.
#[derive(Debug, Clone)]
pub enum Arg {
    /// Text, as is.
    Text(String),
    /// A count, grouped in the language's style.
    Number(i64),
}

/// The message `key` (its key itself when a catalogue lacks it: the tests make sure none
/// does).
pub fn text(lang: Lang, key: &str) -> String {
    text_with(lang, key, &[])
}

/// The message `key` with arguments.
pub fn text_with(lang: Lang, key: &str, args: &[(&str, Arg)]) -> String {
    lookup(lang, key, None, args).unwrap_or_else(|| key.to_owned())
}

/// A whole number grouped by thousands: `1.234.567` in Indonesian, `1,234,567` in
/// English.
pub fn number(lang: Lang, value: i64) -> String {
    let separator = match lang {
        Lang::Id => '.',
        Lang::En => ',',
    };
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(ch);
    }
    out
}

/// A figure in its unit: money as `Rp 1.234.567`, everything else as a number.
pub fn figure(lang: Lang, indicator: &Indicator, value: i64) -> String {
    if indicator.unit == "rupiah" {
        format!("Rp {}", number(lang, value))
    } else {
        number(lang, value)
    }
}

fn indicator_key(indicator: &Indicator) -> String {
    format!("ind-{}", indicator.id.replace('.', "-"))
}

/// The title of an indicator.
pub fn indicator_title(lang: Lang, indicator: &Indicator) -> String {
    lookup(lang, &indicator_key(indicator), None, &[]).unwrap_or_else(|| indicator.id.to_owned())
}

/// The unit of an indicator, for people.
pub fn indicator_unit(lang: Lang, indicator: &Indicator) -> String {
    lookup(lang, &indicator_key(indicator), Some("unit"), &[])
        .unwrap_or_else(|| indicator.unit.to_owned())
}

/// The label of one value of an indicator's dimension (`FAMILY_DEVELOPMENT_SESSION` →
/// `P2K2`); codes that data defines (rights, certificates) stay as they are.
pub fn dimension_value(lang: Lang, indicator: &Indicator, value: &str) -> String {
    if value.is_empty() {
        return text(lang, "total");
    }
    let numeric = || value.trim().parse::<i64>().ok();
    match labels::values(indicator.id) {
        Values::Enum { set, .. } => lookup(lang, &format!("value-{set}-{value}"), None, &[])
            .unwrap_or_else(|| value.to_owned()),
        Values::Decile => numeric().map_or_else(
            || value.to_owned(),
            |n| text_with(lang, "value-decile", &[("n", Arg::Number(n))]),
        ),
        Values::Days => numeric().map_or_else(
            || value.to_owned(),
            |n| text_with(lang, "value-days", &[("n", Arg::Number(n))]),
        ),
        Values::Codes | Values::None => value.to_owned(),
    }
}

/// The title of strategy `n` (0 = the registry).
pub fn strategy(lang: Lang, n: i32) -> String {
    text(lang, &format!("strategy-{n}"))
}

/// The name of a level (`Kecamatan`).
pub fn level(lang: Lang, level: RegionLevel) -> String {
    text(lang, &format!("level-{}", level.as_str()))
}

/// A region's name with its level, so that a kecamatan and a kelurahan of the same name
/// are told apart: `Kecamatan Karang Pilang`, `Kelurahan Karang Pilang`.
pub fn region_name(lang: Lang, regions: &RegionDirectory, code: &str) -> String {
    let Some(region) = regions.get(code) else {
        return code.to_owned();
    };
    let key = match region.level {
        RegionLevel::Village => {
            // The village number's first digit: 1 kelurahan, 2 desa, 3 desa adat.
            let kind = code.rsplit('.').next().and_then(|n| n.chars().next());
            format!("region-village-{}", kind.unwrap_or('2'))
        }
        level => format!("region-{}", level.as_str()),
    };
    text_with(lang, &key, &[("name", Arg::Text(region.name.clone()))])
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::catalog;

    /// The message ids of a catalogue: every line `id = ...` that starts a message.
    fn keys(source: &str) -> BTreeSet<String> {
        source
            .lines()
            .filter(|line| line.starts_with(|c: char| c.is_ascii_alphabetic()))
            .filter_map(|line| line.split_once(" =").map(|(id, _)| id.trim().to_owned()))
            .collect()
    }

    #[test]
    fn both_catalogues_parse_and_have_the_same_messages() {
        FluentResource::try_new(ID_FTL.to_owned()).expect("id.ftl parses");
        FluentResource::try_new(EN_FTL.to_owned()).expect("en.ftl parses");
        let (id, en) = (keys(ID_FTL), keys(EN_FTL));
        let only_id: Vec<_> = id.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&id).collect();
        assert!(only_id.is_empty(), "only in id.ftl: {only_id:?}");
        assert!(only_en.is_empty(), "only in en.ftl: {only_en:?}");
    }

    #[test]
    fn every_indicator_has_a_title_and_unit_in_both_languages() {
        for indicator in catalog::all() {
            for lang in Lang::ALL {
                let key = indicator_key(indicator);
                assert!(
                    lookup(lang, &key, None, &[]).is_some(),
                    "{lang:?} lacks {key}"
                );
                assert!(
                    lookup(lang, &key, Some("unit"), &[]).is_some(),
                    "{lang:?} lacks {key}.unit"
                );
            }
        }
    }

    #[test]
    fn every_enum_value_has_an_indonesian_and_an_english_label() {
        let mut checked = 0;
        for indicator in catalog::all() {
            if let Values::Enum { set, values } = labels::values(indicator.id) {
                for value in values() {
                    for lang in Lang::ALL {
                        let key = format!("value-{set}-{value}");
                        assert!(has(lang, &key), "{lang:?} lacks {key} ({})", indicator.id);
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 150, "only {checked} labels checked");
        let p2k2 = catalog::find("participation.activities_held").unwrap();
        assert_eq!(
            dimension_value(Lang::Id, p2k2, "FAMILY_DEVELOPMENT_SESSION"),
            "P2K2"
        );
        assert_eq!(
            dimension_value(Lang::En, p2k2, "FAMILY_DEVELOPMENT_SESSION"),
            "P2K2 family development session"
        );
    }

    #[test]
    fn every_split_indicator_says_what_its_values_are() {
        for indicator in catalog::all() {
            let values = labels::values(indicator.id);
            assert_eq!(
                indicator.dimension.is_empty(),
                matches!(values, Values::None),
                "{} (dimension {:?}) has {values:?}",
                indicator.id,
                indicator.dimension
            );
        }
    }

    #[test]
    fn the_language_comes_from_a_tag_or_the_browser() {
        assert_eq!(Lang::parse("id-ID"), Some(Lang::Id));
        assert_eq!(Lang::parse("in"), Some(Lang::Id));
        assert_eq!(Lang::parse("EN_gb"), Some(Lang::En));
        assert_eq!(Lang::parse("jv"), None);
        assert_eq!(
            Lang::from_accept_language("en-US,en;q=0.9,id;q=0.8"),
            Some(Lang::En)
        );
        assert_eq!(
            Lang::from_accept_language("jv, id;q=0.7, en;q=0.3"),
            Some(Lang::Id)
        );
        assert_eq!(Lang::from_accept_language("fr, de;q=0.5"), None);
        assert_eq!(
            Lang::from_accept_language("en;q=0, id;q=0.1"),
            Some(Lang::Id)
        );
    }

    #[test]
    fn numbers_money_and_regions_read_as_each_language_writes_them() {
        assert_eq!(number(Lang::Id, 1_234_567), "1.234.567");
        assert_eq!(number(Lang::En, 1_234_567), "1,234,567");
        assert_eq!(number(Lang::Id, -1500), "-1.500");
        assert_eq!(number(Lang::Id, 999), "999");
        let deposits = catalog::find("savings.deposits").unwrap();
        assert_eq!(figure(Lang::Id, deposits, 2_500_000), "Rp 2.500.000");
        let regions = RegionDirectory::embedded();
        assert_eq!(
            region_name(Lang::Id, regions, "35.78.01"),
            "Kecamatan Karang Pilang"
        );
        assert_eq!(
            region_name(Lang::Id, regions, "35.78.01.1001"),
            "Kelurahan Karang Pilang"
        );
        assert_eq!(region_name(Lang::Id, regions, "35"), "Provinsi Jawa Timur");
        assert_eq!(region_name(Lang::En, regions, "35"), "Jawa Timur Province");
        assert_eq!(region_name(Lang::Id, regions, "35.78"), "Kota Surabaya");
        assert_eq!(
            text_with(
                Lang::Id,
                "median-days",
                &[("days", Arg::Number(22)), ("cases", Arg::Number(1200))]
            ),
            "Median: 22 hari (1.200 kasus pada periode ini)"
        );
    }
}
