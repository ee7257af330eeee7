//! nianbao（年报编辑器）: an offline editor for the 政府信息公开工作年度报告.
//!
//! - [`model`]: the report, the three official tables declared as data, and the checks;
//! - [`io`]: RON project files (versioned, atomic save);
//! - [`cli`]: the command line (`check`, `new`, …).

pub mod build_info;
pub mod cli;
pub mod export;
pub mod io;
pub mod model;
