//! Names from manifests are untrusted: quotes, `$()`, backticks, newlines.

use serde_json::json;

use super::{assert_snippets, event, subscriber};

/// Double-quoted YAML, single-quoted shell, escaped comments: nothing runs, nothing breaks out.
#[test]
fn a_hostile_sns_topic_name_is_quoted_in_yaml_shell_and_comments() {
    let e = event(
        "sns_topic",
        r#"sns:x'"$(touch /tmp/pwned)`id`
rm -rf ~ #: *&{}"#,
        r#"x'"$(touch /tmp/pwned)`id`
rm -rf ~ #: *&{}"#,
        json!({}),
        vec![subscriber(
            r#"fx'"$(touch /tmp/pwned)`id`
rm -rf ~ #: *&{}"#,
            r#"sx'"$(touch /tmp/pwned)`id`
rm -rf ~ #: *&{}"#,
            json!({"filterPolicy": {"kx'\"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{}": ["x'\"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{}"]}}),
        )],
    );
    assert_snippets(
        &e,
        &[
            (
                "serverless.yml",
                r#"functions:
  myFunction:
    # handler, runtime, ...: as for your other functions
    events:
      - sns:
          arn: "arn:aws:sns:${aws:region}:${aws:accountId}:x'\"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{}"
          # filterPolicy of fx'"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{} (sx'"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{}): {"kx'\"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{}":["x'\"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{}"]}"#,
                None,
            ),
            (
                "SAM template",
                r#"Resources:
  MyFunction:
    Type: AWS::Serverless::Function
    Properties:
      # Handler, Runtime, CodeUri, ...: as for your other functions
      Events:
        XTouchTmpPwnedIdRmRf:
          Type: SNS
          Properties:
            Topic: !Sub "arn:aws:sns:${AWS::Region}:${AWS::AccountId}:x'\"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{}"
            # FilterPolicy of fx'"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{} (sx'"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{}): {"kx'\"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{}":["x'\"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{}"]}"#,
                None,
            ),
            (
                "AWS CLI",
                r#"# Attach the existing function myFunction to the SNS topic x'"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{}.
AWS_REGION="${AWS_REGION:-$(aws configure get region)}"
AWS_ACCOUNT_ID="$(aws sts get-caller-identity --query Account --output text)"
FUNCTION_NAME=myFunction
FUNCTION_ARN="arn:aws:lambda:${AWS_REGION}:${AWS_ACCOUNT_ID}:function:${FUNCTION_NAME}"
TOPIC_ARN="arn:aws:sns:${AWS_REGION}:${AWS_ACCOUNT_ID}"':x'\''"$(touch /tmp/pwned)`id`
rm -rf ~ #: *&{}'

aws lambda add-permission --region "$AWS_REGION" \
  --function-name "$FUNCTION_NAME" \
  --statement-id sns-x-touch-tmp-pwned-id-rm-rf \
  --action lambda:InvokeFunction \
  --principal sns.amazonaws.com \
  --source-arn "$TOPIC_ARN"

# To filter like fx'"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{} (sx'"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{}), add: --attributes '{"FilterPolicy":"{\"kx'\''\\\"$(touch /tmp/pwned)`id`\\nrm -rf ~ #: *&{}\":[\"x'\''\\\"$(touch /tmp/pwned)`id`\\nrm -rf ~ #: *&{}\"]}"}'
aws sns subscribe --region "$AWS_REGION" \
  --topic-arn "$TOPIC_ARN" \
  --protocol lambda \
  --notification-endpoint "$FUNCTION_ARN""#,
                None,
            ),
        ],
    );
}

/// Pattern keys and values are quoted YAML keys/values and one single-quoted shell word.
#[test]
fn a_hostile_eventbridge_bus_and_pattern_are_quoted_everywhere() {
    let e = event(
        "eventbridge_rule",
        r#"eventbridge:x'"$(touch /tmp/pwned)`id`
rm -rf ~ #: *&{}:{}"#,
        r#"x'"$(touch /tmp/pwned)`id`
rm -rf ~ #: *&{}"#,
        json!({"bus": "x'\"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{}", "pattern": {"source": ["x'\"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{}"], "x'\"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{}": [{"prefix": "it's"}]}}),
        vec![],
    );
    assert_snippets(
        &e,
        &[
            (
                "serverless.yml",
                r#"functions:
  myFunction:
    # handler, runtime, ...: as for your other functions
    events:
      - eventBridge:
          eventBus: "arn:aws:events:${aws:region}:${aws:accountId}:event-bus/x'\"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{}"
          pattern:
            source:
              - "x'\"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{}"
            "x'\"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{}":
              - prefix: it's"#,
                Some(
                    r#"This creates a new rule with the same pattern on the same bus; existing rules and their targets are left alone."#,
                ),
            ),
            (
                "SAM template",
                r#"Resources:
  MyFunction:
    Type: AWS::Serverless::Function
    Properties:
      # Handler, Runtime, CodeUri, ...: as for your other functions
      Events:
        XTouchTmpPwnedIdRmRfRule:
          Type: EventBridgeRule
          Properties:
            EventBusName: "x'\"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{}"
            Pattern:
              source:
                - "x'\"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{}"
              "x'\"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{}":
                - prefix: it's"#,
                Some(
                    r#"This creates a new rule with the same pattern on the same bus; existing rules and their targets are left alone."#,
                ),
            ),
            (
                "AWS CLI",
                r#"# Attach the existing function myFunction to events of the EventBridge bus x'"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{}.
AWS_REGION="${AWS_REGION:-$(aws configure get region)}"
AWS_ACCOUNT_ID="$(aws sts get-caller-identity --query Account --output text)"
FUNCTION_NAME=myFunction
FUNCTION_ARN="arn:aws:lambda:${AWS_REGION}:${AWS_ACCOUNT_ID}:function:${FUNCTION_NAME}"
RULE_NAME=myFunction-x-touch-tmp-pwned-id-rm-rf-aa2ee56e
BUS_NAME='x'\''"$(touch /tmp/pwned)`id`
rm -rf ~ #: *&{}'

RULE_ARN="$(aws events put-rule --region "$AWS_REGION" \
  --name "$RULE_NAME" \
  --event-bus-name "$BUS_NAME" \
  --event-pattern '{"source":["x'\''\"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{}"],"x'\''\"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{}":[{"prefix":"it'\''s"}]}' \
  --query RuleArn --output text)"

aws lambda add-permission --region "$AWS_REGION" \
  --function-name "$FUNCTION_NAME" \
  --statement-id "$RULE_NAME" \
  --action lambda:InvokeFunction \
  --principal events.amazonaws.com \
  --source-arn "$RULE_ARN"

aws events put-targets --region "$AWS_REGION" \
  --rule "$RULE_NAME" \
  --event-bus-name "$BUS_NAME" \
  --targets "Id=1,Arn=${FUNCTION_ARN}""#,
                Some(
                    r#"This creates a new rule with the same pattern on the same bus; existing rules and their targets are left alone."#,
                ),
            ),
        ],
    );
}

// Hand-written tests below (scripts/gen_tests.py keeps them).

const H: &str = "x'\"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{}";

/// The line of `text` that starts with `prefix`.
fn line<'t>(text: &'t str, prefix: &str) -> &'t str {
    text.lines().find(|l| l.starts_with(prefix)).unwrap_or_else(|| panic!("no line {prefix:?} in:\n{text}"))
}

#[test]
fn a_hostile_bucket_and_event_kind_stay_one_quoted_word_each() {
    let e = event("s3_bucket", &format!("s3:{H}"), H, json!({"events": [H]}), vec![]);
    let s = super::super::subscribe_snippets(&e, "myFunction");
    assert_eq!(
        line(&s[0].text, "          bucket:"),
        r#"          bucket: "x'\"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{}""#
    );
    assert_eq!(s[2].text.lines().find(|l| l.starts_with("BUCKET=")), Some(r#"BUCKET='x'\''"$(touch /tmp/pwned)`id`"#));
    assert!(s[2].text.contains("\nrm -rf ~ #: *&{}'\n"), "{}", s[2].text);
    assert_eq!(
        line(&s[2].text, "  --argjson events"),
        r#"  --argjson events '["x'\''\"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{}"]' \"#
    );
}

#[test]
fn a_hostile_rest_path_is_escaped_for_jmespath_and_then_for_the_shell() {
    let path = format!("/{H}");
    let e = event(
        "http_route",
        &format!("http:api:GET {path}"),
        &format!("GET {path}"),
        json!({"method": "GET", "path": path, "api": "rest"}),
        vec![],
    );
    let s = super::super::subscribe_snippets(&e, "myFunction");
    assert_eq!(
        line(&s[2].text, "  --query 'items"),
        r#"  --query 'items[?path==`"/x'\''\"$(touch /tmp/pwned)\`id\`\nrm -rf ~ #: *&{}"`].id | [0]' --output text)""#
    );
    assert_eq!(
        line(&s[0].text, "          path:"),
        r#"          path: "/x'\"$(touch /tmp/pwned)`id`\nrm -rf ~ #: *&{}/my-function""#
    );
}

#[test]
fn a_hostile_function_name_is_quoted_in_yaml_sanitized_in_sam_and_quoted_in_shell() {
    let e = event("sns_topic", "sns:t", "t", json!({}), vec![]);
    let s = super::super::subscribe_snippets(&e, "my fn'$(x)`y`\n#");
    assert_eq!(line(&s[0].text, "  \""), r#"  "my fn'$(x)`y`\n#":"#);
    assert_eq!(line(&s[1].text, "  My"), "  MyFnXY:");
    assert_eq!(line(&s[2].text, "FUNCTION_NAME="), "FUNCTION_NAME='my fn'\\''$(x)`y`");
    assert_eq!(line(&s[2].text, "# Attach"), r"# Attach the existing function my fn'$(x)`y`\n# to the SNS topic t.");
}

#[test]
fn notes_never_contain_a_raw_line_break() {
    let e = event("sqs_queue", &format!("sqs:{H}"), H, json!({}), vec![super::subscriber(H, H, json!({}))]);
    for s in super::super::subscribe_snippets(&e, H) {
        let note = s.note.unwrap_or_default();
        assert!(!note.contains('\n'), "{note}");
    }
}
