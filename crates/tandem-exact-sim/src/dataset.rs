//! The deterministic demo dataset.
//!
//! Company 102673 is the master with exactly 5,000 accounts (every sixteenth
//! one a construction firm, 'Aanneming ...'), and a dozen other Dutch and
//! Belgian companies hold copies of some of them — equal, slightly changed,
//! or missing — so a `synchronize` demo has real work to plan. The same seed
//! gives the same data on every machine.

use crate::config::{DatasetSize, DEMO_FORBIDDEN_DIVISION, DEMO_SOURCE_DIVISION, DEMO_USER_ID};
use crate::dates::{self, DAY_MS};
use crate::entities::{self, pad_left, DivisionInfo, EntityDef};
use crate::random::Prng;
use crate::store::{Data, DivisionData, Row, Table};
use serde_json::{json, Value};
use std::collections::HashMap;

const SURNAMES: &[&str] = &[
    "Jansen",
    "de Vries",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "Kok",
    "Jacobs",
    "Peeters",
    "Maes",
    "Janssens",
    "Claes",
    "Wouters",
    "Willems",
    "Goossens",
    "Vermeulen",
    "Verhoeven",
    "Koster",
    "Prins",
    "Huisman",
    "Kuipers",
    "Schouten",
    "Post",
    "Veenstra",
];
const TRADES: &[&str] = &[
    "Installatietechniek",
    "Schilderwerken",
    "Transport",
    "Groothandel",
    "Advies",
    "Automatisering",
    "Bloemen",
    "Bakkerij",
    "Makelaardij",
    "Tegelwerken",
    "Elektro",
    "Dakwerken",
    "Catering",
    "Metaal",
    "Houtbouw",
    "Logistiek",
    "Accountants",
    "Tuinen",
    "Drukkerij",
    "Verhuur",
];
const FORMS: &[&str] = &["B.V.", "V.O.F.", "Holding B.V.", "& Zn.", "BV", "NV"];
const NL_CITIES: &[(&str, &str)] = &[
    ("Amsterdam", "1011 AB"),
    ("Rotterdam", "3011 CD"),
    ("Utrecht", "3511 EF"),
    ("Den Haag", "2511 GH"),
    ("Eindhoven", "5611 IJ"),
    ("Groningen", "9711 KL"),
    ("Zwolle", "8011 MN"),
    ("Arnhem", "6811 OP"),
    ("Breda", "4811 QR"),
    ("Almere", "1315 ST"),
];
const BE_CITIES: &[(&str, &str)] = &[
    ("Antwerpen", "2000"),
    ("Gent", "9000"),
    ("Brugge", "8000"),
    ("Leuven", "3000"),
    ("Hasselt", "3500"),
    ("Mechelen", "2800"),
];
const STREETS: &[&str] = &[
    "Hoofdstraat",
    "Kerkstraat",
    "Dorpsstraat",
    "Stationsweg",
    "Industrieweg",
    "Molenweg",
    "Schoolstraat",
    "Nieuwstraat",
    "Marktplein",
    "Havenkade",
];
const GL: &[(&str, &str, &str, &str, i64)] = &[
    ("0100", "Gebouwen", "D", "B", 10),
    ("0200", "Inventaris", "D", "B", 10),
    ("0300", "Vervoermiddelen", "D", "B", 10),
    ("1000", "Kas", "D", "B", 10),
    ("1100", "Bank", "D", "B", 12),
    ("1300", "Debiteuren", "D", "B", 20),
    ("1600", "Crediteuren", "C", "B", 22),
    ("1500", "Te betalen btw", "C", "B", 24),
    ("1510", "Te vorderen btw", "D", "B", 24),
    ("3000", "Voorraad", "D", "B", 30),
    ("4000", "Lonen en salarissen", "D", "W", 40),
    ("4100", "Sociale lasten", "D", "W", 40),
    ("4200", "Huisvestingskosten", "D", "W", 40),
    ("4300", "Autokosten", "D", "W", 40),
    ("4400", "Kantoorkosten", "D", "W", 40),
    ("4500", "Verkoopkosten", "D", "W", 40),
    ("4900", "Algemene kosten", "D", "W", 40),
    ("7000", "Inkoopwaarde omzet", "D", "W", 50),
    ("8000", "Omzet hoog tarief", "C", "W", 60),
    ("8100", "Omzet laag tarief", "C", "W", 60),
    ("8200", "Omzet verlegd", "C", "W", 60),
    ("9000", "Rente", "C", "W", 70),
];
const UNITS: &[&str] = &["stuk", "uur", "m2", "kg", "doos"];
const ITEM_WORDS: &[&str] = &[
    "Schroef", "Plaat", "Balk", "Tegel", "Kabel", "Buis", "Verf", "Lijm", "Kraan", "Lamp",
];

/// The divisions and data of the demo for `seed`.
pub(crate) fn generate(seed: u64, size: &DatasetSize) -> Data {
    let mut rng = Prng::new(seed);
    let mut data = Data {
        timestamp: 10_000_000,
        ..Data::default()
    };
    let customer = rng.guid();
    let master = DivisionInfo {
        code: DEMO_SOURCE_DIVISION,
        description: "Tandem Demo Holding B.V.".into(),
        country: "NL".into(),
        hid: 1,
        is_main: true,
        accessible: true,
        customer: customer.clone(),
        customer_name: "Tandem Demo Accountants".into(),
        created_ms: dates::parse_iso("2014-03-01").unwrap_or(0),
        vat_number: "NL001234567B01".into(),
    };
    let mut divisions = vec![master];
    for i in 0..size.other_divisions {
        let be = i % 3 == 2;
        let city = if be {
            rng.pick(BE_CITIES).0
        } else {
            rng.pick(NL_CITIES).0
        };
        divisions.push(DivisionInfo {
            code: 102_700 + i as i64 * 11,
            description: format!("Tandem {} {}", city, if be { "BV" } else { "B.V." }),
            country: if be { "BE" } else { "NL" }.into(),
            hid: i as i64 + 2,
            is_main: false,
            accessible: true,
            customer: customer.clone(),
            customer_name: "Tandem Demo Accountants".into(),
            created_ms: dates::parse_iso("2016-01-01").unwrap_or(0) + i as i64 * 40 * DAY_MS,
            vat_number: if be {
                format!("BE0{:09}", 400_000_000 + i)
            } else {
                format!("NL00{:07}B01", 1_000_000 + i)
            },
        });
    }
    divisions.push(DivisionInfo {
        code: DEMO_FORBIDDEN_DIVISION,
        description: "Afgeschermde Administratie B.V.".into(),
        country: "NL".into(),
        hid: 999,
        is_main: false,
        accessible: false,
        customer,
        customer_name: "Tandem Demo Accountants".into(),
        created_ms: dates::parse_iso("2018-06-01").unwrap_or(0),
        vat_number: "NL009999999B01".into(),
    });

    let master_accounts: Vec<Row> = (1..=size.master_accounts)
        .map(|n| account(&mut rng, &mut data, DEMO_SOURCE_DIVISION, n, "NL"))
        .collect();
    let master_items: Vec<Row> = (1..=size.items)
        .map(|n| item(&mut rng, &mut data, DEMO_SOURCE_DIVISION, n))
        .collect();

    for info in divisions {
        let code = info.code;
        let mut tables: HashMap<&'static str, Table> = HashMap::new();
        let mut accounts = Vec::new();
        let mut items = Vec::new();
        if code == DEMO_SOURCE_DIVISION {
            accounts = master_accounts.clone();
            items = master_items.clone();
            let contacts = (0..size.master_contacts)
                .map(|_| {
                    let acc = rng.pick(&master_accounts);
                    contact(&mut rng, &mut data, code, acc)
                })
                .collect();
            tables.insert("Contacts", table(&entities::stored("Contacts"), contacts));
        } else if code == DEMO_FORBIDDEN_DIVISION {
            for n in 1..=25 {
                accounts.push(account(&mut rng, &mut data, code, n, "NL"));
            }
        } else {
            // Copies of a stretch of the master: most equal, some changed,
            // some missing; then a few accounts of the company's own.
            let start = rng.below(size.master_accounts.max(1) as u64) as usize;
            for k in 0..size.copies_per_division.min(size.master_accounts) {
                let src = &master_accounts[(start + k) % master_accounts.len()];
                let roll = rng.below(100);
                if roll < 15 {
                    continue;
                }
                let mut row = copy_into(
                    &mut rng,
                    &mut data,
                    &entities::stored("Accounts"),
                    src,
                    code,
                );
                if roll < 30 {
                    change_slightly(&mut rng, &mut row);
                }
                accounts.push(row);
            }
            for n in 0..10 {
                accounts.push(account(
                    &mut rng,
                    &mut data,
                    code,
                    900_001 + n,
                    &info.country,
                ));
            }
            for src in master_items.iter().take(size.items / 2) {
                items.push(copy_into(
                    &mut rng,
                    &mut data,
                    &entities::stored("Items"),
                    src,
                    code,
                ));
            }
        }
        tables.insert("Accounts", table(&entities::stored("Accounts"), accounts));
        tables.insert("Items", table(&entities::stored("Items"), items));
        let gls = GL
            .iter()
            .map(|g| gl_account(&mut rng, &mut data, code, g))
            .collect();
        tables.insert("GLAccounts", table(&entities::stored("GLAccounts"), gls));
        tables.insert("Deleted", Table::default());
        data.divisions.insert(code, DivisionData { info, tables });
    }
    data
}

fn table(def: &Option<&'static EntityDef>, rows: Vec<Row>) -> Table {
    let key = def.map(|d| d.key_index()).unwrap_or(0);
    Table::from_rows(
        rows.into_iter()
            .map(|r| (r[key].as_str().unwrap_or_default().to_string(), r))
            .collect(),
    )
}

/// A row of `def` from (field, value) pairs; the rest null.
pub(crate) fn make_row(def: &EntityDef, pairs: Vec<(&str, Value)>) -> Row {
    let mut row = vec![Value::Null; def.fields.len()];
    for (name, value) in pairs {
        if let Some(i) = def.field_index(name) {
            row[i] = value;
        }
    }
    row
}

fn created(rng: &mut Prng) -> (i64, i64) {
    let base = dates::parse_iso("2015-01-01").unwrap_or(0);
    let c = base + rng.below(3_000) as i64 * DAY_MS + rng.below(DAY_MS as u64) as i64;
    (c, c + rng.below(400) as i64 * DAY_MS)
}

fn account(rng: &mut Prng, data: &mut Data, division: i64, n: usize, country: &str) -> Row {
    let def = entities::stored("Accounts").expect("Accounts is in the catalog");
    let surname = *rng.pick(SURNAMES);
    let name = if n % 16 == 3 {
        format!("Aanneming {} {}", surname, rng.pick(FORMS))
    } else {
        format!("{} {} {}", surname, rng.pick(TRADES), rng.pick(FORMS))
    };
    let (city, postcode) = if country == "BE" {
        *rng.pick(BE_CITIES)
    } else {
        *rng.pick(NL_CITIES)
    };
    let (c, m) = created(rng);
    let slug: String = surname
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_lowercase();
    let status = *rng.pick(&["C", "C", "C", "S", "P", "A"]);
    let ts = data.next_timestamp();
    make_row(
        def,
        vec![
            (
                "AddressLine1",
                json!(format!("{} {}", rng.pick(STREETS), 1 + rng.below(200))),
            ),
            ("Blocked", json!(rng.chance(0.03))),
            (
                "ChamberOfCommerce",
                json!(format!("{:08}", 10_000_000 + rng.below(89_999_999))),
            ),
            ("City", json!(city)),
            ("Code", json!(pad_left(&n.to_string(), 18))),
            ("Country", json!(format!("{country:<3}"))),
            ("Created", json!(dates::wire(c))),
            ("Creator", json!(DEMO_USER_ID)),
            ("Division", json!(division)),
            ("Email", json!(format!("info{n}@{slug}.example"))),
            ("ID", json!(rng.guid())),
            ("IsAccountant", json!(0)),
            ("IsAgency", json!(0)),
            ("IsMailing", json!(u8::from(rng.chance(0.5)))),
            ("IsSales", json!(status == "C")),
            ("IsSupplier", json!(rng.chance(0.2))),
            ("Modified", json!(dates::wire(m))),
            ("Modifier", json!(DEMO_USER_ID)),
            ("Name", json!(name)),
            ("Phone", json!(format!("0{:09}", rng.below(1_000_000_000)))),
            ("Postcode", json!(postcode)),
            (
                "SearchCode",
                json!(slug.to_uppercase().chars().take(10).collect::<String>()),
            ),
            ("Status", json!(status)),
            ("Timestamp", json!(ts)),
            (
                "VATNumber",
                json!(format!("{}{:09}B01", country, rng.below(1_000_000_000))),
            ),
        ],
    )
}

/// A copy of `src` in another division: same business data, its own ID,
/// Division and Timestamp.
fn copy_into(
    rng: &mut Prng,
    data: &mut Data,
    def: &Option<&'static EntityDef>,
    src: &Row,
    division: i64,
) -> Row {
    let mut row = src.clone();
    if let Some(def) = def {
        for (i, f) in def.fields.iter().enumerate() {
            match f.name {
                "ID" => row[i] = json!(rng.guid()),
                "Division" => row[i] = json!(division),
                "Timestamp" => row[i] = json!(data.next_timestamp()),
                _ => {}
            }
        }
    }
    row
}

/// The kinds of drift a synchronize demo should find: a new phone number, a
/// renamed firm, a changed e-mail address.
fn change_slightly(rng: &mut Prng, row: &mut Row) {
    let Some(def) = entities::stored("Accounts") else {
        return;
    };
    let pick = rng.below(3);
    let (field, value) = match pick {
        0 => ("Phone", json!(format!("0{:09}", rng.below(1_000_000_000)))),
        1 => {
            let name = def
                .field_index("Name")
                .and_then(|i| row[i].as_str())
                .unwrap_or("");
            ("Name", json!(format!("{name} (oud)")))
        }
        _ => (
            "Email",
            json!(format!("administratie{}@example.com", rng.below(10_000))),
        ),
    };
    if let Some(i) = def.field_index(field) {
        row[i] = value;
    }
}

fn contact(rng: &mut Prng, data: &mut Data, division: i64, account: &Row) -> Row {
    let def = entities::stored("Contacts").expect("Contacts is in the catalog");
    let first = *rng.pick(&[
        "Jan", "Piet", "Anna", "Sanne", "Koen", "Lotte", "Bram", "Eva",
    ]);
    let last = *rng.pick(SURNAMES);
    let (c, m) = created(rng);
    let acc_id = entities::stored("Accounts")
        .and_then(|d| d.field_index("ID"))
        .and_then(|i| account.get(i))
        .cloned()
        .unwrap_or(Value::Null);
    make_row(
        def,
        vec![
            ("Account", acc_id),
            (
                "BusinessEmail",
                json!(format!("{}@example.com", first.to_lowercase())),
            ),
            ("Created", json!(dates::wire(c))),
            ("Division", json!(division)),
            ("FirstName", json!(first)),
            ("FullName", json!(format!("{first} {last}"))),
            ("ID", json!(rng.guid())),
            ("Initials", json!(format!("{}.", &first[..1]))),
            ("LastName", json!(last)),
            ("Modified", json!(dates::wire(m))),
            ("Timestamp", json!(data.next_timestamp())),
        ],
    )
}

fn item(rng: &mut Prng, data: &mut Data, division: i64, n: usize) -> Row {
    let def = entities::stored("Items").expect("Items is in the catalog");
    let (c, m) = created(rng);
    let word = *rng.pick(ITEM_WORDS);
    make_row(
        def,
        vec![
            (
                "Barcode",
                json!(format!("87{:011}", rng.below(100_000_000_000))),
            ),
            ("Code", json!(format!("ART-{n:04}"))),
            (
                "CostPriceStandard",
                json!((rng.below(100_000) as f64) / 100.0),
            ),
            ("Created", json!(dates::wire(c))),
            ("Description", json!(format!("{word} type {n}"))),
            ("Division", json!(division)),
            ("ID", json!(rng.guid())),
            ("IsPurchaseItem", json!(true)),
            ("IsSalesItem", json!(rng.chance(0.8))),
            ("IsStockItem", json!(rng.chance(0.6))),
            ("IsWebshopItem", json!(u8::from(rng.chance(0.3)))),
            ("Modified", json!(dates::wire(m))),
            // Date-only: local midnight, a multiple of a day.
            ("StartDate", json!(dates::wire(c - c.rem_euclid(DAY_MS)))),
            ("Timestamp", json!(data.next_timestamp())),
            ("Unit", json!(rng.pick(UNITS))),
        ],
    )
}

fn gl_account(
    rng: &mut Prng,
    data: &mut Data,
    division: i64,
    g: &(&str, &str, &str, &str, i64),
) -> Row {
    let def = entities::stored("GLAccounts").expect("GLAccounts is in the catalog");
    let (c, m) = created(rng);
    make_row(
        def,
        vec![
            ("BalanceSide", json!(g.2)),
            ("BalanceType", json!(g.3)),
            ("Code", json!(g.0)),
            ("Created", json!(dates::wire(c))),
            ("Description", json!(g.1)),
            ("Division", json!(division)),
            ("ID", json!(rng.guid())),
            ("Modified", json!(dates::wire(m))),
            ("Timestamp", json!(data.next_timestamp())),
            ("Type", json!(g.4)),
            (
                "TypeDescription",
                json!(if g.3 == "B" {
                    "Balans"
                } else {
                    "Winst & verlies"
                }),
            ),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn master_has_5000_accounts_and_builders() {
        let d = generate(42, &DatasetSize::default());
        let master = &d.divisions[&DEMO_SOURCE_DIVISION];
        assert_eq!(master.tables["Accounts"].rows.len(), 5000);
        assert!(d.divisions.len() >= 14);
        let def = entities::stored("Accounts").unwrap();
        let name = def.field_index("Name").unwrap();
        let builders = master.tables["Accounts"]
            .rows
            .values()
            .filter(|r| r[name].as_str().unwrap().starts_with("Aanneming "))
            .count();
        assert!((200..=400).contains(&builders), "{builders}");
        let again = generate(42, &DatasetSize::default());
        assert_eq!(
            master.tables["Accounts"].rows.keys().next(),
            again.divisions[&DEMO_SOURCE_DIVISION].tables["Accounts"]
                .rows
                .keys()
                .next()
        );
    }
}
