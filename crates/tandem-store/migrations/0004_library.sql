-- The saved-query library: scripts with a name, description, folder and
-- tags, and the parameter values last used with each.
--
-- A delete only sets deleted_at, so that it can be undone; deleted rows are
-- removed for good only by an explicit purge.
create table queries (
    id integer primary key,
    name text not null check (length(name) > 0),
    description text not null default '',
    -- '/'-separated folder path; '' is the top of the library.
    folder text not null default '',
    script text not null,
    -- ISO-8601 UTC, stamped by SQLite.
    created_at text not null,
    updated_at text not null,
    -- Null while the query is in the library; set when it was deleted.
    deleted_at text,
    -- The library file (header and script) this query was last imported
    -- from or matched. An import replaces the query only while it still
    -- reads the same, that is while nobody changed it here since.
    imported_file text
) strict;

-- A name is unique within its folder among queries not deleted, ignoring
-- ASCII case, because an exported library is a folder of files named after
-- the queries, and Windows and macOS file names ignore case.
create unique index queries_name_in_folder
    on queries (folder collate nocase, name collate nocase)
    where deleted_at is null;

create table query_tags (
    query_id integer not null references queries (id) on delete cascade,
    tag text not null collate nocase check (length(tag) > 0),
    primary key (query_id, tag)
) strict, without rowid;

-- Per query and parameter (a ${NAME} in the script): the value last used,
-- and the kind of input its author fixed, if any.
create table query_parameters (
    query_id integer not null references queries (id) on delete cascade,
    name text not null check (length(name) > 0),
    value text,
    kind text check (kind in ('text', 'number', 'date', 'yesno', 'list', 'company', 'companies')),
    -- JSON list of the choices, for a list only.
    options text check (options is null or (kind is 'list' and json_type(options) = 'array')),
    primary key (query_id, name)
) strict, without rowid;
