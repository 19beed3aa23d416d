//! The `switchboard` binary as a user runs it.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_switchboard");

fn stderr_lines(output: &std::process::Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stderr).lines().map(str::to_string).collect()
}

#[test]
fn serve_on_an_unreachable_postgres_prints_one_error_line_and_exits_nonzero_within_10_seconds() {
    let started = Instant::now();
    let output = Command::new(BIN)
        .args(["serve", "--database-url", "postgres://nobody@127.0.0.1:1/x", "--bind", "127.0.0.1:0"])
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
    assert!(!output.status.success());
    let lines = stderr_lines(&output);
    assert_eq!(lines.len(), 1, "expected one line, got {lines:?}");
    assert!(
        lines[0].starts_with("error: cannot connect to the database at postgres://nobody@127.0.0.1:1/x"),
        "{lines:?}"
    );
    assert!(!lines[0].contains("panicked"), "{lines:?}");
}

#[test]
fn a_modified_migration_stops_the_program_with_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("db.sqlite").display());
    let migrate = |url: &str| Command::new(BIN).args(["migrate", "--database-url", url]).output().unwrap();
    assert!(migrate(&url).status.success());
    let tamper = Command::new("python3")
        .args([
            "-c",
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"UPDATE _sqlx_migrations SET checksum = x'00'\"); c.commit()",
            &dir.path().join("db.sqlite").display().to_string(),
        ])
        .status()
        .unwrap();
    assert!(tamper.success());
    let output = migrate(&url);
    assert!(!output.status.success());
    let lines = stderr_lines(&output);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("error: database migration failed"), "{lines:?}");
}

#[test]
fn every_subcommand_has_help() {
    for subcommand in ["serve", "migrate", "demo"] {
        let output = Command::new(BIN).args([subcommand, "--help"]).output().unwrap();
        assert!(output.status.success(), "{subcommand} --help failed");
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains("--database-url"), "{subcommand} --help lacks --database-url:\n{text}");
    }
}

#[test]
fn a_malformed_environment_variable_is_named_in_the_error() {
    let output = Command::new(BIN)
        .args(["migrate", "--database-url", "sqlite::memory:"])
        .env("SWITCHBOARD_BIND", "nonsense")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let lines = stderr_lines(&output);
    assert_eq!(
        lines,
        vec![
            "error: environment variable SWITCHBOARD_BIND: \"nonsense\" is not an address like 127.0.0.1:3000"
                .to_string()
        ]
    );
}

fn write_manifest(dir: &std::path::Path, relative: &str, text: &str) {
    let path = dir.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn ingest_dry_run_prints_the_documented_json_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    write_manifest(
        &repo,
        "orders/serverless.yml",
        "service: orders\nprovider:\n  name: aws\n  runtime: nodejs20.x\n  memorySize: 256\nfunctions:\n  create:\n    handler: create.handler\n    events:\n      - httpApi: 'POST /orders'\n",
    );
    write_manifest(&repo, "broken/template.yaml", "Resources:\n  Fn:\n    Type: [\n");
    let output = Command::new(BIN)
        .args(["ingest", "--dry-run", "--format", "json", "--stage", "prod", "--data-dir"])
        .arg(dir.path().join("data"))
        .arg(&repo)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "a rejected file makes the exit code non-zero");
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).expect("stdout is one JSON document");
    let files = document["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    let broken = &files[0];
    assert_eq!(broken["path"], "repo/broken/template.yaml");
    assert_eq!(broken["status"], "error");
    assert_eq!(broken["error"]["line"], 4, "where the unclosed list runs into the end of the file");
    assert!(broken["error"]["message"].as_str().unwrap().contains("invalid YAML"), "{broken}");
    let ok = &files[1];
    assert_eq!(ok["status"], "ok");
    let service = &ok["services"][0];
    assert_eq!(
        (service["name"].as_str(), service["provider"].as_str(), service["stage"].as_str()),
        (Some("orders"), Some("aws"), Some("prod"))
    );
    let function = &service["functions"][0];
    assert_eq!(function["name"], "create");
    assert_eq!(function["runtime"], "nodejs20.x");
    assert_eq!(function["handler"], "create.handler");
    assert_eq!(function["memory_mb"], 256);
    assert_eq!(function["events"][0]["type"], "httpApi");
    assert_eq!(function["events"][0]["source"], "POST /orders");
    assert!(!dir.path().join("data").exists(), "a dry run creates no database");
}

#[test]
fn ingest_prints_a_summary_and_a_second_run_reports_everything_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    write_manifest(
        &repo,
        "a/serverless.yml",
        "service: a\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: f.h\n",
    );
    let run =
        || Command::new(BIN).args(["ingest", "--data-dir"]).arg(dir.path().join("data")).arg(&repo).output().unwrap();
    let first = run();
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    let text = String::from_utf8_lossy(&first.stdout);
    assert!(text.contains("files: 1 indexed, 0 unchanged, 0 rejected"), "{text}");
    assert!(text.contains("functions: 1 added, 0 changed, 0 removed"), "{text}");
    let second = String::from_utf8_lossy(&run().stdout).to_string();
    assert!(second.contains("files: 0 indexed, 1 unchanged, 0 rejected"), "{second}");
}
