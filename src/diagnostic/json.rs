//! The findings as the JSON document of `check --format json`.

use std::io::{self, Write};

use super::{count, Allowed, Code, Finding, Severity, Source};

impl Source<'_> {
    /// Writes the JSON document of `check --format json` (that of
    /// [`Source::to_json`], pretty-printed, with the counts of the warnings
    /// the file and `--allow` left out) one finding at a time, so that no
    /// tree of the whole document is built.
    pub(crate) fn write_json(
        &self,
        findings: &[Finding],
        allowed: Allowed,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let (errors, warnings) = count(findings);
        let name = serde_json::to_string(self.name)
            .map(crate::visible::json)
            .map_err(io::Error::other)?;
        write!(
            out,
            "{{\n  \"allowed\": {{\n    \"by_file\": {},\n    \"by_flag\": {}\n  }},\n  \"errors\": {errors},\n  \"file\": {name},\n  \"findings\": [",
            allowed.by_file, allowed.by_flag
        )?;
        for (i, finding) in findings.iter().enumerate() {
            let one = serde_json::to_string_pretty(&self.finding_json(finding))
                .map(crate::visible::json)
                .map_err(io::Error::other)?;
            out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
            for (j, line) in one.lines().enumerate() {
                if j > 0 {
                    out.write_all(b"\n")?;
                }
                write!(out, "    {line}")?;
            }
        }
        if !findings.is_empty() {
            out.write_all(b"\n  ")?;
        }
        writeln!(out, "],\n  \"warnings\": {warnings}\n}}")
    }

    fn finding_json(&self, f: &Finding) -> serde_json::Value {
        let start = self.position(f.span.start);
        let end = self.position(f.span.end);
        serde_json::json!({
            "code": f.code,
            "severity": f.severity,
            "message": f.message,
            "file": self.name,
            "line": start.line,
            "column": start.column,
            "end_line": end.line,
            "end_column": end.column,
            "label": f.label,
            "help": f.help,
            "related": f.related.iter().map(|(span, label)| {
                let p = self.position(span.start);
                serde_json::json!({"line": p.line, "column": p.column, "label": label})
            }).collect::<Vec<_>>(),
        })
    }

    /// The findings as the JSON document of `check --format json`.
    pub fn to_json(&self, findings: &[Finding]) -> serde_json::Value {
        let list: Vec<_> = findings.iter().map(|f| self.finding_json(f)).collect();
        let (errors, warnings) = count(findings);
        serde_json::json!({
            "file": self.name,
            "errors": errors,
            "warnings": warnings,
            "findings": list,
        })
    }
}

/// The JSON report of a file that could not be read: the same shape as
/// [`Source::to_json`], with one error and no position.
pub(crate) fn unreadable_json(file: &str, message: &str) -> String {
    let report = serde_json::json!({
        "allowed": {"by_file": 0, "by_flag": 0},
        "file": file,
        "errors": 1,
        "warnings": 0,
        "findings": [{
            "code": Code::Unreadable,
            "severity": Severity::Error,
            "message": message,
            "file": file,
            "line": null,
            "column": null,
            "end_line": null,
            "end_column": null,
            "label": "",
            "help": null,
            "related": [],
        }],
    });
    serde_json::to_string_pretty(&report)
        .map(crate::visible::json)
        .unwrap_or_default()
}
