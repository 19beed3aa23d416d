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
    assert!(lines[0].starts_with("error: cannot connect to the database at postgres://nobody@127.0.0.1:1/x"), "{lines:?}");
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
    assert_eq!(lines, vec!["error: environment variable SWITCHBOARD_BIND: \"nonsense\" is not an address like 127.0.0.1:3000".to_string()]);
}
