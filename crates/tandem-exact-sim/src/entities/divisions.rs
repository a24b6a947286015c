//! The companies a user may open, and the user itself (`current/Me`).
//!
//! These sets are computed from the division list and the user rather than
//! stored, because they depend on who asks (`Current` is the caller's
//! current division).

use super::{EntityDef, Field, FieldType::*};
use crate::dates;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// What the simulator knows about one company.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct DivisionInfo {
    pub(crate) code: i64,
    pub(crate) description: String,
    /// ISO country, unpadded ("NL", "BE").
    pub(crate) country: String,
    pub(crate) hid: i64,
    pub(crate) is_main: bool,
    /// The demo user may use it.
    pub(crate) accessible: bool,
    pub(crate) customer: String,
    pub(crate) customer_name: String,
    pub(crate) created_ms: i64,
    pub(crate) vat_number: String,
}

pub(crate) static DIVISIONS: EntityDef = DIVISIONS_BASE;

const DIVISIONS_BASE: EntityDef = EntityDef {
    name: "Divisions",
    path: "system/Divisions",
    bulk: None,
    sync: None,
    type_name: "Exact.Web.Api.System.Division",
    key: "Code",
    fields: DIVISION_FIELDS,
    deferred: &[],
    writable: false,
    mandatory_filtering: false,
    required: &[],
    unique_code: None,
    deleted_type: 0,
};

pub(crate) static ALL_DIVISIONS: EntityDef = EntityDef {
    name: "AllDivisions",
    path: "system/AllDivisions",
    type_name: "Exact.Web.Api.System.AllDivision",
    ..DIVISIONS_BASE
};

pub(crate) static HRM_DIVISIONS: EntityDef = EntityDef {
    name: "HrmDivisions",
    path: "hrm/Divisions",
    type_name: "Exact.Web.Api.Models.HRM.Division",
    fields: &[
        Field::ro("Code", Int32),
        Field::ro("Country", Text),
        Field::ro("Current", Boolean),
        Field::ro("Description", Text),
        Field::ro("Hid", Int64),
    ],
    ..DIVISIONS_BASE
};

const DIVISION_FIELDS: &[Field] = &[
    Field::ro("Code", Int32),
    Field::ro("Country", Text),
    Field::ro("Created", DateTime),
    Field::ro("Currency", Text),
    Field::ro("Current", Boolean),
    Field::ro("Customer", Guid),
    Field::ro("CustomerName", Text),
    Field::ro("Description", Text),
    Field::ro("Hid", Text),
    Field::ro("IsMainDivision", Boolean),
    Field::ro("Status", Int32),
    Field::ro("VATNumber", Text),
];

pub(crate) static ME: EntityDef = EntityDef {
    name: "Me",
    path: "current/Me",
    bulk: None,
    sync: None,
    type_name: "Exact.Web.Api.System.Me",
    key: "UserID",
    fields: &[
        Field::ro("CurrentDivision", Int32),
        Field::ro("DivisionCustomer", Guid),
        Field::ro("DivisionCustomerName", Text),
        Field::ro("Email", Text),
        Field::ro("FirstName", Text),
        Field::ro("FullName", Text),
        Field::ro("LanguageCode", Text),
        Field::ro("LastName", Text),
        Field::ro("Legislation", Int64),
        Field::ro("UserID", Guid),
        Field::ro("UserName", Text),
    ],
    deferred: &[],
    writable: false,
    mandatory_filtering: false,
    required: &[],
    unique_code: None,
    deleted_type: 0,
};

/// Rows of one of the division sets for a user whose current division is
/// `current`. `AllDivisions` also lists companies of the licence the user
/// cannot open.
pub(crate) fn division_rows(
    def: &EntityDef,
    divisions: &[&DivisionInfo],
    current: i64,
) -> Vec<Vec<Value>> {
    divisions
        .iter()
        .filter(|d| d.accessible || def.name == "AllDivisions")
        .map(|d| {
            def.fields
                .iter()
                .map(|f| match f.name {
                    "Code" => json!(d.code),
                    "Country" => json!(d.country),
                    "Created" => json!(dates::wire(d.created_ms)),
                    "Currency" => json!("EUR"),
                    "Current" => json!(d.code == current),
                    "Customer" => json!(d.customer),
                    "CustomerName" => json!(d.customer_name),
                    "Description" => json!(d.description),
                    // Hid is a string on system/Divisions, a number on hrm.
                    "Hid" if f.ty == Text => json!(d.hid.to_string()),
                    "Hid" => json!(d.hid),
                    "IsMainDivision" => json!(d.is_main),
                    "Status" => json!(1),
                    "VATNumber" => json!(d.vat_number),
                    _ => Value::Null,
                })
                .collect()
        })
        .collect()
}

/// The single `current/Me` row.
pub(crate) fn me_row(user_id: &str, current: &DivisionInfo) -> Vec<Value> {
    ME.fields
        .iter()
        .map(|f| match f.name {
            "CurrentDivision" => json!(current.code),
            "DivisionCustomer" => json!(current.customer),
            "DivisionCustomerName" => json!(current.customer_name),
            "Email" => json!("demo@tandem.example"),
            "FirstName" => json!("Demo"),
            "FullName" => json!("Demo Gebruiker"),
            "LanguageCode" => json!("nl-NL"),
            "LastName" => json!("Gebruiker"),
            "Legislation" => json!(1),
            "UserID" => json!(user_id),
            "UserName" => json!(crate::DEMO_USER),
            _ => Value::Null,
        })
        .collect()
}
