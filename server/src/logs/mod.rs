//! Function logs and what they are worth: where logs come from ([`source`]: CloudWatch Logs or
//! the local store), REPORT-line parsing ([`report`]), prices ([`cost`]), roll-ups per hour and
//! day ([`rollup`], [`histogram`]), the background [`puller`] and the local [`filter`] syntax.

pub mod cloudwatch;
pub mod command;
pub mod cost;
pub mod error;
pub mod file;
pub mod filter;
pub mod histogram;
pub mod local;
pub mod newest;
pub mod puller;
pub mod ranking;
pub mod report;
pub mod retry;
pub mod rightsizing;
pub mod rollup;
pub mod service;
pub mod setup;
pub mod source;
pub mod timeline;

pub use error::LogError;
pub use source::{LogEvent, LogPage, LogQuery, LogSource, LogTarget};
