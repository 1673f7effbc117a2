//! The dashboard's HTML templates (`templates/*.html`, compiled into the binary), with
//! minijinja: auto-escaping for every value, and `t("key")` for the words of the page
//! in the request's language.

use std::sync::OnceLock;

use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, State};
use serde::Serialize;

use crate::i18n::{self, Lang};

const TEMPLATES: [(&str, &str); 5] = [
    ("base.html", include_str!("../../templates/base.html")),
    ("message.html", include_str!("../../templates/message.html")),
    ("login.html", include_str!("../../templates/login.html")),
    (
        "national.html",
        include_str!("../../templates/national.html"),
    ),
    ("region.html", include_str!("../../templates/region.html")),
];

/// `t("key")`: the message of the page's language (the `lang` variable).
fn translate(state: &State<'_, '_>, key: &str) -> String {
    let lang = state
        .lookup("lang")
        .and_then(|v| v.as_str().and_then(Lang::parse))
        .unwrap_or_default();
    i18n::text(lang, key)
}

/// Writes a value into the page: markup-safe values (`tojson`) as they are, everything
/// else HTML-escaped (`& < > " '`; minijinja's own escaper also turns `/` into `&#x2f;`,
/// which is safe but makes every link unreadable in the source).
fn html_formatter(
    out: &mut minijinja::Output<'_>,
    _: &State<'_, '_>,
    value: &Value,
) -> Result<(), minijinja::Error> {
    let text = if value.is_none() || value.is_undefined() {
        String::new()
    } else if value.is_safe() {
        value.to_string()
    } else {
        escape(&value.to_string())
    };
    out.write_str(&text).map_err(|e| {
        minijinja::Error::new(minijinja::ErrorKind::WriteFailure, "writing the page").with_source(e)
    })
}

/// Escapes text for HTML element content and (quoted) attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

fn environment() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        // Every template is HTML: escape everything, whatever the file name says.
        env.set_auto_escape_callback(|_| AutoEscape::Html);
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        env.set_formatter(html_formatter);
        env.add_function("t", translate);
        for (name, source) in TEMPLATES {
            if let Err(error) = env.add_template(name, source) {
                // Checked by the tests below: a release cannot carry a broken template.
                tracing::error!(template = name, %error, "dashboard template does not parse");
            }
        }
        env
    })
}

/// What every page has: its language, title, the link to the other language, and
/// whether someone is signed in (for the sign-out button).
#[derive(Debug, Serialize)]
pub(super) struct Chrome {
    /// `id` or `en`.
    pub(super) lang: &'static str,
    /// The other language's code.
    pub(super) other_lang: &'static str,
    /// The same page in the other language.
    pub(super) switch_href: String,
    /// The page title.
    pub(super) title: String,
    /// True when a session is open.
    pub(super) signed_in: bool,
}

impl Chrome {
    /// The chrome of the page at `path` (with its query `query`, without `lang`).
    pub(super) fn new(lang: Lang, title: String, path: &str, query: &str, signed_in: bool) -> Self {
        let other = lang.other();
        let kept: Vec<&str> = query
            .split('&')
            .filter(|pair| {
                !pair.is_empty() && !pair.starts_with("lang=") && !pair.starts_with("token=")
            })
            .collect();
        let mut switch_href = format!("{path}?lang={}", other.code());
        for pair in kept {
            switch_href.push('&');
            switch_href.push_str(pair);
        }
        Self {
            lang: lang.code(),
            other_lang: other.code(),
            switch_href,
            title,
            signed_in,
        }
    }
}

/// Renders `template` with the chrome and the page's own values (`page`, flattened into
/// the template's variables).
///
/// # Errors
/// When the template fails (a missing variable: a bug the tests catch).
pub(super) fn render<P: Serialize>(
    template: &str,
    chrome: &Chrome,
    page: &P,
) -> Result<String, minijinja::Error> {
    let context = minijinja::context! {
        ..Value::from_serialize(chrome),
        ..Value::from_serialize(page)
    };
    environment().get_template(template)?.render(context)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_parses() {
        let env = environment();
        for (name, _) in TEMPLATES {
            env.get_template(name)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    #[test]
    fn values_are_escaped_and_words_translated() {
        let chrome = Chrome::new(
            Lang::Id,
            "<b>x</b>".into(),
            "/region/35",
            "from=2026-01&lang=en",
            false,
        );
        let html = render(
            "message.html",
            &chrome,
            &minijinja::context! { message => "<script>alert(1)</script>", reference => "" },
        )
        .unwrap();
        assert!(html.contains("<html lang=\"id\">"), "{html}");
        assert!(
            html.contains("<title>&lt;b&gt;x&lt;/b&gt; · Berdaya</title>"),
            "{html}"
        );
        assert!(html.contains("&lt;script&gt;alert(1)"), "{html}");
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(html.contains("Kembali ke halaman utama"), "{html}");
        assert!(
            html.contains("href=\"/region/35?lang=en&amp;from=2026-01\""),
            "{html}"
        );
    }
}
