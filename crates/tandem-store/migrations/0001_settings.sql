-- Settings: one row per key; values are JSON text so each setting keeps its type.
create table settings (
    key text primary key not null,
    value text not null
) strict;
