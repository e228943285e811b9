import Foundation
import GRDB
import GRDBSQLite

/// Writes the data files of one bundle into a folder: a CSV per table and one workbook with the
/// same rows, in a single streamed pass over each table (never every row in memory).
struct BundleWriter {
    let folder: String
    /// The optional learner columns a manager chose to send (see `ExportTable.optionalLearnerColumns`).
    let learnerColumns: Set<String>
    let workbook: StreamingWorkbook
    /// Check-ins before this instant go to the CSV only: years of history are no use in a
    /// spreadsheet (and would cost most of a full export's time), this year's are.
    let workbookCheckInsFrom: Int64

    init(folder: String, learnerColumns: Set<String>, workbookCheckInsFrom: Int64) throws {
        self.folder = folder
        self.learnerColumns = learnerColumns
        self.workbookCheckInsFrom = workbookCheckInsFrom
        workbook = try StreamingWorkbook(path: (folder as NSString).appendingPathComponent("data.xlsx"), temporaryFolder: folder)
    }

    func columns(of table: ExportTable) -> [ExportTable.Column] {
        table.columns.filter { !$0.optional || learnerColumns.contains($0.name) }
    }

    /// Every table's records with a change sequence in (from, to], read from one snapshot.
    /// Each row's values are read straight from SQLite's statement (text as bytes, never a
    /// String unless it goes to the sheet): a full export is millions of rows, and decoding each
    /// value through `Row` was a third of its time.
    func writeTables(_ db: Database, from: Int64, to: Int64) throws -> [BundleManifest.File] {
        try ExportTable.all.map { table in
            let columns = columns(of: table)
            let kinds = columns.map(\.kind)
            let timeColumn = table.name == "check_ins" ? columns.firstIndex { $0.name == "checked_in_at" } : nil
            let statement = try db.makeStatement(sql: table.selectSQL(columns: columns))
            try statement.setArguments([from, to])
            let raw = statement.sqliteStatement
            return try write(name: table.name, title: table.title, header: columns.map(\.name)) { sink in
                while true {
                    let step = sqlite3_step(raw)
                    if step == SQLITE_DONE { break }
                    guard step == SQLITE_ROW else {
                        throw DatabaseError(resultCode: ResultCode(rawValue: step), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                            sql: statement.sql)
                    }
                    if let timeColumn { sink.toSheet = sqlite3_column_int64(raw, Int32(timeColumn)) >= workbookCheckInsFrom }
                    for index in kinds.indices {
                        let column = Int32(index)
                        switch sqlite3_column_type(raw, column) {
                        case SQLITE_INTEGER:
                            let value = sqlite3_column_int64(raw, column)
                            if kinds[index] == .timestamp { sink.timestamp(value) } else { sink.integer(value) }
                        case SQLITE_FLOAT: sink.number(sqlite3_column_double(raw, column))
                        case SQLITE_TEXT:
                            let bytes = UnsafeBufferPointer(start: sqlite3_column_text(raw, column), count: Int(sqlite3_column_bytes(raw, column)))
                            sink.text(bytes)
                        default: sink.empty()  // NULL (and blobs, which no exported column holds)
                        }
                    }
                    sink.endRow()
                }
            }
        }
    }

    /// Scores as the centre computed them (for people reading the bundle; the association
    /// computes its own from the records and can compare).
    func writeScores(_ scores: [LearnerScore], year: Int) throws -> BundleManifest.File {
        try write(name: "scores", title: "Điểm \(year)",
                  header: ["learner_id", "year", "ruleset_id", "ruleset_version", "points", "recognized"]) { sink in
            for score in scores {
                sink.text(score.learnerId); sink.integer(Int64(year)); sink.text(score.rulesetId); sink.integer(Int64(score.rulesetVersion))
                sink.number(score.total); sink.integer(score.recognized ? 1 : 0)
                sink.endRow()
            }
        }
    }

    /// Every title of the year (a title depends on every member: only a full bundle has them).
    func writeTitles(_ results: YearResults) throws -> BundleManifest.File {
        try write(name: "titles", title: "Danh hiệu \(results.year)",
                  header: ["kind", "group_id", "name", "year", "recognized", "level"]) { sink in
            for kind in TitleKind.allCases {
                for title in results.titles[kind] ?? [] {
                    sink.text(kind.rawValue); sink.text(title.id); sink.text(title.name); sink.integer(Int64(results.year))
                    sink.integer(title.recognized ? 1 : 0)
                    if let level = title.level { sink.integer(Int64(level)) } else { sink.empty() }
                    sink.endRow()
                }
            }
        }
    }

    /// One CSV file and one sheet with the same header and rows.
    private func write(name: String, title: String, header: [String], rows: (TableSink) throws -> Void) throws -> BundleManifest.File {
        let fileName = name + ".csv"
        let file = try BundleFile(path: (folder as NSString).appendingPathComponent(fileName))
        file.append(bytes: CSVCell.byteOrderMark)
        file.append(header.joined(separator: ",") + "\r\n")
        workbook.startSheet(title, header: header)
        let sink = TableSink(file: file, workbook: workbook)
        try rows(sink)
        let digest = try file.finish()
        return .init(name: fileName, sha256: digest, bytes: file.bytes, rows: sink.rows)
    }
}

/// Where a table's rows go, field by field: the CSV file always, the workbook's sheet when
/// `toSheet`. Numbers stay numbers in both; timestamps are ISO 8601 text.
final class TableSink {
    let file: BundleFile
    let workbook: StreamingWorkbook
    var toSheet = true
    private(set) var rows = 0
    private var column = 0

    init(file: BundleFile, workbook: StreamingWorkbook) {
        self.file = file
        self.workbook = workbook
    }

    private func separate() { if column > 0 { file.append(byte: UInt8(ascii: ",")) } }

    func empty() { separate(); column += 1 }

    func text(_ value: String) {
        var value = value
        value.withUTF8 { text($0) }
    }

    /// Text as SQLite holds it (UTF-8).
    func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        separate()
        file.appendField(bytes)
        if toSheet { workbook.text(column, String(decoding: bytes, as: UTF8.self)) }
        column += 1
    }

    func integer(_ value: Int64) {
        separate()
        file.appendInteger(value)
        if toSheet { workbook.number(column, Double(value)) }
        column += 1
    }

    func number(_ value: Double) {
        if value == value.rounded(), abs(value) < 1e15 { return integer(Int64(value)) }
        separate()
        file.append(String(value))
        if toSheet { workbook.number(column, value) }
        column += 1
    }

    func timestamp(_ millis: Int64) {
        separate()
        file.appendTimestamp(millis)
        if toSheet { workbook.text(column, Timestamps.isoMillis(millis)) }
        column += 1
    }

    func endRow() {
        file.append(byte: 13)
        file.append(byte: 10)
        if toSheet { workbook.endRow() }
        column = 0
        rows += 1
        file.flushIfFull()
    }
}
