//! financial/GLAccounts: the ledger accounts; read-only in the simulator.

use super::{EntityDef, Field, FieldType::*};

pub(crate) static GL_ACCOUNTS: EntityDef = EntityDef {
    name: "GLAccounts",
    path: "financial/GLAccounts",
    bulk: Some("bulk/Financial/GLAccounts"),
    sync: Some("sync/Financial/GLAccounts"),
    type_name: "Exact.Web.Api.Models.Financial.GLAccount",
    key: "ID",
    fields: &[
        Field::rw("BalanceSide", Text),
        Field::rw("BalanceType", Text),
        Field::rw("Code", Text),
        Field::ro("Created", DateTime),
        Field::rw("Description", Text),
        Field::ro("Division", Int32),
        Field::rw("ID", Guid),
        Field::ro("Modified", DateTime),
        Field::timestamp(),
        Field::rw("Type", Int32),
        Field::ro("TypeDescription", Text),
    ],
    deferred: &[],
    writable: false,
    mandatory_filtering: false,
    required: &[("Code", "Verplicht: Code")],
    unique_code: Some(("Code", None)),
    deleted_type: 7,
};
