//! Library files: a library as a folder of `.sql` files, so a firm can share
//! its scripts (on a network drive, in Git) and a colleague can import them.
//!
//! Each query is one file in the subfolder of its library folder, named
//! after the query. The file opens with a header of `-- tandem:` comment
//! lines, so it still runs as it is in any SQL tool, then an empty line and
//! the script:
//!
//! ```text
//! -- tandem:name Customers per company
//! -- tandem:description Every customer, with its company.
//! -- tandem:description A second description line.
//! -- tandem:tags monthly, sync
//! -- tandem:parameter SOURCE_COMPANY company
//! -- tandem:parameter PERIOD list ["Q1", "Q2"]
//!
//! select * from ExactOnlineREST..Accounts
//! ```
//!
//! Only a parameter's kind travels; the values a user last ran a query with
//! stay in their own database (they may be a client's company numbers).
//!
//! Import never deletes and never loses what was saved here:
//!
//! - a file whose query (same folder and name, ignoring case) is not in the
//!   library is *imported*;
//! - a file that reads the same as its query is *unchanged*;
//! - a file that differs from a query nobody changed here since it was last
//!   imported *updates* it: the shared script moved on, and the local copy
//!   was only ever that script's earlier version;
//! - a file that differs from a query that was changed here (or was never
//!   imported) is imported *as a copy*, "<name> (imported)", so both
//!   versions are kept and the user chooses;
//! - a file that is not UTF-8 or whose header is malformed is *skipped*,
//!   with the reason; nothing of it is written.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::library::{
    check_folder, check_parameter_name, check_tags, is_reserved_on_windows, Library, ListFilter,
    NewQuery, ParameterKind, QueryChange,
};
use crate::{Error, Result};

/// The query a library file holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParsedQuery {
    /// Its name: the header's, or else the file's name without `.sql`.
    pub name: String,
    /// Its description; empty if the header has none.
    pub description: String,
    /// Its tags, sorted ignoring case.
    pub tags: Vec<String>,
    /// The parameters whose kind the header fixes, by name.
    pub parameters: Vec<ParameterSpec>,
    /// The script: everything after the header and its empty line.
    pub script: String,
}

/// A parameter's kind as a library file gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParameterSpec {
    /// Its name, as in `${NAME}`.
    pub name: String,
    /// The kind of input it takes.
    pub kind: ParameterKind,
    /// A list's choices; empty for other kinds.
    pub options: Vec<String>,
}

/// What [`Library::import_folder`] did with each `.sql` file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    /// New queries.
    pub imported: Vec<ImportedFile>,
    /// Queries replaced by a newer version of the file they were imported
    /// from; they were not changed here since.
    pub updated: Vec<ImportedFile>,
    /// Files that differ from a query changed here, imported next to it
    /// under another name.
    pub copied: Vec<ImportedFile>,
    /// Files the library already holds as they are.
    pub unchanged: Vec<ImportedFile>,
    /// Files not imported, with the reason.
    pub skipped: Vec<SkippedFile>,
}

/// A file [`Library::import_folder`] took, and the query it is now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportedFile {
    /// The file.
    pub path: PathBuf,
    /// The query's id.
    pub id: i64,
    /// The query's folder.
    pub folder: String,
    /// The query's name (for a copy, the copy's).
    pub name: String,
}

/// A file [`Library::import_folder`] did not import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkippedFile {
    /// The file.
    pub path: PathBuf,
    /// Why, naming the file (and the line, for a bad header).
    pub reason: String,
}

impl ParsedQuery {
    /// The file's text: header, empty line, script. [`parse_file`] reads it
    /// back as it was.
    pub fn render(&self) -> String {
        let mut text = format!("-- tandem:name {}\n", self.name);
        if !self.description.is_empty() {
            for line in self.description.split('\n') {
                text.push_str(&format!("-- tandem:description {line}\n"));
            }
        }
        if !self.tags.is_empty() {
            text.push_str(&format!("-- tandem:tags {}\n", self.tags.join(", ")));
        }
        for parameter in &self.parameters {
            text.push_str(&format!(
                "-- tandem:parameter {} {}",
                parameter.name,
                parameter.kind.as_str()
            ));
            if parameter.kind == ParameterKind::List {
                let options = serde_json::to_string(&parameter.options).expect("strings serialize");
                text.push_str(&format!(" {options}"));
            }
            text.push('\n');
        }
        text.push('\n');
        text.push_str(&self.script);
        text
    }
}

/// Reads a library file's text; `path` names it in errors and, without a
/// `tandem:name` line, gives the query its name.
///
/// The header is the `-- tandem:` lines the file opens with; one empty line
/// after it is dropped, and the rest is the script, kept as it is. A file
/// without a header is all script. A header line with an unknown key, a
/// missing value, a repeated name or parameter, an unknown kind or bad list
/// choices is an error naming the file and line.
pub fn parse_file(text: &str, path: &Path) -> Result<ParsedQuery> {
    parse(text, path).map(|(query, _)| query)
}

/// [`parse_file`], and whether the header named the query.
fn parse(text: &str, path: &Path) -> Result<(ParsedQuery, bool)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bad = |line: usize, problem: String| Error::BadHeader {
        path: path.to_owned(),
        line,
        problem,
    };
    let mut name: Option<String> = None;
    let mut description: Vec<&str> = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    let mut parameters: Vec<ParameterSpec> = Vec::new();
    let mut rest = text;
    let mut line_no = 0;
    loop {
        let (line, after) = match rest.find('\n') {
            Some(end) => (&rest[..end], &rest[end + 1..]),
            None => (rest, ""),
        };
        let line = line.strip_suffix('\r').unwrap_or(line);
        let Some(entry) = header_entry(line) else {
            break;
        };
        line_no += 1;
        let (key, value) = match entry.find(' ') {
            Some(space) => (&entry[..space], &entry[space + 1..]),
            None => (entry, ""),
        };
        match key {
            "name" => {
                if name.is_some() {
                    return Err(bad(line_no, "the name is given twice".to_owned()));
                }
                let value = value.trim();
                if value.is_empty() {
                    return Err(bad(line_no, "the name is empty".to_owned()));
                }
                name = Some(value.to_owned());
            }
            "description" => description.push(value),
            "tags" => tags.extend(value.split(',').map(|t| t.trim().to_owned())),
            "parameter" => {
                let spec = parse_parameter(value).map_err(|problem| bad(line_no, problem))?;
                if parameters.iter().any(|p| p.name == spec.name) {
                    return Err(bad(
                        line_no,
                        format!("parameter {} is given twice", spec.name),
                    ));
                }
                parameters.push(spec);
            }
            other => {
                return Err(bad(
                    line_no,
                    format!(
                        "unknown header 'tandem:{}' (known: name, description, tags, parameter)",
                        other.escape_debug()
                    ),
                ))
            }
        }
        rest = after;
    }
    if line_no > 0 {
        rest = rest
            .strip_prefix("\r\n")
            .or_else(|| rest.strip_prefix('\n'))
            .unwrap_or(rest);
    }
    let named = name.is_some();
    let name = match name {
        Some(name) => name,
        None => path
            .file_stem()
            .map(|s| s.to_string_lossy().trim().to_owned())
            .filter(|s| !s.is_empty())
            .ok_or_else(|| Error::InvalidQuery {
                problem: format!("{} has no name for its query", path.display()),
            })?,
    };
    let mut tags = check_tags(&tags).map_err(|e| bad(0, e.to_string()))?;
    tags.sort_by_key(|t| t.to_lowercase());
    parameters.sort_by(|a, b| a.name.cmp(&b.name));
    Ok((
        ParsedQuery {
            name,
            description: description.join("\n"),
            tags,
            parameters,
            script: rest.to_owned(),
        },
        named,
    ))
}

/// The text after `-- tandem:` if `line` is a header line.
fn header_entry(line: &str) -> Option<&str> {
    line.strip_prefix("--")?
        .trim_start()
        .strip_prefix("tandem:")
}

/// `NAME kind [options]` of a `tandem:parameter` line.
fn parse_parameter(value: &str) -> std::result::Result<ParameterSpec, String> {
    let value = value.trim();
    let (name, rest) = value.split_once(char::is_whitespace).ok_or_else(|| {
        format!("a parameter needs a name and a kind, as in 'NAME date', not '{value}'")
    })?;
    let rest = rest.trim_start();
    let (kind_text, options) = rest
        .split_once(char::is_whitespace)
        .map_or((rest, ""), |(k, o)| (k, o.trim()));
    check_parameter_name(name).map_err(|e| e.to_string())?;
    let kind = ParameterKind::parse(kind_text).ok_or_else(|| {
        let known: Vec<&str> = ParameterKind::ALL.iter().map(|k| k.as_str()).collect();
        format!(
            "parameter {name} has the unknown kind '{kind_text}' (known: {})",
            known.join(", ")
        )
    })?;
    let options = match (kind, options) {
        (_, "") => Vec::new(),
        (ParameterKind::List, json) => serde_json::from_str(json).map_err(|e| {
            format!("the choices of parameter {name} are not a JSON list of texts: {e}")
        })?,
        (kind, _) => {
            return Err(format!(
                "parameter {name} is a {}, which takes no choices",
                kind.as_str()
            ))
        }
    };
    Ok(ParameterSpec {
        name: name.to_owned(),
        kind,
        options,
    })
}

/// A file name (without `.sql`) for a query name that every desktop
/// accepts: characters Windows refuses become `_`, and the name does not
/// start with a dot (hidden, and skipped on import) or end with one.
fn file_stem(name: &str) -> String {
    let mut stem: String = name
        .chars()
        .map(|c| {
            if c.is_control() || r#"/\:*?"<>|"#.contains(c) {
                '_'
            } else {
                c
            }
        })
        .take(120)
        .collect();
    stem = stem.trim().trim_end_matches('.').to_owned();
    if stem.starts_with('.') {
        stem.replace_range(..1, "_");
    }
    if stem.is_empty() || is_reserved_on_windows(&stem) {
        stem.insert(0, '_');
    }
    stem
}

fn io_error<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> Error + 'a {
    move |source| Error::LibraryFile {
        action,
        path: path.to_owned(),
        source,
    }
}

impl Library<'_> {
    /// Query `id` as a library file holds it.
    pub fn library_file(&self, id: i64) -> Result<ParsedQuery> {
        let query = self.live(id)?;
        let parameters = self
            .parameters(id)?
            .into_iter()
            .filter_map(|p| {
                Some(ParameterSpec {
                    kind: p.kind?,
                    name: p.name,
                    options: p.options,
                })
            })
            .collect();
        Ok(ParsedQuery {
            name: query.name,
            description: query.description,
            tags: query.tags,
            parameters,
            script: query.script,
        })
    }

    /// Writes every query not deleted into `dir` (created if needed), one
    /// `.sql` file per query in the subfolder of its folder; the files
    /// written, in library order.
    ///
    /// A file already there is replaced only if its header names the same
    /// query, that is an earlier export of it; any other file is left alone
    /// and the query goes to "<name> (2).sql" (or 3, ...) instead. Each file
    /// is written whole or not at all (written aside, then renamed).
    pub fn export_folder(&self, dir: &Path) -> Result<Vec<PathBuf>> {
        let mut written = Vec::new();
        // Lower case: two queries whose names differ only in case, or in
        // characters a file name cannot hold, must not share a file.
        let mut taken: HashSet<String> = HashSet::new();
        std::fs::create_dir_all(dir).map_err(io_error("create the folder", dir))?;
        for query in self.list(&ListFilter::default())? {
            let folder = query
                .folder
                .split('/')
                .filter(|p| !p.is_empty())
                .fold(dir.to_owned(), |path, part| path.join(part));
            std::fs::create_dir_all(&folder).map_err(io_error("create the folder", &folder))?;
            let stem = file_stem(&query.name);
            let text = self.library_file(query.id)?.render();
            for n in 1.. {
                let path = folder.join(match n {
                    1 => format!("{stem}.sql"),
                    n => format!("{stem} ({n}).sql"),
                });
                let key = path.to_string_lossy().to_lowercase();
                if taken.contains(&key) || !free_or_ours(&path, &query.name) {
                    continue;
                }
                write_whole(&path, &text)?;
                taken.insert(key);
                written.push(path);
                break;
            }
        }
        Ok(written)
    }

    /// Imports every `.sql` file under `dir`, its subfolders giving the
    /// queries' folders; folders and files whose names start with a dot
    /// (`.git`) and files of other types are passed over. See the module's
    /// documentation for what happens to each file; each is written in its
    /// own transaction, so a file is imported whole or not at all.
    ///
    /// An error only if `dir` itself cannot be read; a file or subfolder
    /// that cannot is reported as skipped.
    pub fn import_folder(&self, dir: &Path) -> Result<ImportReport> {
        let mut report = ImportReport::default();
        let mut files = Vec::new();
        let top = std::fs::read_dir(dir).map_err(io_error("read the folder", dir))?;
        collect_files(top, &mut files, &mut report.skipped);
        files.sort();
        // The first file of each folder and name wins; a later one is a
        // mistake in the shared folder, not a newer version.
        let mut seen: Vec<(String, String, PathBuf)> = Vec::new();
        for path in files {
            let relative = path.strip_prefix(dir).unwrap_or(&path);
            let folder: Vec<String> = relative
                .parent()
                .into_iter()
                .flat_map(|p| p.components())
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            match self.import_file(&path, &folder.join("/"), &mut seen) {
                Ok((outcome, file)) => match outcome {
                    Outcome::Imported => report.imported.push(file),
                    Outcome::Updated => report.updated.push(file),
                    Outcome::Copied => report.copied.push(file),
                    Outcome::Unchanged => report.unchanged.push(file),
                },
                Err(e) => report.skipped.push(SkippedFile {
                    path,
                    reason: e.to_string(),
                }),
            }
        }
        Ok(report)
    }

    fn import_file(
        &self,
        path: &Path,
        folder: &str,
        seen: &mut Vec<(String, String, PathBuf)>,
    ) -> Result<(Outcome, ImportedFile)> {
        let bytes = std::fs::read(path).map_err(io_error("read", path))?;
        let text = String::from_utf8(bytes).map_err(|_| Error::NotUtf8 {
            path: path.to_owned(),
        })?;
        let parsed = parse_file(&text, path)?;
        let folder = check_folder(folder).map_err(|e| Error::InvalidQuery {
            problem: format!("{}: {e}", path.display()),
        })?;
        let key = (folder.to_lowercase(), parsed.name.to_lowercase());
        if let Some((_, _, first)) = seen.iter().find(|(f, n, _)| (f, n) == (&key.0, &key.1)) {
            return Err(Error::InvalidQuery {
                problem: format!(
                    "{} holds the query '{}', which {} already imported",
                    path.display(),
                    parsed.name,
                    first.display()
                ),
            });
        }
        seen.push((key.0, key.1, path.to_owned()));

        let tx = self.conn.unchecked_transaction()?;
        let (outcome, id, name) = match self.find(&folder, &parsed.name)? {
            None => (
                Outcome::Imported,
                self.insert_parsed(&parsed, &folder)?,
                parsed.name.clone(),
            ),
            Some(id) => match self.compare(id, &parsed)? {
                Match::Same => (Outcome::Unchanged, id, parsed.name.clone()),
                Match::Untouched => {
                    self.replace(id, &parsed)?;
                    (Outcome::Updated, id, parsed.name.clone())
                }
                Match::Changed => self.import_copy(&parsed, &folder)?,
            },
        };
        tx.commit()?;
        Ok((
            outcome,
            ImportedFile {
                path: path.to_owned(),
                id,
                folder,
                name,
            },
        ))
    }

    /// A file that differs from a query changed here: as "<name>
    /// (imported)", unless such a copy already reads the same.
    fn import_copy(&self, parsed: &ParsedQuery, folder: &str) -> Result<(Outcome, i64, String)> {
        for n in 1.. {
            let name = match n {
                1 => format!("{} (imported)", parsed.name),
                n => format!("{} (imported {n})", parsed.name),
            };
            let copy = ParsedQuery {
                name: name.clone(),
                ..parsed.clone()
            };
            let Some(id) = self.find(folder, &name)? else {
                return Ok((Outcome::Copied, self.insert_parsed(&copy, folder)?, name));
            };
            match self.compare(id, &copy)? {
                Match::Same => return Ok((Outcome::Unchanged, id, name)),
                Match::Untouched => {
                    self.replace(id, &copy)?;
                    return Ok((Outcome::Updated, id, name));
                }
                Match::Changed => {}
            }
        }
        unreachable!("some number is free")
    }

    fn insert_parsed(&self, parsed: &ParsedQuery, folder: &str) -> Result<i64> {
        let id = self.insert(
            &NewQuery {
                name: &parsed.name,
                description: &parsed.description,
                folder,
                script: &parsed.script,
                tags: &parsed.tags,
            },
            Some(&parsed.render()),
        )?;
        for p in &parsed.parameters {
            self.write_kind(id, &p.name, Some(p.kind), &p.options)?;
        }
        Ok(id)
    }

    /// Replaces query `id` by `parsed`, parameter kinds included; the
    /// values remembered here stay.
    fn replace(&self, id: i64, parsed: &ParsedQuery) -> Result<()> {
        self.change(
            id,
            &QueryChange {
                name: Some(&parsed.name),
                description: Some(&parsed.description),
                folder: None,
                script: Some(&parsed.script),
                tags: Some(&parsed.tags),
            },
            Some(&parsed.render()),
        )?;
        self.conn.execute(
            "update query_parameters set kind = null, options = null where query_id = ?1",
            [id],
        )?;
        self.conn.execute(
            "delete from query_parameters where query_id = ?1 and value is null",
            [id],
        )?;
        for p in &parsed.parameters {
            self.write_kind(id, &p.name, Some(p.kind), &p.options)?;
        }
        Ok(())
    }

    /// How query `id` stands to the file `parsed`. A query that reads the
    /// same is marked as imported from it, so that a later version of the
    /// file may replace it.
    fn compare(&self, id: i64, parsed: &ParsedQuery) -> Result<Match> {
        let current = self.library_file(id)?;
        if current == *parsed {
            self.conn.execute(
                "update queries set imported_file = ?2 where id = ?1",
                (id, parsed.render()),
            )?;
            return Ok(Match::Same);
        }
        let imported_file: Option<String> = self.conn.query_row(
            "select imported_file from queries where id = ?1",
            [id],
            |row| row.get(0),
        )?;
        Ok(if imported_file == Some(current.render()) {
            Match::Untouched
        } else {
            Match::Changed
        })
    }
}

/// How a query stands to a file being imported.
enum Match {
    /// It reads the same.
    Same,
    /// It differs, but reads as the file it was last imported from: nobody
    /// changed it here since.
    Untouched,
    /// It differs, and was changed here (or never imported).
    Changed,
}

/// What became of an imported file.
enum Outcome {
    Imported,
    Updated,
    Copied,
    Unchanged,
}

/// Whether `path` can be written for the query `name`: nothing is there,
/// or an earlier export of that query (its header names it).
fn free_or_ours(path: &Path, name: &str) -> bool {
    match std::fs::read(path) {
        Err(e) => e.kind() == std::io::ErrorKind::NotFound,
        Ok(bytes) => String::from_utf8(bytes)
            .ok()
            .and_then(|text| parse(&text, path).ok())
            .is_some_and(|(parsed, named)| {
                named && parsed.name.to_lowercase() == name.to_lowercase()
            }),
    }
}

/// Writes `text` to a file beside `path`, then renames it over `path`, so
/// that `path` is never left half written.
fn write_whole(path: &Path, text: &str) -> Result<()> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let aside = path.with_file_name(format!(".{file_name}.tmp"));
    std::fs::write(&aside, text).map_err(io_error("write", &aside))?;
    std::fs::rename(&aside, path).map_err(|source| {
        let _ = std::fs::remove_file(&aside);
        Error::LibraryFile {
            action: "write",
            path: path.to_owned(),
            source,
        }
    })
}

/// The `.sql` files under a folder being read, depth first; subfolders
/// that cannot be read are reported as skipped.
fn collect_files(
    entries: std::fs::ReadDir,
    files: &mut Vec<PathBuf>,
    skipped: &mut Vec<SkippedFile>,
) {
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                skipped.push(SkippedFile {
                    path: PathBuf::new(),
                    reason: format!("cannot read a folder entry: {e}"),
                });
                continue;
            }
        };
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        // Not followed: a link to a folder could lead round in a circle.
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            match std::fs::read_dir(&path) {
                Ok(inner) => collect_files(inner, files, skipped),
                Err(e) => skipped.push(SkippedFile {
                    reason: io_error("read the folder", &path)(e).to_string(),
                    path,
                }),
            }
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("sql"))
        {
            files.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::testing::TempDir;
    use crate::{Parameter, SavedQuery, Store};

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|t| t.to_string()).collect()
    }

    fn sample() -> ParsedQuery {
        ParsedQuery {
            name: "Customers per company".to_owned(),
            description: "Every customer.\n\nWith its company.".to_owned(),
            tags: strings(&["monthly", "Sync"]),
            parameters: vec![
                ParameterSpec {
                    name: "PERIOD".to_owned(),
                    kind: ParameterKind::List,
                    options: strings(&["Q1", "Q2, early", "\"Q3\""]),
                },
                ParameterSpec {
                    name: "SOURCE_COMPANY".to_owned(),
                    kind: ParameterKind::Company,
                    options: vec![],
                },
            ],
            // A script that looks like a header after the empty line stays
            // script.
            script: "\n-- tandem:name not a header\nselect * from Accounts\n".to_owned(),
        }
    }

    fn add(store: &Store, folder: &str, name: &str, script: &str, tags: &[&str]) -> i64 {
        store
            .library()
            .create(&NewQuery {
                name,
                description: "",
                folder,
                script,
                tags: &strings(tags),
            })
            .unwrap()
    }

    /// What a library file carries of every query, for comparing libraries.
    fn contents(store: &Store) -> Vec<(String, ParsedQuery)> {
        let library = store.library();
        library
            .list(&ListFilter::default())
            .unwrap()
            .into_iter()
            .map(|q: SavedQuery| (q.folder, library.library_file(q.id).unwrap()))
            .collect()
    }

    fn bad_header(text: &str) -> String {
        let err = parse_file(text, Path::new("lib/q.sql")).unwrap_err();
        assert!(matches!(err, Error::BadHeader { .. }), "{err:?}");
        err.to_string()
    }

    #[test]
    fn a_rendered_file_parses_back_as_it_was() {
        let query = sample();
        let text = query.render();
        assert!(
            text.starts_with(
                "-- tandem:name Customers per company\n\
                 -- tandem:description Every customer.\n\
                 -- tandem:description \n\
                 -- tandem:description With its company.\n\
                 -- tandem:tags monthly, Sync\n\
                 -- tandem:parameter PERIOD list [\"Q1\",\"Q2, early\",\"\\\"Q3\\\"\"]\n\
                 -- tandem:parameter SOURCE_COMPANY company\n\
                 \n\n-- tandem:name not a header\n"
            ),
            "{text}"
        );
        assert_eq!(parse_file(&text, Path::new("x.sql")).unwrap(), query);
        let bare = ParsedQuery {
            name: "Q".to_owned(),
            description: String::new(),
            tags: vec![],
            parameters: vec![],
            script: "select 1".to_owned(),
        };
        assert_eq!(bare.render(), "-- tandem:name Q\n\nselect 1");
        assert_eq!(
            parse_file(&bare.render(), Path::new("x.sql")).unwrap(),
            bare
        );
    }

    #[test]
    fn a_file_without_a_header_is_named_after_the_file() {
        let text = "-- Customers\nselect * from Accounts\n";
        let query = parse_file(text, Path::new("lib/Monthly/Open items.sql")).unwrap();
        assert_eq!(query.name, "Open items");
        assert_eq!(query.script, text);
        assert_eq!(query.description, "");
        assert!(query.tags.is_empty() && query.parameters.is_empty());
    }

    #[test]
    fn windows_line_ends_a_bom_and_loose_spacing_are_read() {
        let text = "\u{feff}--tandem:name  Q \r\n--  tandem:tags b,, A ,a\r\n\
                    -- tandem:parameter   D   date\r\n\r\nselect 1\r\n";
        let query = parse_file(text, Path::new("q.sql")).unwrap();
        assert_eq!(query.name, "Q");
        assert_eq!(query.tags, ["A", "b"]);
        assert_eq!(query.parameters[0].name, "D");
        assert_eq!(query.parameters[0].kind, ParameterKind::Date);
        assert_eq!(query.script, "select 1\r\n");
    }

    #[test]
    fn a_malformed_header_line_names_the_file_and_line() {
        let cases = [
            ("-- tandem:name Q\n-- tandem:nmae R\n", "lib/q.sql, line 2: unknown header 'tandem:nmae' (known: name, description, tags, parameter)"),
            ("-- tandem:name  \n", "lib/q.sql, line 1: the name is empty"),
            ("-- tandem:name Q\n-- tandem:name R\n", "lib/q.sql, line 2: the name is given twice"),
            ("-- tandem:parameter YEAR\n", "lib/q.sql, line 1: a parameter needs a name and a kind, as in 'NAME date', not 'YEAR'"),
            ("-- tandem:parameter YEAR money\n", "lib/q.sql, line 1: parameter YEAR has the unknown kind 'money' (known: text, number, date, yesno, list, company, companies)"),
            ("-- tandem:parameter P list [1, 2]\n", "lib/q.sql, line 1: the choices of parameter P are not a JSON list of texts: invalid type: integer `1`, expected a string at line 1 column 2"),
            ("-- tandem:parameter P date [\"a\"]\n", "lib/q.sql, line 1: parameter P is a date, which takes no choices"),
            ("-- tandem:parameter P date\n-- tandem:parameter P text\n", "lib/q.sql, line 2: parameter P is given twice"),
        ];
        for (text, message) in cases {
            assert_eq!(bad_header(text), message);
        }
    }

    #[test]
    fn export_writes_one_file_per_query_in_its_folder() {
        let store = Store::open_in_memory().unwrap();
        let library = store.library();
        let id = add(&store, "Monthly/Sync", "Customers", "select 1", &["sync"]);
        library
            .set_parameter_kind(id, "CO", Some(ParameterKind::Company), &[])
            .unwrap();
        library
            .remember_parameters(
                id,
                &BTreeMap::from([("CO".to_owned(), "102673".to_owned())]),
            )
            .unwrap();
        add(&store, "", "Sales: 2026/Q1?", "select 2", &[]);
        add(&store, "", "Sales_ 2026_Q1_", "select 3", &[]);
        add(&store, "", "con", "select 4", &[]);
        let gone = add(&store, "", "Deleted", "select 5", &[]);
        library.delete(gone).unwrap();

        let dir = TempDir::new("export");
        let written = library.export_folder(dir.path()).unwrap();
        let root = dir.path();
        assert_eq!(
            written,
            [
                root.join("_con.sql"),
                root.join("Sales_ 2026_Q1_.sql"),
                root.join("Sales_ 2026_Q1_ (2).sql"),
                root.join("Monthly/Sync/Customers.sql"),
            ]
        );
        assert_eq!(
            dir.files(),
            [
                "Monthly",
                "Sales_ 2026_Q1_ (2).sql",
                "Sales_ 2026_Q1_.sql",
                "_con.sql"
            ]
        );
        let text = std::fs::read_to_string(root.join("Monthly/Sync/Customers.sql")).unwrap();
        // The remembered company number stays in the database.
        assert_eq!(
            text,
            "-- tandem:name Customers\n-- tandem:tags sync\n\
             -- tandem:parameter CO company\n\nselect 1"
        );
        let first = std::fs::read_to_string(root.join("Sales_ 2026_Q1_.sql")).unwrap();
        assert!(
            first.starts_with("-- tandem:name Sales: 2026/Q1?\n"),
            "{first}"
        );
    }

    /// Exporting again replaces the files it wrote, and only those.
    #[test]
    fn export_replaces_its_own_files_and_keeps_others() {
        let store = Store::open_in_memory().unwrap();
        let library = store.library();
        let dir = TempDir::new("export-again");
        let root = dir.path();
        let id = add(&store, "", "Q", "select 1", &[]);
        add(&store, "", "Notes", "select 2", &[]);
        std::fs::write(root.join("Notes.sql"), "-- someone's own notes\n").unwrap();
        std::fs::write(root.join("Notes (2).sql"), "-- tandem:name Other\n\nx").unwrap();
        library.export_folder(root).unwrap();
        library
            .update(
                id,
                &QueryChange {
                    script: Some("select 42"),
                    ..QueryChange::default()
                },
            )
            .unwrap();
        let written = library.export_folder(root).unwrap();
        assert_eq!(written, [root.join("Notes (3).sql"), root.join("Q.sql")]);
        assert_eq!(
            std::fs::read_to_string(root.join("Q.sql")).unwrap(),
            "-- tandem:name Q\n\nselect 42"
        );
        assert_eq!(
            std::fs::read_to_string(root.join("Notes.sql")).unwrap(),
            "-- someone's own notes\n"
        );
        assert_eq!(
            std::fs::read_to_string(root.join("Notes (2).sql")).unwrap(),
            "-- tandem:name Other\n\nx"
        );
        assert_eq!(
            dir.files(),
            ["Notes (2).sql", "Notes (3).sql", "Notes.sql", "Q.sql"]
        );
    }

    #[test]
    fn export_then_import_into_a_fresh_store_gives_the_same_library() {
        let store = Store::open_in_memory().unwrap();
        let library = store.library();
        let id = library
            .create(&NewQuery {
                name: "Customers per company",
                description: "Every customer.\nWith its company.",
                folder: "Monthly/Sync",
                script: "select * from Accounts where Division = ${SOURCE_COMPANY}\n",
                tags: &strings(&["sync", "monthly"]),
            })
            .unwrap();
        library
            .set_parameter_kind(id, "SOURCE_COMPANY", Some(ParameterKind::Company), &[])
            .unwrap();
        library
            .set_parameter_kind(
                id,
                "PERIOD",
                Some(ParameterKind::List),
                &strings(&["Q1", "Q2"]),
            )
            .unwrap();
        add(&store, "", "Top: level?", "", &[]);
        add(&store, "Yearly", "Close", "select 1", &["year end"]);
        let dir = TempDir::new("round-trip");
        library.export_folder(dir.path()).unwrap();

        let fresh = Store::open_in_memory().unwrap();
        let report = fresh.library().import_folder(dir.path()).unwrap();
        assert_eq!(report.imported.len(), 3, "{report:?}");
        assert!(report.updated.is_empty() && report.copied.is_empty());
        assert!(report.unchanged.is_empty() && report.skipped.is_empty());
        assert_eq!(contents(&fresh), contents(&store));
        let imported = fresh
            .library()
            .search("Customers per company")
            .unwrap()
            .remove(0);
        assert_eq!(imported.description, "Every customer.\nWith its company.");
        assert_eq!(
            fresh.library().parameters(imported.id).unwrap()[0],
            Parameter {
                name: "PERIOD".to_owned(),
                value: None,
                kind: Some(ParameterKind::List),
                options: strings(&["Q1", "Q2"]),
            }
        );

        // Importing the same folder again changes nothing.
        let again = fresh.library().import_folder(dir.path()).unwrap();
        assert_eq!(again.unchanged.len(), 3, "{again:?}");
        assert_eq!(contents(&fresh), contents(&store));
    }

    #[test]
    fn a_bad_file_is_skipped_whole_and_the_rest_imported() {
        let dir = TempDir::new("import-bad");
        let root = dir.path();
        std::fs::write(
            root.join("latin1.sql"),
            b"-- tandem:name Caf\xe9\n\nselect 1",
        )
        .unwrap();
        std::fs::write(
            root.join("typo.sql"),
            "-- tandem:name Typo\n-- tandem:tags a\n-- tandem:parameter X\n\nselect 2",
        )
        .unwrap();
        std::fs::create_dir(root.join("bad:folder")).unwrap();
        std::fs::write(root.join("bad:folder/q.sql"), "select 3").unwrap();
        std::fs::write(root.join("good.sql"), "select 4").unwrap();
        std::fs::write(root.join("README.md"), "not a query").unwrap();
        std::fs::create_dir(root.join(".git")).unwrap();
        std::fs::write(root.join(".git/hidden.sql"), "select 5").unwrap();

        let store = Store::open_in_memory().unwrap();
        let report = store.library().import_folder(root).unwrap();
        let skipped: Vec<(PathBuf, String)> = report
            .skipped
            .iter()
            .map(|s| (s.path.clone(), s.reason.clone()))
            .collect();
        assert_eq!(
            skipped,
            [
                (
                    root.join("bad:folder/q.sql"),
                    format!(
                        "{}: the folder 'bad:folder': 'bad:folder' cannot hold \\ : * ? \" < > | or control characters",
                        root.join("bad:folder/q.sql").display()
                    )
                ),
                (
                    root.join("latin1.sql"),
                    format!(
                        "{} is not UTF-8 text; save it as UTF-8 and import it again",
                        root.join("latin1.sql").display()
                    )
                ),
                (
                    root.join("typo.sql"),
                    format!(
                        "{}, line 3: a parameter needs a name and a kind, as in 'NAME date', not 'X'",
                        root.join("typo.sql").display()
                    )
                ),
            ]
        );
        let names: Vec<String> = store
            .library()
            .list(&ListFilter::default())
            .unwrap()
            .into_iter()
            .map(|q| q.name)
            .collect();
        assert_eq!(names, ["good"]);
        assert_eq!(report.imported[0].path, root.join("good.sql"));
        // Nothing of the typo file's header (its tag) was kept.
        let tagged: i64 = store
            .conn
            .query_row("select count(*) from query_tags", [], |row| row.get(0))
            .unwrap();
        assert_eq!(tagged, 0);
    }

    /// An import never loses what was saved: a file replaces only a query
    /// nobody changed here since it came from the shared folder; otherwise
    /// it comes in as a copy.
    #[test]
    fn a_name_clash_updates_an_untouched_query_and_copies_over_a_changed_one() {
        let dir = TempDir::new("import-clash");
        let root = dir.path();
        let file = |name: &str, script: &str| {
            std::fs::write(
                root.join(format!("{name}.sql")),
                format!("-- tandem:name {name}\n-- tandem:parameter P date\n\n{script}"),
            )
            .unwrap();
        };
        file("Shared", "select 1");
        file("Mine", "select 'shared'");
        let store = Store::open_in_memory().unwrap();
        let library = store.library();
        let mine = add(&store, "", "Mine", "select 'my own'", &[]);
        let report = library.import_folder(root).unwrap();
        let shared = report.imported[0].id;
        assert_eq!(report.copied.len(), 1, "{report:?}");
        assert_eq!(report.copied[0].name, "Mine (imported)");
        assert_eq!(
            library.get(mine).unwrap().unwrap().script,
            "select 'my own'"
        );
        library
            .remember_parameters(
                shared,
                &BTreeMap::from([("P".to_owned(), "2026-01-31".to_owned())]),
            )
            .unwrap();

        // The shared folder moves on; nobody changed "Shared" here.
        file("Shared", "select 2");
        file("Mine", "select 'shared, v2'");
        let report = library.import_folder(root).unwrap();
        // Files are taken in name order: Mine.sql, then Shared.sql.
        assert_eq!(report.updated.len(), 2, "{report:?}");
        assert_eq!(report.updated[1].id, shared);
        let updated = library.get(shared).unwrap().unwrap();
        assert_eq!(updated.script, "select 2");
        assert_eq!(
            library.parameters(shared).unwrap()[0].value.as_deref(),
            Some("2026-01-31"),
            "the remembered value was lost"
        );
        // "Mine" is still the user's own; its earlier copy, untouched here,
        // takes the new version rather than a copy piling up.
        assert_eq!(report.updated[0].name, "Mine (imported)");
        assert!(report.copied.is_empty(), "{report:?}");
        assert_eq!(
            library.get(mine).unwrap().unwrap().script,
            "select 'my own'"
        );
        let copy = library.get(report.updated[0].id).unwrap().unwrap();
        assert_eq!(copy.script, "select 'shared, v2'");

        // Changed here, then changed in the shared folder: kept, and copied.
        library
            .update(
                shared,
                &QueryChange {
                    script: Some("select 'local fix'"),
                    ..QueryChange::default()
                },
            )
            .unwrap();
        file("Shared", "select 3");
        let report = library.import_folder(root).unwrap();
        assert_eq!(report.copied.len(), 1, "{report:?}");
        assert_eq!(report.copied[0].name, "Shared (imported)");
        assert_eq!(
            library.get(shared).unwrap().unwrap().script,
            "select 'local fix'"
        );
        // The copies already read as the files: nothing new.
        let report = library.import_folder(root).unwrap();
        assert_eq!(report.unchanged.len(), 2, "{report:?}");
        assert_eq!(
            library.list(&ListFilter::default()).unwrap().len(),
            4,
            "Mine, Mine (imported), Shared, Shared (imported)"
        );
    }

    #[test]
    fn two_files_with_one_name_import_the_first() {
        let dir = TempDir::new("import-twice");
        let root = dir.path();
        std::fs::write(root.join("a.sql"), "-- tandem:name Q\n\nselect 1").unwrap();
        std::fs::write(root.join("b.sql"), "-- tandem:name q\n\nselect 2").unwrap();
        let store = Store::open_in_memory().unwrap();
        let report = store.library().import_folder(root).unwrap();
        assert_eq!(report.imported.len(), 1);
        assert_eq!(
            report.skipped[0].reason,
            format!(
                "{} holds the query 'q', which {} already imported",
                root.join("b.sql").display(),
                root.join("a.sql").display()
            )
        );
        let query = store.library().get(report.imported[0].id).unwrap().unwrap();
        assert_eq!(query.script, "select 1");
    }

    #[test]
    fn importing_a_missing_folder_names_it() {
        let dir = TempDir::new("import-missing");
        let missing = dir.path().join("nope");
        let store = Store::open_in_memory().unwrap();
        let err = store.library().import_folder(&missing).unwrap_err();
        assert!(matches!(err, Error::LibraryFile { .. }), "{err:?}");
        assert!(
            err.to_string()
                .starts_with(&format!("cannot read the folder {}: ", missing.display())),
            "{err}"
        );
    }

    #[test]
    fn file_stems_are_safe_everywhere() {
        for (name, stem) in [
            ("Sales: 2026/Q1?", "Sales_ 2026_Q1_"),
            ("..hidden", "_.hidden"),
            ("trailing. ", "trailing"),
            ("NUL", "_NUL"),
            ("...", "_"),
            ("a\tb", "a_b"),
        ] {
            assert_eq!(file_stem(name), stem, "{name}");
        }
        assert_eq!(file_stem(&"x".repeat(300)).len(), 120);
    }
}
