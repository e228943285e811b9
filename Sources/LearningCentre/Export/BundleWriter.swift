import Foundation
import GRDB

/// Writes the data files of one bundle into a folder: a CSV per table and one workbook with the
/// same rows, in a single streamed pass over each table (never every row in memory).
struct BundleWriter {
    let folder: String
    /// The optional learner columns a manager chose to send (see `ExportTable.optionalLearnerColumns`).
    let learnerColumns: Set<String>
    let workbook: StreamingWorkbook

    init(folder: String, learnerColumns: Set<String>) throws {
        self.folder = folder
        self.learnerColumns = learnerColumns
        workbook = try StreamingWorkbook(path: (folder as NSString).appendingPathComponent("data.xlsx"), temporaryFolder: folder)
    }

    func columns(of table: ExportTable) -> [ExportTable.Column] {
        table.columns.filter { !$0.optional || learnerColumns.contains($0.name) }
    }

    /// Every table's records with a change sequence in (from, to], read from one snapshot.
    func writeTables(_ db: Database, from: Int64, to: Int64) throws -> [BundleManifest.File] {
        try ExportTable.all.map { table in
            let columns = columns(of: table)
            let cursor = try Row.fetchCursor(db, sql: table.selectSQL(columns: columns), arguments: [from, to])
            return try writeCSV(name: table.name, title: table.title, header: columns.map(\.name)) { emit in
                while let row = try cursor.next() {
                    try emit(columns.indices.map { index in Self.cell(row[index], kind: columns[index].kind) })
                }
            }
        }
    }

    /// Scores as the centre computed them (for people reading the bundle; the association
    /// computes its own from the records and can compare).
    func writeScores(_ scores: [LearnerScore], year: Int) throws -> BundleManifest.File {
        try writeCSV(name: "scores", title: "Điểm \(year)",
                     header: ["learner_id", "year", "ruleset_id", "ruleset_version", "points", "recognized"]) { emit in
            for score in scores {
                try emit([.text(score.learnerId), .number(Double(year)), .text(score.rulesetId), .number(Double(score.rulesetVersion)),
                          .number(score.total), .number(score.recognized ? 1 : 0)])
            }
        }
    }

    /// Every title of the year (a title depends on every member: only a full bundle has them).
    func writeTitles(_ results: YearResults) throws -> BundleManifest.File {
        try writeCSV(name: "titles", title: "Danh hiệu \(results.year)",
                     header: ["kind", "group_id", "name", "year", "recognized", "level"]) { emit in
            for kind in ["family", "clan", "community", "unit"] {
                for title in results.titles[kind] ?? [] {
                    try emit([.text(kind), .text(title.id), .text(title.name), .number(Double(results.year)), .number(title.recognized ? 1 : 0),
                              title.level.map { .number(Double($0)) } ?? .empty])
                }
            }
        }
    }

    enum Cell {
        case empty
        case text(String)
        case number(Double)
        /// A number written exactly as SQLite gave it (integers stay integers).
        case integer(Int64)
    }

    static func cell(_ value: DatabaseValue, kind: ExportTable.Kind) -> Cell {
        switch (value.storage, kind) {
        case (.null, _): return .empty
        case (.int64(let millis), .timestamp): return .text(Timestamps.isoMillis(millis))
        case (.int64(let number), _): return .integer(number)
        case (.double(let number), _): return .number(number)
        case (.string(let text), _): return .text(text)
        case (.blob, _): return .empty
        }
    }

    /// One CSV file and one sheet with the same header and rows.
    private func writeCSV(name: String, title: String, header: [String],
                          rows: (_ emit: ([Cell]) throws -> Void) throws -> Void) throws -> BundleManifest.File {
        let fileName = name + ".csv"
        let file = try BundleFile(path: (folder as NSString).appendingPathComponent(fileName))
        file.append(CSVCell.byteOrderMark + header.joined(separator: ",") + "\r\n")
        workbook.startSheet(title, header: header)
        var count = 0
        try rows { cells in
            for (index, cell) in cells.enumerated() {
                if index > 0 { file.append(byte: UInt8(ascii: ",")) }
                switch cell {
                case .empty: break
                case .text(let text): file.append(CSVCell.escape(text)); workbook.text(index, text)
                case .number(let number):
                    file.append(number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number))
                    workbook.number(index, number)
                case .integer(let number): file.append(String(number)); workbook.number(index, Double(number))
                }
            }
            file.append("\r\n")
            workbook.endRow()
            count += 1
            try file.flushIfFull()
        }
        let digest = try file.finish()
        return .init(name: fileName, sha256: digest, bytes: file.bytes, rows: count)
    }
}
