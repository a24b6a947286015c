//! Query options of a GET (`$select`, `$filter`, `$top`, `$skip`,
//! `$skiptoken`, `$orderby`, `$inlinecount`), parsed once and kept in order so
//! `__next` links can repeat what the client asked.

/// The options of one call.
#[derive(Clone, Debug, Default)]
pub(crate) struct Query {
    /// All pairs, decoded, in the order sent.
    pub(crate) pairs: Vec<(String, String)>,
    pub(crate) select: Option<Vec<String>>,
    pub(crate) filter: Option<String>,
    pub(crate) top: Option<usize>,
    pub(crate) skip: Option<usize>,
    pub(crate) skiptoken: Option<String>,
    pub(crate) orderby: Option<(String, bool)>,
    pub(crate) inlinecount: bool,
}

/// Parses a raw query string; the error is the 400 message.
pub(crate) fn parse(raw: Option<&str>) -> Result<Query, String> {
    let mut q = Query::default();
    let Some(raw) = raw else {
        return Ok(q);
    };
    for (k, v) in form_urlencoded::parse(raw.as_bytes()) {
        let (k, v) = (k.into_owned(), v.into_owned());
        match k.as_str() {
            "$select" => {
                q.select = Some(
                    v.split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect(),
                )
            }
            "$filter" => q.filter = Some(v.clone()),
            "$top" => q.top = Some(count_option("$top", &v)?),
            "$skip" => q.skip = Some(count_option("$skip", &v)?),
            "$skiptoken" => q.skiptoken = Some(v.clone()),
            "$orderby" => {
                let mut parts = v.split_whitespace();
                let field = parts.next().unwrap_or_default().to_string();
                let desc = match parts.next() {
                    None | Some("asc") => false,
                    Some("desc") => true,
                    Some(_) => {
                        return Err(format!("Syntax error at position {}.", field.len() + 1))
                    }
                };
                q.orderby = Some((field, desc));
            }
            "$inlinecount" => {
                match v.as_str() {
                    "allpages" => q.inlinecount = true,
                    "none" => {}
                    _ => return Err(
                        "Invalid value for $inlinecount. Only 'allpages' and 'none' are supported."
                            .into(),
                    ),
                }
            }
            _ => {}
        }
        q.pairs.push((k, v));
    }
    Ok(q)
}

/// `$top` and `$skip` take a non-negative Int32, as in WCF Data Services.
fn count_option(name: &str, v: &str) -> Result<usize, String> {
    v.trim()
        .parse::<i32>()
        .ok()
        .filter(|n| *n >= 0)
        .map(|n| n as usize)
        .ok_or_else(|| format!("Incorrect format for {name} argument '{v}'."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_refuses() {
        let q = parse(Some(
            "$select=ID,Name&$top=5&$filter=Name%20eq%20'a'+and+Blocked",
        ))
        .unwrap();
        assert_eq!(q.select.unwrap(), vec!["ID", "Name"]);
        assert_eq!(q.top, Some(5));
        assert_eq!(q.filter.unwrap(), "Name eq 'a' and Blocked");
        assert_eq!(
            parse(Some("$top=99999999999")).unwrap_err(),
            "Incorrect format for $top argument '99999999999'."
        );
    }
}
