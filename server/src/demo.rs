//! The demo organization: manifests shipped in the repository, loaded through ingestion.

use crate::db::Database;

/// Loads the demo organization into `db`.
pub async fn load(_db: &Database) -> Result<String, String> {
    Ok("nothing yet".into())
}
