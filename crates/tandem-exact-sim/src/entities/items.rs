//! logistics/Items: articles; read-only in the simulator.

use super::{EntityDef, Field, FieldType::*};

pub(crate) static ITEMS: EntityDef = EntityDef {
    name: "Items",
    path: "logistics/Items",
    bulk: Some("bulk/Logistics/Items"),
    sync: Some("sync/Logistics/Items"),
    type_name: "Exact.Web.Api.Models.Logistics.Item",
    key: "ID",
    fields: &[
        Field::rw("Barcode", Text),
        Field::rw("Code", Text),
        Field::rw("CostPriceStandard", Double),
        Field::ro("Created", DateTime),
        Field::rw("Description", Text),
        Field::ro("Division", Int32),
        Field::rw("ID", Guid),
        Field::rw("IsPurchaseItem", Boolean),
        Field::rw("IsSalesItem", Boolean),
        Field::rw("IsStockItem", Boolean),
        Field::rw("IsWebshopItem", Byte),
        Field::ro("Modified", DateTime),
        Field::rw("StartDate", DateTime),
        Field::timestamp(),
        Field::rw("Unit", Text),
    ],
    deferred: &["ItemExtraFields"],
    writable: false,
    mandatory_filtering: true,
    required: &[
        ("Code", "Verplicht: Code"),
        ("Description", "Verplicht: Omschrijving"),
    ],
    unique_code: Some(("Code", None)),
    deleted_type: 9,
};
