//! Everything only the server does: configuration, storage, the web surface and the CLI.

pub mod api;
pub mod backend;
pub mod catalog_cache;
pub mod cli;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod ingest;
pub mod logs;
pub mod search;
pub mod site;
pub mod telemetry;
pub mod web;
