//! Hostile and broken input: never a panic, always a clear error.

use std::path::Path;

use super::super::*;
use super::{corpus_files, parse_corpus_file};

fn parse(name: &str, text: &str) -> Result<ParsedService, ManifestError> {
    let opts = ParseOptions { fallback_service_name: "svc".into(), ..ParseOptions::default() };
    parse_manifest(Path::new(name), text, &opts, &NoFiles)
}

/// Small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[test]
fn truncated_and_garbled_corpus_files_never_panic() {
    let files = corpus_files();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for path in files.iter().step_by(7) {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let name = if path.ends_with("serverless.yml") { "serverless.yml" } else { "template.yaml" };
        for _ in 0..3 {
            let mut cut = rng.below(text.len());
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let _ = parse(name, &text[..cut]);
        }
        let mut bytes = text.clone().into_bytes();
        for _ in 0..8 {
            let i = rng.below(bytes.len());
            let noise = b"{}[]:-&*!|>'\"#%@`,?\n\t ";
            bytes[i] = noise[rng.below(noise.len())];
        }
        let _ = parse(name, &String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = Rng(42);
    for round in 0..300 {
        let len = rng.below(400);
        let bytes: Vec<u8> = (0..len).map(|_| (rng.next() & 0xff) as u8).collect();
        let text = String::from_utf8_lossy(&bytes);
        let name = if round % 2 == 0 { "serverless.yml" } else { "template.json" };
        let _ = parse(name, &text);
    }
}

#[test]
fn yaml_shaped_noise_never_panics() {
    let pieces = [
        "a:",
        " b",
        "\n",
        "  ",
        "- ",
        "[",
        "]",
        "{",
        "}",
        ",",
        "&x ",
        "*x",
        "!Ref ",
        "!GetAtt ",
        "${self:a}",
        "'",
        "\"",
        "|",
        ">",
        "#",
        "? ",
        "<<: ",
        "Resources:",
        "functions:",
        "events:",
        "- sqs:",
    ];
    let mut rng = Rng(7);
    for _ in 0..2000 {
        let n = rng.below(40);
        let text: String = (0..n).map(|_| pieces[rng.below(pieces.len())]).collect();
        let _ = parse("serverless.yml", &text);
        let _ = parse("template.yaml", &text);
    }
}

#[test]
fn input_larger_than_max_bytes_is_refused() {
    let opts = ParseOptions { max_bytes: 10, ..ParseOptions::default() };
    let err = parse_manifest(Path::new("template.yaml"), "Resources: {}\n", &opts, &NoFiles).expect_err("too big");
    assert!(err.message.contains("more than the limit of 10 bytes"), "{err}");
}

#[test]
fn billion_laughs_alias_bomb_is_refused_with_a_line() {
    let mut text =
        String::from("a0: &a0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 9].join(", ");
        text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    let err = parse("template.yaml", &text).expect_err("bomb");
    assert!(err.message.contains("alias bomb"), "{err}");
    assert!(err.line.is_some());
}

#[test]
fn nesting_deeper_than_128_levels_is_refused() {
    let flow = format!("Resources: {}{}\n", "[".repeat(200), "]".repeat(200));
    let err = parse("template.yaml", &flow).expect_err("deep");
    assert!(err.message.contains("nested more than 128 levels"), "{err}");
    assert_eq!(err.line, Some(1));

    let mut block = String::new();
    for depth in 0..150 {
        block.push_str(&" ".repeat(depth * 2));
        block.push_str(&format!("k{depth}:\n"));
    }
    let err = parse("template.yaml", &block).expect_err("deep");
    assert!(err.message.contains("nested more than 128 levels"), "{err}");
}

#[test]
fn recursive_alias_is_an_error_not_a_hang() {
    let err = parse("template.yaml", "a: &x\n  b: *x\n").expect_err("recursive");
    assert!(err.line.is_some(), "{err}");
}

#[test]
fn syntax_errors_say_where_and_display_as_line_and_column() {
    let err = parse("template.yaml", "Resources:\n  A: [1, 2\n").expect_err("bad");
    assert!(err.line.is_some() && err.column.is_some());
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!("line {}, column {}: invalid YAML", err.line.unwrap_or(0), err.column.unwrap_or(0))),
        "{shown}"
    );
}

#[test]
fn empty_file_is_rejected_in_plain_words() {
    let err = parse("template.yaml", "# nothing here\n").expect_err("empty");
    assert!(err.message.contains("no content"), "{err}");
}

#[test]
fn flow_collection_closed_at_parent_indentation_is_accepted_like_pyyaml() {
    let text = "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: a.b\n      Policies:\n        - Statement:\n          - Effect: Allow\n            Action: [\n              \"sns:Publish\"\n            ]\n            Resource: !Ref T\n  T:\n    Type: AWS::SNS::Topic\n";
    let s = parse("template.yaml", text).expect("lenient");
    assert_eq!(s.functions[0].publishes, vec![EventKey("sns:svc/T".into())]);
}

#[test]
fn self_referencing_variables_do_not_hang() {
    let text = "service: s\nprovider:\n  name: aws\ncustom:\n  a: ${self:custom.b}\n  b: ${self:custom.a}\nfunctions:\n  f:\n    handler: h\n    description: ${self:custom.a}\n";
    let s = parse("serverless.yml", text).expect("parses");
    assert_eq!(s.functions[0].description.as_deref(), Some("${self:custom.a}"));
}

#[test]
fn exponential_variable_expansion_is_bounded() {
    let mut text = String::from("service: s\nprovider:\n  name: aws\ncustom:\n  v0: xxxxxxxxxxxxxxxx\n");
    for i in 1..40 {
        text.push_str(&format!("  v{i}: ${{self:custom.v{p}}}${{self:custom.v{p}}}\n", p = i - 1));
    }
    text.push_str("functions:\n  f:\n    handler: h\n    description: ${self:custom.v39}\n");
    let start = std::time::Instant::now();
    let result = parse("serverless.yml", &text);
    assert!(start.elapsed().as_secs() < 5);
    if let Ok(s) = result {
        assert!(s.functions[0].description.as_ref().is_some_and(|d| d.len() <= 2 * 1024 * 1024));
    }
}

#[test]
fn a_corpus_file_that_is_malformed_reports_its_line() {
    let path = Path::new(super::CORPUS).join("rds-sns-event-notification/template.yaml");
    let err = parse_corpus_file(&path).expect_err("malformed");
    assert_eq!(err.line, Some(3));
}

#[test]
fn aliases_cannot_stack_nesting_past_the_depth_limit() {
    let mut text = format!("a0: &a0 {}x{}\n", "[".repeat(100), "]".repeat(100));
    for i in 1..6 {
        text.push_str(&format!("a{i}: &a{i} {}*a{}{}\n", "[".repeat(100), i - 1, "]".repeat(100)));
    }
    let err = parse("template.yaml", &text).expect_err("deep through aliases");
    assert!(err.message.contains("nested more than 128 levels"), "{err}");
}

#[test]
fn variables_cannot_stack_nesting_past_the_depth_limit() {
    let deep = |inner: &str| format!("{}{inner}{}", "[".repeat(100), "]".repeat(100));
    let text = format!(
        "service: s\nprovider:\n  name: aws\ncustom:\n  a: {}\n  b: {}\nfunctions:\n  f:\n    handler: h\n",
        deep("x"),
        deep("\"${self:custom.a}\"")
    );
    let err = parse("serverless.yml", &text).expect_err("deep through variables");
    assert!(err.message.contains("more than 128 levels"), "{err}");
}
