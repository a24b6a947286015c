//! The entity catalog: which entity sets exist, under which paths, with
//! which fields of which types.
//!
//! One table of field definitions drives reading (projection, `$select`),
//! `$filter` type checks, and write validation, so the endpoints cannot
//! disagree about what an Account is.

mod accounts;
mod contacts;
mod deleted;
mod divisions;
mod gl_accounts;
mod items;

pub(crate) use divisions::{division_rows, me_row, DivisionInfo};

/// The Edm type of a field, which decides its JSON form and how `$filter`
/// compares it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FieldType {
    Guid,
    Text,
    Int32,
    Int64,
    Double,
    /// A real JSON boolean.
    Boolean,
    /// Edm.Byte flags, sent as the numbers 0/1.
    Byte,
    /// `"/Date(ms)/"`.
    DateTime,
}

impl FieldType {
    /// The CLR type name the real service puts in `$filter` errors.
    pub(crate) fn clr_name(self) -> &'static str {
        match self {
            FieldType::Guid => "System.Guid",
            FieldType::Text => "System.String",
            FieldType::Int32 => "System.Int32",
            FieldType::Int64 => "System.Int64",
            FieldType::Double => "System.Double",
            FieldType::Boolean => "System.Boolean",
            FieldType::Byte => "System.Byte",
            FieldType::DateTime => "System.DateTime",
        }
    }

    /// The Edm name used in write-conversion errors.
    pub(crate) fn edm_name(self) -> &'static str {
        match self {
            FieldType::Guid => "Edm.Guid",
            FieldType::Text => "Edm.String",
            FieldType::Int32 => "Edm.Int32",
            FieldType::Int64 => "Edm.Int64",
            FieldType::Double => "Edm.Double",
            FieldType::Boolean => "Edm.Boolean",
            FieldType::Byte => "Edm.Byte",
            FieldType::DateTime => "Edm.DateTime",
        }
    }
}

/// One property of an entity.
#[derive(Debug)]
pub(crate) struct Field {
    pub(crate) name: &'static str,
    pub(crate) ty: FieldType,
    /// `$filter` may use it on standard and bulk endpoints.
    pub(crate) filterable: bool,
    /// A client may set it on POST/PUT; others are silently ignored, as the
    /// real service does with computed properties.
    pub(crate) writable: bool,
    /// Only sync endpoints return it (Timestamp).
    pub(crate) sync_only: bool,
}

impl Field {
    pub(crate) const fn rw(name: &'static str, ty: FieldType) -> Field {
        Field {
            name,
            ty,
            filterable: true,
            writable: true,
            sync_only: false,
        }
    }
    pub(crate) const fn ro(name: &'static str, ty: FieldType) -> Field {
        Field {
            name,
            ty,
            filterable: true,
            writable: false,
            sync_only: false,
        }
    }
    /// Writable but not filterable (long texts).
    pub(crate) const fn memo(name: &'static str) -> Field {
        Field {
            name,
            ty: FieldType::Text,
            filterable: false,
            writable: true,
            sync_only: false,
        }
    }
    pub(crate) const fn timestamp() -> Field {
        Field {
            name: "Timestamp",
            ty: FieldType::Int64,
            filterable: true,
            writable: false,
            sync_only: true,
        }
    }
}

/// An entity set.
#[derive(Debug)]
pub(crate) struct EntityDef {
    /// Table name in the store and in `/_sim/divisions/{d}/{entity}`.
    pub(crate) name: &'static str,
    /// Standard path, e.g. `crm/Accounts`.
    pub(crate) path: &'static str,
    /// Bulk path, e.g. `bulk/CRM/Accounts`.
    pub(crate) bulk: Option<&'static str>,
    /// Sync path, e.g. `sync/CRM/Accounts`.
    pub(crate) sync: Option<&'static str>,
    /// `__metadata.type`.
    pub(crate) type_name: &'static str,
    /// Key property.
    pub(crate) key: &'static str,
    /// Properties in the order they are sent.
    pub(crate) fields: &'static [Field],
    /// Navigation properties, sent as `__deferred`.
    pub(crate) deferred: &'static [&'static str],
    /// POST/PUT/DELETE allowed.
    pub(crate) writable: bool,
    /// Unfiltered standard GETs are refused under mandatory filtering.
    pub(crate) mandatory_filtering: bool,
    /// Properties a POST must fill, with the message of the real service.
    pub(crate) required: &'static [(&'static str, &'static str)],
    /// Code property kept unique per division (and its padded width, if any).
    pub(crate) unique_code: Option<(&'static str, Option<usize>)>,
    /// Exact's EntityType number in `sync/Deleted`.
    pub(crate) deleted_type: i64,
}

impl EntityDef {
    pub(crate) fn field_index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }

    /// Index of a field, ignoring case (the real service's OData parser is
    /// case-sensitive, so this is for the control surface only).
    pub(crate) fn key_index(&self) -> usize {
        self.field_index(self.key).unwrap_or(0)
    }
}

/// Which flavour of an entity set a path names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Variant {
    Standard,
    Bulk,
    Sync,
}

impl Variant {
    /// Rows per page.
    pub(crate) fn page_size(self) -> usize {
        match self {
            Variant::Standard => 60,
            Variant::Bulk | Variant::Sync => 1000,
        }
    }
}

/// Every stored entity set.
pub(crate) static STORED: &[&EntityDef] = &[
    &accounts::ACCOUNTS,
    &contacts::CONTACTS,
    &items::ITEMS,
    &gl_accounts::GL_ACCOUNTS,
    &deleted::DELETED,
];

/// Entity sets computed from the user and the divisions.
pub(crate) static COMPUTED: &[&EntityDef] = &[
    &divisions::DIVISIONS,
    &divisions::ALL_DIVISIONS,
    &divisions::HRM_DIVISIONS,
];

pub(crate) use divisions::ME;

/// The entity set a path (segments after the division) names, matched
/// without regard to case as the real service does.
pub(crate) fn resolve(path: &str) -> Option<(&'static EntityDef, Variant)> {
    let eq = |a: &str| a.eq_ignore_ascii_case(path);
    for def in STORED.iter().chain(COMPUTED.iter()) {
        if eq(def.path) && def.name != "Deleted" {
            return Some((def, Variant::Standard));
        }
        if def.bulk.is_some_and(eq) {
            return Some((def, Variant::Bulk));
        }
        if def.sync.is_some_and(eq) {
            return Some((def, Variant::Sync));
        }
    }
    None
}

/// A stored entity set by its table name.
pub(crate) fn stored(name: &str) -> Option<&'static EntityDef> {
    STORED
        .iter()
        .copied()
        .find(|d| d.name.eq_ignore_ascii_case(name))
}

/// `Code` values of accounts: right-aligned, space-padded.
pub(crate) fn pad_left(code: &str, width: usize) -> String {
    format!("{code:>width$}")
}
