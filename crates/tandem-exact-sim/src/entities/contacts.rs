//! crm/Contacts: people at accounts; written like Accounts but without a
//! padded code.

use super::{EntityDef, Field, FieldType::*};

pub(crate) static CONTACTS: EntityDef = EntityDef {
    name: "Contacts",
    path: "crm/Contacts",
    bulk: Some("bulk/CRM/Contacts"),
    sync: Some("sync/CRM/Contacts"),
    type_name: "Exact.Web.Api.Models.Contact",
    key: "ID",
    fields: &[
        Field::rw("Account", Guid),
        Field::rw("BirthDate", DateTime),
        Field::rw("BusinessEmail", Text),
        Field::rw("BusinessPhone", Text),
        Field::ro("Created", DateTime),
        Field::ro("Division", Int32),
        Field::rw("Email", Text),
        Field::rw("FirstName", Text),
        Field::ro("FullName", Text),
        Field::rw("ID", Guid),
        Field::rw("Initials", Text),
        Field::rw("JobTitleDescription", Text),
        Field::rw("LastName", Text),
        Field::rw("Mobile", Text),
        Field::ro("Modified", DateTime),
        Field::memo("Notes"),
        Field::timestamp(),
    ],
    deferred: &[],
    writable: true,
    mandatory_filtering: true,
    required: &[("LastName", "Verplicht: Achternaam")],
    unique_code: None,
    deleted_type: 5,
};
