import Foundation
import GRDB

extension Store {
    /// What the association wrote for a year's report (empty when nothing yet).
    public func narrative(year: Int) throws -> ReportNarrative {
        try read { db in try Store.narrative(db, year: year) }
    }

    static func narrative(_ db: Database, year: Int) throws -> ReportNarrative {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM report_narratives WHERE year = ?", arguments: [year]) else { return ReportNarrative() }
        var texts: [String: String] = [:]
        for (key, _) in ReportNarrative.sections { texts[key] = row[key] }
        return ReportNarrative(texts: texts)
    }

    /// The sections the year's report prints: what was written here; at an association, a section
    /// left empty gathers what each centre wrote in it, each under the centre's name.
    public func reportNarrative(year: Int) throws -> ReportNarrative {
        try read { db in
            var narrative = try Store.narrative(db, year: year)
            let centres = try Row.fetchAll(db, sql: """
                SELECT c.name, n.* FROM centre_narratives n JOIN association_centres c ON c.id = n.centre_id WHERE n.year = ? ORDER BY c.name
                """, arguments: [year])
            for (key, _) in ReportNarrative.sections where narrative[key] == nil {
                let parts = centres.compactMap { row in (row[key] as String?).map { "\(row["name"] as String): \($0)" } }
                if !parts.isEmpty { narrative.texts[key] = parts.joined(separator: "\n") }
            }
            return narrative
        }
    }

    /// Replaces a year's sections, in one audited write; refused while the year is closed.
    public func saveNarrative(year: Int, _ narrative: ReportNarrative, actor: AuthenticatedUser?) throws -> ReportNarrative {
        try write { db in
            try Store.requireOpen(db, year: year)
            let old = try Store.narrative(db, year: year)
            let keys = ReportNarrative.sections.map(\.key)
            var values: [(any DatabaseValueConvertible)?] = [year]
            values += keys.map { narrative[$0] }
            values.append(Store.nowMillis())
            try db.execute(sql: """
                INSERT INTO report_narratives(year, \(keys.joined(separator: ", ")), updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(year) DO UPDATE SET \(keys.map { "\($0) = excluded.\($0)" }.joined(separator: ", ")), updated_at = excluded.updated_at
                """, arguments: StatementArguments(values))
            try Store.audit(db, actor: actor, entity: "narrative", id: String(year), action: "update",
                            changes: Store.diff(old.json.objectValue ?? [:], narrative.json.objectValue ?? [:]))
            return narrative
        }
    }
}
