//! Server functions for the services pages.

use leptos::prelude::*;

use crate::catalog::model::{ServiceDetail, ServiceList, ServiceListQuery};
use crate::error::AppError;

/// A page of services under `query`, with facet counts.
#[server(endpoint = "services")]
pub async fn list_services(query: ServiceListQuery) -> Result<ServiceList, AppError> {
    crate::backend::expect_backend()?.services(&query).await
}

/// One service with its functions and events.
#[server(endpoint = "service")]
pub async fn get_service(id: i64, include_removed: bool) -> Result<ServiceDetail, AppError> {
    crate::backend::expect_backend()?.service(id, include_removed).await
}
