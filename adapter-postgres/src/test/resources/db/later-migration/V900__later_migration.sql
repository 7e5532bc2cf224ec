-- ReadyMadeClusterStartTest: a migration released after the build's ready-made cluster was made still applies to it.
create table later_migration (id integer primary key);
