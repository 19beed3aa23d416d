//! The one error type the browser sees from any server function.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// What went wrong, in terms a page can show. Never carries SQL, AWS or stack-trace text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The thing asked for does not exist.
    #[error("{what} was not found")]
    NotFound {
        /// What was looked for, e.g. "service orders-api".
        what: String,
    },
    /// The caller may not do this.
    #[error("you are not allowed to do this")]
    Forbidden,
    /// An input was rejected; `field` names it and `message` says what to fix.
    #[error("{field}: {message}")]
    Invalid {
        /// The input field that was rejected.
        field: String,
        /// What is wrong with it and what to change.
        message: String,
    },
    /// A dependency (database, CloudWatch) is unreachable; `what` says what to check.
    #[error("temporarily unavailable: {what}")]
    Unavailable {
        /// What failed and what to check.
        what: String,
    },
    /// The request between browser and server failed (network, encoding).
    #[error("request failed: {0}")]
    Request(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Request(value.to_string())
    }
}
