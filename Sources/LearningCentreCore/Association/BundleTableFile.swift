import Foundation

/// One table's CSV file in a bundle, read line by line against the table's columns, whichever
/// store it goes to: an unknown or repeated column, a missing key, a line of the wrong width or a
/// value not of its column's kind is refused, naming the file and the line.
struct BundleTableFile {
    let columns: [ExportTable.Column]
    private let reader: CSVReader
    private let label: String
    /// The line last read (the header is line 1).
    private(set) var line = 1

    /// Nil for an empty file.
    init?(_ table: ExportTable, file: String) throws {
        label = (file as NSString).lastPathComponent
        reader = try CSVReader(path: file)
        guard let header = try reader.next() else { return nil }
        let label = label
        columns = try header.map { name in
            guard let column = table.columns.first(where: { $0.name == name }) else { throw BundleRefused("tệp \(label) có cột lạ \(name)") }
            return column
        }
        guard Set(header).count == header.count else { throw BundleRefused("tệp \(label) có cột lặp lại") }
        for name in table.key where !header.contains(name) { throw BundleRefused("tệp \(label) thiếu cột khóa \(name)") }
    }

    /// The next line's fields, each made a value by `convert` (nil: not a value of its kind); nil at the end.
    mutating func next<Value>(_ convert: (String, ExportTable.Kind) -> Value?) throws -> [Value]? {
        guard let fields = try reader.next() else { return nil }
        line += 1
        guard fields.count == columns.count else {
            throw BundleRefused("dòng \(line) của tệp \(label) có \(fields.count) cột, cần \(columns.count)")
        }
        return try zip(columns, fields).map { column, field in
            guard let value = convert(field, column.kind) else {
                throw BundleRefused("dòng \(line) của tệp \(label): cột \(column.name) có giá trị không hợp lệ \"\(field.prefix(40))\"")
            }
            return value
        }
    }

    /// How many records were read.
    var records: Int { line - 1 }
}
