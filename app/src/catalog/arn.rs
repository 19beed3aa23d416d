//! Amazon Resource Names as manifests write them: possibly with `${...}` placeholders inside.

/// The fields of an ARN, split on `:` outside `${...}` placeholders, which stay whole:
/// `arn:aws:sns:${AWS::Region}:123:orders` has six fields.
pub fn arn_fields(arn: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    let bytes = arn.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' if depth > 0 => depth -= 1,
            b':' if depth == 0 => {
                out.push(&arn[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    out.push(&arn[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::arn_fields;

    #[test]
    fn placeholders_with_colons_stay_one_field() {
        assert_eq!(
            arn_fields("arn:aws:sns:${AWS::Region}:${AWS::AccountId}:orders"),
            ["arn", "aws", "sns", "${AWS::Region}", "${AWS::AccountId}", "orders"]
        );
        assert_eq!(arn_fields("arn:aws:sqs:us-east-1:1:q"), ["arn", "aws", "sqs", "us-east-1", "1", "q"]);
        assert_eq!(arn_fields("plain"), ["plain"]);
    }
}
