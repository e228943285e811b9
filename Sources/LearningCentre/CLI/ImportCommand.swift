import ArgumentParser
import Foundation
import LearningCentreCore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Nhập dữ liệu từ tệp.",
                                                    subcommands: [Learners.self])

    struct Learners: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Nhập người học từ CSV (UTF-8, có dòng tiêu đề).")
        @Argument(help: "Tệp CSV.") var file: String
        @Flag(help: "Bỏ qua các dòng lỗi thay vì không nhập gì.") var skipBad = false
        @OptionGroup var dataOptions: DataOptions

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw CLIFailure("không đọc được tệp \(file).") }
            // A running daemon holds the data folder's lock: then the import leaves it room.
            let daemonRuns = try DataLock(dataDirectory: dataOptions.data) == nil
            let store = try dataOptions.openStore()
            // A big file touches pages all over the learners' indexes: a larger page cache for
            // this one writer keeps each transaction's pages in memory (the daemon keeps 1 MiB).
            try store.write { db in try db.execute(sql: "PRAGMA cache_size = -65536") }
            let report = try LearnerImport(store: store, pace: daemonRuns ? .besideDaemon : .alone).run(csv: [UInt8](data), skipBad: skipBad, actor: nil)
            for line in report.rejected {
                printLine("dòng \(line.line): lỗi\(line.field.map { " ở cột \($0)" } ?? ""): \(line.message)")
            }
            for line in report.duplicates {
                printLine("dòng \(line.line): có thể trùng người đã có (\(line.fullName)); không thêm.")
            }
            printLine(report.summary(skipBad: "thêm --skip-bad"))
            if !report.committed { throw CLIFailure("nhập \(file) không thành công: \(report.rejected.count) dòng lỗi.") }
        }
    }
}
