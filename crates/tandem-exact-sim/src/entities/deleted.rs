//! sync/Deleted: the tombstones a sync client reads to learn what was
//! removed since its last Timestamp.

use super::{EntityDef, Field, FieldType::*};

pub(crate) static DELETED: EntityDef = EntityDef {
    name: "Deleted",
    path: "sync/Deleted",
    bulk: None,
    sync: Some("sync/Deleted"),
    type_name: "Exact.Web.Api.Models.Sync.Deleted",
    key: "ID",
    fields: &[
        Field::ro("DeletedBy", Guid),
        Field::ro("DeletedDate", DateTime),
        Field::ro("Division", Int32),
        Field::ro("EntityKey", Guid),
        Field::ro("EntityType", Int32),
        Field::ro("ID", Guid),
        Field::timestamp(),
    ],
    deferred: &[],
    writable: false,
    mandatory_filtering: false,
    required: &[],
    unique_code: None,
    deleted_type: 0,
};
