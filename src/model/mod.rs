//! The report model: pure data and rules, no GUI, PDF or file access.

pub mod checks;
pub mod edit;
pub mod find;
pub mod number;
pub mod outline;
pub mod report;
pub mod review;
pub mod standard;
pub mod tables;
pub mod values;

pub use checks::{Finding, Gate, Location, Severity, check};
pub use number::{Amount, ValueKind};
pub use report::{AgencyLevel, Block, Contact, Date, PreviousYear, Report, Section};
pub use tables::{CellId, TableId};
pub use values::{CellValue, TableValues};
