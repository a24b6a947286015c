//! The tables themselves, as data. Columns follow Exact Online's REST
//! reference for the fields Tandem uses; more can be added freely.

use super::{Column, ColumnType, ColumnType::*, Endpoints, Table};

const F: u8 = 1; // filterable
const W: u8 = 2; // writable
const R: u8 = 4; // required on POST
const S: u8 = 8; // sync endpoints only

fn col(name: &str, column_type: ColumnType, flags: u8) -> Column {
    Column {
        name: name.into(),
        column_type,
        filterable: flags & F != 0,
        writable: flags & W != 0,
        required: flags & R != 0,
        padded_width: None,
        sync_only: flags & S != 0,
    }
}

fn padded(mut c: Column, width: usize) -> Column {
    c.padded_width = Some(width);
    c
}

struct Spec<'a> {
    schema: &'a str,
    name: &'a str,
    description: &'a str,
    standard: &'a str,
    bulk: Option<&'a str>,
    sync: Option<&'a str>,
    key: &'a str,
    writable: bool,
    mandatory_filtering: bool,
    divisionless: bool,
}

fn table(s: Spec<'_>, columns: Vec<Column>) -> Table {
    Table {
        catalog: "ExactOnlineREST".into(),
        schema: s.schema.into(),
        name: s.name.into(),
        description: s.description.into(),
        endpoints: Endpoints {
            standard: s.standard.into(),
            bulk: s.bulk.map(Into::into),
            sync: s.sync.map(Into::into),
        },
        key: s.key.into(),
        columns,
        divisionless: s.divisionless,
        writable: s.writable,
        mandatory_filtering: s.mandatory_filtering,
    }
}

fn spec<'a>(schema: &'a str, name: &'a str, standard: &'a str, key: &'a str) -> Spec<'a> {
    Spec {
        schema,
        name,
        description: "",
        standard,
        bulk: None,
        sync: None,
        key,
        writable: false,
        mandatory_filtering: false,
        divisionless: false,
    }
}

pub(super) fn all() -> Vec<Table> {
    vec![
        table(
            Spec {
                description: "Companies (divisions) the user may open",
                ..spec("System", "SystemDivisions", "system/Divisions", "Code")
            },
            vec![
                col("Code", Int, F),
                col("Country", Text, F),
                col("Created", Datetime, F),
                col("Currency", Text, F),
                col("Current", Bool, F),
                col("Customer", Guid, F),
                col("CustomerName", Text, F),
                col("Description", Text, F),
                col("Hid", Text, F),
                col("IsMainDivision", Bool, F),
                col("Status", Int, F),
                col("VATNumber", Text, F),
            ],
        ),
        table(
            Spec {
                description: "The logged-in user and current company",
                divisionless: true,
                ..spec("System", "Me", "current/Me", "UserID")
            },
            vec![
                col("CurrentDivision", Int, 0),
                col("DivisionCustomer", Guid, 0),
                col("DivisionCustomerName", Text, 0),
                col("Email", Text, 0),
                col("FirstName", Text, 0),
                col("FullName", Text, 0),
                col("LanguageCode", Text, 0),
                col("LastName", Text, 0),
                col("Legislation", Int, 0),
                col("UserID", Guid, 0),
                col("UserName", Text, 0),
            ],
        ),
        table(
            Spec {
                description: "Customers, suppliers and prospects",
                bulk: Some("bulk/CRM/Accounts"),
                sync: Some("sync/CRM/Accounts"),
                writable: true,
                mandatory_filtering: true,
                ..spec("CRM", "Accounts", "crm/Accounts", "ID")
            },
            vec![
                col("AddressLine1", Text, F | W),
                col("AddressLine2", Text, F | W),
                col("Blocked", Bool, F | W),
                col("ChamberOfCommerce", Text, F | W),
                col("City", Text, F | W),
                padded(col("Code", Text, F | W), 18),
                padded(col("Country", Text, F | W), 3),
                col("Created", Datetime, F),
                col("Creator", Guid, F),
                col("Division", Int, F),
                col("Email", Text, F | W),
                col("ID", Guid, F | W),
                col("IsAccountant", ByteFlag, F | W),
                col("IsAgency", ByteFlag, F | W),
                col("IsMailing", ByteFlag, F | W),
                col("IsSales", Bool, F | W),
                col("IsSupplier", Bool, F | W),
                col("Modified", Datetime, F),
                col("Modifier", Guid, F),
                col("Name", Text, F | W | R),
                col("Phone", Text, F | W),
                col("Postcode", Text, F | W),
                col("Remarks", Text, W),
                col("SearchCode", Text, F | W),
                col("Status", Text, F | W),
                col("Timestamp", Int, F | S),
                col("VATNumber", Text, F | W),
                col("Website", Text, F | W),
            ],
        ),
        table(
            Spec {
                description: "Contact persons of accounts",
                bulk: Some("bulk/CRM/Contacts"),
                sync: Some("sync/CRM/Contacts"),
                writable: true,
                mandatory_filtering: true,
                ..spec("CRM", "Contacts", "crm/Contacts", "ID")
            },
            vec![
                col("Account", Guid, F | W | R),
                col("BirthDate", Date, F | W),
                col("BusinessEmail", Text, F | W),
                col("BusinessPhone", Text, F | W),
                col("Created", Datetime, F),
                col("Division", Int, F),
                col("Email", Text, F | W),
                col("FirstName", Text, F | W),
                col("FullName", Text, F),
                col("ID", Guid, F | W),
                col("Initials", Text, F | W),
                col("JobTitleDescription", Text, F | W),
                col("LastName", Text, F | W | R),
                col("Mobile", Text, F | W),
                col("Modified", Datetime, F),
                col("Notes", Text, W),
                col("Timestamp", Int, F | S),
            ],
        ),
        table(
            Spec {
                description: "Articles and services",
                bulk: Some("bulk/Logistics/Items"),
                sync: Some("sync/Logistics/Items"),
                writable: true,
                mandatory_filtering: true,
                ..spec("Logistics", "Items", "logistics/Items", "ID")
            },
            vec![
                col("Barcode", Text, F | W),
                col("Code", Text, F | W | R),
                col("CostPriceStandard", Decimal, F | W),
                col("Created", Datetime, F),
                col("Description", Text, F | W | R),
                col("Division", Int, F),
                col("ID", Guid, F | W),
                col("IsPurchaseItem", Bool, F | W),
                col("IsSalesItem", Bool, F | W),
                col("IsStockItem", Bool, F | W),
                col("IsWebshopItem", ByteFlag, F | W),
                col("Modified", Datetime, F),
                col("StartDate", Date, F | W),
                col("Timestamp", Int, F | S),
                col("Unit", Text, F | W),
            ],
        ),
        table(
            Spec {
                description: "General ledger accounts",
                bulk: Some("bulk/Financial/GLAccounts"),
                sync: Some("sync/Financial/GLAccounts"),
                writable: true,
                ..spec("Financial", "GLAccounts", "financial/GLAccounts", "ID")
            },
            vec![
                col("BalanceSide", Text, F | W),
                col("BalanceType", Text, F | W),
                col("Code", Text, F | W | R),
                col("Created", Datetime, F),
                col("Description", Text, F | W | R),
                col("Division", Int, F),
                col("ID", Guid, F | W),
                col("Modified", Datetime, F),
                col("Timestamp", Int, F | S),
                col("Type", Int, F | W),
                col("TypeDescription", Text, F),
            ],
        ),
        table(
            Spec {
                description: "Sales invoices (headers; lines in SalesInvoiceLines)",
                bulk: Some("bulk/SalesInvoice/SalesInvoices"),
                sync: Some("sync/SalesInvoice/SalesInvoices"),
                writable: true,
                ..spec(
                    "SalesInvoice",
                    "SalesInvoices",
                    "salesinvoice/SalesInvoices",
                    "InvoiceID",
                )
            },
            vec![
                col("AmountDC", Decimal, F),
                col("AmountFC", Decimal, F),
                col("Created", Datetime, F),
                col("Currency", Text, F | W),
                col("Description", Text, F | W),
                col("Division", Int, F),
                col("DueDate", Date, F | W),
                col("InvoiceDate", Date, F | W),
                col("InvoiceID", Guid, F),
                col("InvoiceNumber", Int, F | W),
                col("InvoiceTo", Guid, F | W),
                col("Journal", Text, F | W | R),
                col("Modified", Datetime, F),
                col("OrderedBy", Guid, F | W | R),
                col("PaymentCondition", Text, F | W),
                col("Status", Int, F),
                col("Timestamp", Int, F | S),
                col("Type", Int, F | W),
                col("VATAmountDC", Decimal, F),
                col("YourRef", Text, F | W),
            ],
        ),
        table(
            Spec {
                description: "Lines of sales invoices",
                writable: true,
                ..spec(
                    "SalesInvoice",
                    "SalesInvoiceLines",
                    "salesinvoice/SalesInvoiceLines",
                    "ID",
                )
            },
            vec![
                col("AmountDC", Decimal, F),
                col("AmountFC", Decimal, F | W),
                col("Description", Text, F | W),
                col("Division", Int, F),
                col("GLAccount", Guid, F | W),
                col("ID", Guid, F),
                col("InvoiceID", Guid, F | W | R),
                col("Item", Guid, F | W | R),
                col("LineNumber", Int, F),
                col("Quantity", Decimal, F | W),
                col("UnitPrice", Decimal, F | W),
                col("VATCode", Text, F | W),
            ],
        ),
    ]
}
