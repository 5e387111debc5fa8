//! The migration emitters: DDL (`ddl`), the planner (`diff`) and the SQL reader (`sql_read`),
//! on hand-built schemas. One test binary, one module per topic.

mod ddl;
mod diff;
mod fixtures;
mod sql_read;
