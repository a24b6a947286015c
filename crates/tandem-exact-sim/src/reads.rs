//! GET on entity sets: the refusals the real service makes (missing
//! `$select` on bulk and sync, mandatory filtering, unfilterable fields),
//! then filtering, paging and the JSON shape.

use crate::api::{Ctx, Target};
use crate::entities::{self, EntityDef, Variant};
use crate::odata::shape::{Collection, Projection, RowView, D};
use crate::odata::{eval, filter, paging, query};
use crate::responses::{json, odata_error, with_type};
use crate::store::Row;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

const SELECT_OR_TOP: &str = "Please add a $select or a $top=1 statement to the query string.";
const MANDATORY: &str = "This endpoint has mandatory filtering applied. Please add a $filter to the query string (for example on ID, Code or Name), or use the sync endpoint to read many rows.";

fn bad(message: &str) -> Response {
    odata_error(StatusCode::BAD_REQUEST, message)
}

/// Which columns to send: `$select`, or every field the variant shows.
fn projection(
    def: &EntityDef,
    variant: Variant,
    select: Option<&[String]>,
) -> Result<Projection, String> {
    let visible = |i: usize| variant == Variant::Sync || !def.fields[i].sync_only;
    let Some(select) = select.filter(|s| !s.iter().any(|f| f == "*")) else {
        return Ok(Projection {
            cols: (0..def.fields.len()).filter(|i| visible(*i)).collect(),
            deferred: if variant == Variant::Standard {
                def.deferred.to_vec()
            } else {
                Vec::new()
            },
        });
    };
    let mut p = Projection {
        cols: Vec::new(),
        deferred: Vec::new(),
    };
    for name in select {
        if let Some(i) = def.field_index(name).filter(|i| visible(*i)) {
            p.cols.push(i);
        } else if let Some(nav) = def.deferred.iter().find(|n| *n == name) {
            p.deferred.push(nav);
        } else {
            return Err(format!(
                "No property '{name}' exists in type '{}'.",
                def.type_name
            ));
        }
    }
    Ok(p)
}

/// Rows of computed sets (divisions, Me).
fn computed_rows(ctx: &Ctx<'_>, def: &'static EntityDef) -> Vec<Row> {
    let data = ctx.st.store.read();
    let infos: Vec<_> = data.divisions.values().map(|d| &d.info).collect();
    let current = crate::config::DEMO_SOURCE_DIVISION;
    if def.name == "Me" {
        return infos
            .iter()
            .find(|i| i.code == current)
            .map(|i| vec![entities::me_row(&ctx.who.user_id, i)])
            .unwrap_or_default();
    }
    entities::division_rows(def, &infos, current)
}

pub(crate) fn get(ctx: &Ctx<'_>, t: &Target) -> Response {
    let q = match query::parse(ctx.query) {
        Ok(q) => q,
        Err(m) => return bad(&m),
    };
    let def = t.def;
    if t.variant != Variant::Standard && t.key.is_some() {
        return odata_error(
            StatusCode::NOT_FOUND,
            &format!("Resource not found for the segment '{}'.", def.name),
        );
    }
    if t.variant != Variant::Standard && !t.count && q.select.is_none() && q.top != Some(1) {
        return bad(SELECT_OR_TOP);
    }
    let parsed = match q.filter.as_deref().filter(|f| !f.trim().is_empty()) {
        Some(src) => match filter::parse(src, def) {
            Ok(f) => Some(f),
            Err(e) => return bad(&e.message),
        },
        None => None,
    };
    if let Some(f) = &parsed {
        let refused: Vec<&str> = f
            .fields
            .iter()
            .map(|i| &def.fields[*i])
            .filter(|fd| {
                if t.variant == Variant::Sync {
                    fd.name != "Timestamp"
                } else {
                    !fd.filterable || fd.sync_only
                }
            })
            .map(|fd| fd.name)
            .collect();
        if !refused.is_empty() {
            return bad(&format!(
                "Filtering on these fields is not supported: {}",
                refused.join(", ")
            ));
        }
    }
    if t.variant == Variant::Standard
        && def.mandatory_filtering
        && parsed.is_none()
        && t.key.is_none()
        && ctx.st.settings().mandatory_filtering
    {
        return bad(MANDATORY);
    }
    let proj = match projection(def, t.variant, q.select.as_deref()) {
        Ok(p) => p,
        Err(m) => return bad(&m),
    };
    let set_path = match t.variant {
        Variant::Standard => def.path,
        Variant::Bulk => def.bulk.unwrap_or(def.path),
        Variant::Sync => def.sync.unwrap_or(def.path),
    };
    let set_uri = if def.name == "Me" {
        format!("{}/{}", ctx.api_base, def.path)
    } else {
        format!("{}/{}/{}", ctx.api_base, t.division, set_path)
    };

    let data = ctx.st.store.read();
    let computed;
    let all: Vec<&Row> = match data.table(t.division, def.name) {
        Some(table) => table.rows.values().collect(),
        None => {
            computed = computed_rows(ctx, def);
            computed.iter().collect()
        }
    };

    if let Some(key) = &t.key {
        let ki = def.key_index();
        let wanted = key
            .strip_prefix("guid'")
            .and_then(|k| k.strip_suffix('\''))
            .map(|g| Value::String(g.to_ascii_lowercase()))
            .or_else(|| key.parse::<i64>().ok().map(Value::from));
        let Some(wanted) = wanted else {
            return bad("Bad Request - Error in query syntax.");
        };
        let found = all.into_iter().find(|r| match (&r[ki], &wanted) {
            (Value::String(a), Value::String(b)) => a.eq_ignore_ascii_case(b),
            (a, b) => a == b,
        });
        return match found {
            Some(row) => json(
                StatusCode::OK,
                &D {
                    d: RowView {
                        def,
                        row,
                        projection: &proj,
                        set_uri: &set_uri,
                        blank: false,
                    },
                },
            ),
            None => odata_error(
                StatusCode::NOT_FOUND,
                &format!("Resource not found for the segment '{}'.", def.name),
            ),
        };
    }

    let rows: Vec<&Row> = match &parsed {
        Some(f) => all
            .into_iter()
            .filter(|r| eval::matches(&f.expr, def, r))
            .collect(),
        None => all,
    };
    if t.count {
        let n = rows
            .len()
            .saturating_sub(q.skip.unwrap_or(0))
            .min(q.top.unwrap_or(usize::MAX));
        return with_type(
            StatusCode::OK,
            "text/plain;charset=utf-8",
            n.to_string().into_bytes(),
        );
    }
    let page = match paging::page(rows, def, t.variant, &q, &set_uri) {
        Ok(p) => p,
        Err(m) => return bad(&m),
    };
    let views: Vec<RowView<'_>> = page
        .rows
        .iter()
        .map(|row| RowView {
            def,
            row,
            projection: &proj,
            set_uri: &set_uri,
            blank: false,
        })
        .collect();
    let bare = ctx.st.settings().bare_array_for_small_top
        && t.variant == Variant::Standard
        && q.top.is_some_and(|n| n <= 60);
    if bare {
        return json(StatusCode::OK, &D { d: views });
    }
    json(
        StatusCode::OK,
        &D {
            d: Collection {
                results: views,
                count: q.inlinecount.then(|| page.total.to_string()),
                next: page.next,
            },
        },
    )
}
