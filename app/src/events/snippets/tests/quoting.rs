//! The quoting primitives.

use super::super::quoting::{comment_text, identifier, json_compact, kebab, logical_id, shell_quote, yaml_str};
use super::super::text::{Part, SamText, Text};
use serde_json::json;

#[test]
fn inert_shell_words_stay_bare_and_others_are_single_quoted() {
    assert_eq!(shell_quote("order-events.fifo"), "order-events.fifo");
    assert_eq!(shell_quote(""), "''");
    assert_eq!(shell_quote("a b"), "'a b'");
    assert_eq!(shell_quote("it's $(x) `y`"), r"'it'\''s $(x) `y`'");
    assert_eq!(shell_quote("-!"), "'-!'");
}

#[test]
fn yaml_strings_are_plain_only_when_they_read_back_as_the_same_string() {
    for plain in [
        "order-events",
        "s3:ObjectCreated:*",
        "cron(5 * * * ? *)",
        "/orders/{id}",
        ".json.gz",
        "x#y",
        "b1.example.com:9092",
    ] {
        assert_eq!(yaml_str(plain), plain);
    }
    for (s, quoted) in [
        ("", r#""""#),
        ("true", r#""true""#),
        ("No", r#""No""#),
        ("null", r#""null""#),
        ("~", r#""~""#),
        ("0.5", r#""0.5""#),
        ("10.0.0.1:9092", r#""10.0.0.1:9092""#),
        ("2026-01-01", r#""2026-01-01""#),
        (".inf", r#"".inf""#),
        ("+1", r#""+1""#),
        ("a: b", r#""a: b""#),
        ("a #b", r#""a #b""#),
        ("key:", r#""key:""#),
        ("$default", r#""$default""#),
        ("{x}", r#""{x}""#),
        ("*", r#""*""#),
        ("!Ref x", r#""!Ref x""#),
        ("- a", r#""- a""#),
        ("a\nb", r#""a\nb""#),
        ("q\"\\", r#"q"\"#),
        ("\"q\\", r#""\"q\\""#),
        ("\u{7f}\u{2028}", r#""\u007f\u2028""#),
    ] {
        assert_eq!(yaml_str(s), quoted, "{s:?}");
    }
}

#[test]
fn comments_cannot_be_ended_by_a_line_break() {
    assert_eq!(comment_text("a\nrm -rf ~\r\u{2028}"), r"a\nrm -rf ~\r\u{2028}");
}

#[test]
fn json_is_compact_with_sorted_keys() {
    assert_eq!(
        json_compact(&json!({"b": [1, {"d": 2, "c": "'"}], "a": null})),
        r#"{"a":null,"b":[1,{"c":"'","d":2}]}"#
    );
}

#[test]
fn names_become_identifiers_logical_ids_and_path_segments() {
    assert_eq!(identifier("sns-order events!!", 100), "sns-order-events");
    assert_eq!(identifier("abcdef", 3), "abc");
    assert_eq!(logical_id("order-events", "Event"), "OrderEvents");
    assert_eq!(logical_id("9lives", "Event"), "Event9lives");
    assert_eq!(logical_id("$$$", "Fn"), "Fn");
    assert_eq!(kebab("myFunction"), "my-function");
    assert_eq!(kebab("Order_Audit v2"), "order-audit-v2");
    assert_eq!(kebab("$$"), "new-function");
}

#[test]
fn placeholders_are_written_the_way_each_tool_spells_them() {
    let t = Text::parse("orders-${AWS::Region}-${sls:stage}");
    assert_eq!(t.serverless(), "orders-${aws:region}-${sls:stage}");
    assert_eq!(t.sam(), SamText::Sub("orders-${AWS::Region}-${sls:stage}".into()));
    assert_eq!(t.shell(), r#""orders-${AWS_REGION}-"'${sls:stage}'"#);
    assert_eq!(t.vars(), vec!["${sls:stage}".to_string()]);
    let hole = Text(vec![Part::Lit("a/".into()), Part::Hole("LABEL")]);
    assert_eq!(hole.shell(), r#""a/${LABEL:?set LABEL}""#);
    assert_eq!(Text::parse("plain").sam(), SamText::Plain("plain".into()));
    assert_eq!(Text::parse("${unclosed").literal().as_deref(), Some("${unclosed"));
    assert_eq!(Text::parse("${a${b}c}").vars(), vec!["${a${b}c}".to_string()]);
}
