//! Every request example in README.md runs against the service, and the answer the README shows
//! beside it is the answer it gets. Docs that drift fail here, not in a new user's terminal.

use crate::helpers::SendJson;
use serde_json::Value;

use crate::helpers::spawn_app;

const README: &str = include_str!("../../README.md");

/// A fenced block: its info string and its text.
fn blocks(markdown: &str) -> Vec<(&str, String)> {
    let mut out = Vec::new();
    let mut open: Option<(&str, String)> = None;
    for line in markdown.lines() {
        let fence = line.trim_start();
        match (&mut open, fence.strip_prefix("```")) {
            (None, Some(info)) => open = Some((info.trim(), String::new())),
            (Some(_), Some(_)) => out.extend(open.take()),
            (Some((_, text)), None) => {
                text.push_str(line);
                text.push('\n');
            }
            (None, None) => {}
        }
    }
    out
}

/// The headers and the body of a `curl … -H '…' -d '…'` command (single-quoted arguments, as
/// the README writes them).
fn curl_request(command: &str) -> (Vec<(String, String)>, String) {
    let joined = command.replace("\\\n", " ");
    let mut headers = Vec::new();
    let mut body = String::new();
    let mut rest = joined.as_str();
    while let Some(at) = rest.find(" -") {
        rest = &rest[at + 2..];
        let flag = rest.chars().next().unwrap_or(' ');
        // Only a flag followed by a quoted argument takes one (`-s` takes none).
        let Some(quoted) = rest[1..].strip_prefix(" '") else {
            continue;
        };
        let Some(len) = quoted.find('\'') else { break };
        let value = &quoted[..len];
        match flag {
            'H' => {
                let (name, value) = value.split_once(':').expect("a header is `Name: value`");
                headers.push((name.trim().to_owned(), value.trim().to_owned()));
            }
            'd' => body = value.to_owned(),
            _ => {}
        }
        rest = &quoted[len + 1..];
    }
    (headers, body)
}

/// The README's table of the available-numbers lists names every list of the client's table,
/// with its `for:` value and its endpoint, on one row.
#[test]
fn the_readme_lists_every_available_numbers_list() {
    let rows: Vec<&str> = README
        .lines()
        .filter(|l| {
            l.starts_with("| L |")
                || l.starts_with("| P |")
                || l.starts_with("| W |")
                || l.starts_with("| V |")
        })
        .collect();
    assert_eq!(rows.len(), callerid_graphql::webex::sources::SOURCES.len());
    for source in &callerid_graphql::webex::sources::SOURCES {
        let path = source.endpoint.label.trim_start_matches("GET /v1");
        assert!(
            rows.iter()
                .any(|r| r.contains(&format!("`{}`", source.name))
                    && r.contains(&format!("`{path}`"))),
            "README lacks the row of {} ({path})",
            source.name
        );
    }
}

#[tokio::test]
async fn every_request_example_in_the_readme_answers_what_the_readme_shows() {
    let app = spawn_app().await;
    let blocks = blocks(README);
    let mut checked = 0;
    for (i, (info, text)) in blocks.iter().enumerate() {
        // The service's own examples; the compose stack's gateway (port 4000) is run for real by
        // tests/api/deploy.rs, and its README example names a location for the reader to fill in.
        if *info != "sh" || !text.contains("curl") || !text.contains("127.0.0.1:8080/graphql") {
            continue;
        }
        let (headers, body) = curl_request(text);
        let mut request = app
            .http
            .post(&app.url)
            .body(body.clone())
            .header("content-type", "application/json");
        for (name, value) in &headers {
            request = request.header(name.as_str(), value.as_str());
        }
        let answer: Value = request.send_json().await;
        match blocks.get(i + 1) {
            Some((next, shown)) if *next == "json" => {
                let shown: Value = serde_json::from_str(shown)
                    .unwrap_or_else(|e| panic!("the README's answer is not JSON ({e}):\n{shown}"));
                assert_eq!(
                    answer, shown,
                    "README example {body}\nanswers\n{answer}\nbut the README shows\n{shown}"
                );
            }
            _ => assert!(answer["errors"].is_null(), "{body} → {answer}"),
        }
        checked += 1;
    }
    assert!(checked >= 1, "no request example found in README.md");
}

/// Every flag of `serve` has its row in the README's configuration table, with its environment
/// twin and its default as clap has them: the table cannot drift from the code.
#[test]
fn the_configuration_table_names_every_flag_with_its_env_and_default() {
    use clap::CommandFactory;
    let cli = callerid_graphql::config::Cli::command();
    let mut missing = Vec::new();
    for arg in cli.get_arguments() {
        let Some(long) = arg.get_long() else { continue };
        if ["help", "version"].contains(&long) {
            continue;
        }
        let flag = format!("| `--{long}` |");
        let Some(row) = README.lines().find(|l| l.starts_with(&flag)) else {
            missing.push(format!("--{long}: no row"));
            continue;
        };
        if let Some(env) = arg.get_env() {
            let env = env.to_string_lossy();
            if !row.contains(&format!("`{env}`")) {
                missing.push(format!("--{long}: env {env} not in {row}"));
            }
        }
        if let Some(default) = arg.get_default_values().first() {
            let default = default.to_string_lossy();
            let cells: Vec<&str> = row.split('|').map(str::trim).collect();
            let shown = cells.get(3).copied().unwrap_or_default();
            if !shown.contains(default.as_ref()) {
                missing.push(format!("--{long}: default {default} not in {shown:?}"));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
