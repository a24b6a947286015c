//! Reading: `current/Me`, the divisions, point look-ups on the standard
//! endpoint, and many rows from bulk or sync endpoints as a stream of pages.

use super::call::CallSpec;
use super::Client;
use crate::catalog::{self, Table};
use crate::error::{Error, Result};
use crate::http::{self, Page};
use crate::odata::{self, check_select, Endpoint, Filter, Literal, QueryOptions, Select};
use crate::row::Row;
use futures_util::Stream;
use reqwest::Method;
use serde::Serialize;
use ts_rs::TS;

/// The logged-in user (`current/Me`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    /// UserID.
    pub user_id: String,
    /// Login name.
    pub user_name: Option<String>,
    /// Full name.
    pub full_name: Option<String>,
    /// The company the user has open.
    #[ts(type = "number")]
    pub current_division: i64,
}

/// A company the user may open (`system/Divisions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
#[serde(rename_all = "camelCase")]
pub struct Division {
    /// Division code.
    #[ts(type = "number")]
    pub code: i64,
    /// Name.
    pub description: String,
    /// Country code, trimmed.
    pub country: Option<String>,
    /// The user's current company.
    pub current: bool,
    /// The main company of the licence.
    pub is_main_division: bool,
    /// Hid, a string.
    pub hid: Option<String>,
}

/// A read of many rows.
#[derive(Debug, Clone)]
pub struct ReadRequest {
    /// The table.
    pub table: &'static Table,
    /// The company.
    pub division: i64,
    /// Which endpoint; `None` picks one (see [`Client::read`]).
    pub endpoint: Option<Endpoint>,
    /// `$select`, `$filter`, ...
    pub options: QueryOptions,
}

impl Client {
    /// The user and current company.
    pub async fn me(&self) -> Result<Me> {
        let url = format!("{}/current/Me", self.api_base());
        let a = self
            .call(&CallSpec {
                method: Method::GET,
                url: &url,
                division: 0,
                endpoint: "current/Me",
                body: None,
                prefer_representation: false,
            })
            .await?;
        let page = http::parse_page(&a.body)?;
        let row = page
            .rows
            .into_iter()
            .next()
            .ok_or_else(|| Error::Bug("current/Me answered no row".into()))?;
        Ok(Me {
            user_id: row.text("UserID").unwrap_or_default().to_string(),
            user_name: row.text("UserName").map(str::to_string),
            full_name: row.text("FullName").map(str::to_string),
            current_division: row
                .int("CurrentDivision")
                .ok_or_else(|| Error::Bug("current/Me has no CurrentDivision".into()))?,
        })
    }

    /// The companies the user may open.
    pub async fn divisions(&self) -> Result<Vec<Division>> {
        let me = self.me().await?;
        let table = catalog::find("SystemDivisions").ok_or_else(|| Error::Bug("catalog".into()))?;
        let req = ReadRequest {
            table,
            division: me.current_division,
            endpoint: Some(Endpoint::Standard),
            options: QueryOptions {
                select: Select::new([
                    "Code",
                    "Description",
                    "Country",
                    "Current",
                    "IsMainDivision",
                    "Hid",
                ]),
                ..QueryOptions::default()
            },
        };
        let mut out = Vec::new();
        let mut pages = std::pin::pin!(self.read_with(req)?);
        use futures_util::StreamExt;
        while let Some(page) = pages.next().await {
            for r in page?.rows {
                out.push(Division {
                    code: r.int("Code").unwrap_or_default(),
                    description: r.text("Description").unwrap_or_default().to_string(),
                    country: r.code("Country").map(str::to_string),
                    current: r.flag("Current").unwrap_or(false),
                    is_main_division: r.flag("IsMainDivision").unwrap_or(false),
                    hid: r.get("Hid").and_then(|v| match v {
                        serde_json::Value::String(s) => Some(s.clone()),
                        serde_json::Value::Number(n) => Some(n.to_string()),
                        _ => None,
                    }),
                });
            }
        }
        Ok(out)
    }

    /// Reads many rows of `table` (a catalog name such as `Accounts`) from
    /// a company, page by page. Picks the sync endpoint when the filter or
    /// columns involve `Timestamp`, else bulk, else standard; bulk and sync
    /// need `select`.
    pub fn read(
        &self,
        table: &str,
        division: i64,
        select: Select,
        filter: Option<Filter>,
    ) -> Result<impl Stream<Item = Result<Page>> + Send + 'static> {
        let table =
            catalog::find(table).ok_or_else(|| Error::Bug(format!("unknown table {table}")))?;
        self.read_with(ReadRequest {
            table,
            division,
            endpoint: None,
            options: QueryOptions {
                select,
                filter,
                ..QueryOptions::default()
            },
        })
    }

    /// Reads with full control over endpoint and options.
    pub fn read_with(
        &self,
        req: ReadRequest,
    ) -> Result<impl Stream<Item = Result<Page>> + Send + 'static> {
        let endpoint = req.endpoint.unwrap_or_else(|| {
            let ts = req
                .options
                .select
                .columns()
                .iter()
                .any(|c| c == "Timestamp")
                || req
                    .options
                    .filter
                    .as_ref()
                    .is_some_and(|f| f.fields().contains(&"Timestamp"));
            req.table.many_rows_endpoint(ts)
        });
        check_select(endpoint, &req.options)?;
        let path = req
            .table
            .path(endpoint)
            .ok_or_else(|| {
                Error::Bug(format!(
                    "{} has no {endpoint:?} endpoint",
                    req.table.full_name()
                ))
            })?
            .to_string();
        let query = req.options.to_query()?;
        let first = format!(
            "{}{}{}",
            self.entity_url(req.table, req.division, &path),
            if query.is_empty() { "" } else { "?" },
            query
        );
        let client = self.clone();
        let table = req.table;
        let division = if req.table.divisionless {
            0
        } else {
            req.division
        };
        Ok(odata::pages(first, move |url| {
            let client = client.clone();
            let path = path.clone();
            async move { client.fetch_page(&url, division, &path, table).await }
        }))
    }

    /// One row by its GUID key from the standard endpoint.
    pub async fn lookup(
        &self,
        table: &str,
        division: i64,
        id: &str,
        select: Select,
    ) -> Result<Option<Row>> {
        let table =
            catalog::find(table).ok_or_else(|| Error::Bug(format!("unknown table {table}")))?;
        let key = Literal::Guid(id.to_string()).to_odata()?;
        let path = &table.endpoints.standard;
        let mut url = format!("{}({})", self.entity_url(table, division, path), key);
        if !select.is_empty() {
            url.push_str(&format!("?$select={}", odata::encode(&select.render()?)));
        }
        match self
            .call(&CallSpec {
                method: Method::GET,
                url: &url,
                division,
                endpoint: path,
                body: None,
                prefer_representation: false,
            })
            .await
        {
            Ok(a) => {
                let mut row = http::parse_single(&a.body)?;
                normalize(table, &mut row);
                self.inner.usage.add_rows(division, path, 1);
                Ok(Some(row))
            }
            Err(Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub(crate) fn entity_url(&self, table: &Table, division: i64, path: &str) -> String {
        if table.divisionless {
            format!("{}/{path}", self.api_base())
        } else {
            format!("{}/{division}/{path}", self.api_base())
        }
    }

    async fn fetch_page(
        &self,
        url: &str,
        division: i64,
        path: &str,
        table: &Table,
    ) -> Result<Page> {
        // `__next` is absolute: never send the token anywhere but the site.
        let prefix = format!("{}/", self.api_base());
        if !url.starts_with(&prefix) {
            return Err(Error::Bug(
                "a __next link points outside the Exact Online site".into(),
            ));
        }
        let a = self
            .call(&CallSpec {
                method: Method::GET,
                url,
                division,
                endpoint: path,
                body: None,
                prefer_representation: false,
            })
            .await?;
        let mut page = http::parse_page(&a.body)?;
        for r in page.rows.iter_mut() {
            normalize(table, r);
        }
        self.inner
            .usage
            .add_rows(division, path, page.rows.len() as u64);
        Ok(page)
    }
}

/// Read normalisation: padded codes lose their padding.
fn normalize(table: &Table, row: &mut Row) {
    for c in table.columns.iter().filter(|c| c.padded_width.is_some()) {
        row.trim_in_place(&c.name);
    }
}
