import ArgumentParser
import Foundation
import LearningCentreCore
import Glibc

/// `learning-centre association …`: the commune association's side, with its own database.
struct AssociationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "association",
        abstract: "Phía Hội Khuyến học xã: đăng ký trung tâm, nhập gói, chạy máy chủ tổng hợp.",
        subcommands: [RegisterCentre.self, Import.self, Serve.self, Centres.self, Migrate.self])

    struct RegisterCentre: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "register-centre",
            abstract: "Đăng ký một trung tâm với khóa công khai của nó (in bằng 'export --print-public-key' ở trung tâm).")
        @OptionGroup var storage: AssociationDatabase
        @Option(help: "Mã trung tâm (UUID).") var id: String
        @Option(help: "Khóa công khai (base64).") var key: String
        @Option(help: "Tên trung tâm, để hiển thị.") var name: String

        func run() throws {
            if let postgres = try storage.postgres() {
                try postgres.registerCentre(id: id, name: name, publicKey: key)
            } else {
                try storage.dataOptions.openStore().registerCentre(id: id, name: name, publicKey: key)
            }
            printLine("Đã đăng ký trung tâm \(name) (\(id.lowercased())).")
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import",
            abstract: "Kiểm tra và nhập các gói (thư mục hoặc .tar.gz), theo đúng thứ tự của từng trung tâm.")
        @OptionGroup var storage: AssociationDatabase
        @Argument(help: "Các gói.") var bundles: [String]

        func run() throws {
            signal(SIGXFSZ, SIG_IGN)
            let outcomes: [ImportOutcome]
            var scoring: Error?
            var summary: String?
            // The same path as a pushed bundle: an early one waits in the inbox and is applied once the gap fills.
            if let postgres = try storage.postgres() {
                outcomes = try postgres.receiveBundles(bundles)
                let started = Date()
                do {
                    let communes = try postgres.scoreChangedCommunes()
                    if communes > 0 {
                        summary = String(format: "Đã tính lại điểm và danh hiệu của %d xã (%.1f giây).", communes, Date().timeIntervalSince(started))
                    }
                } catch { scoring = error }
            } else {
                outcomes = try storage.dataOptions.openStore().receiveBundles(bundles)
            }
            for outcome in outcomes {
                let mark = ["applied": "✓", "duplicate": "=", "waiting": "…", "refused": "✗", "failed": "✗"][outcome.kind.rawValue]!
                let path = bundles.contains(outcome.path) ? outcome.path : "\(outcome.path) (đã chờ trong hộp thư)"
                printLine("\(mark) \(path): \(outcome.message)")
            }
            if let summary { printLine(summary) }
            if let scoring { throw scoring }
            let problems = outcomes.filter { bundles.contains($0.path) && $0.kind != .applied && $0.kind != .duplicate }.count
            if problems > 0 { throw CLIFailure("\(problems) gói chưa nhập được (xem từng dòng ở trên).") }
        }
    }

    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "serve",
            abstract: "Chạy máy chủ của Hội Khuyến học: nhận gói các trung tâm gửi, trang tổng quan và báo cáo năm của cả xã (hoặc cả tỉnh, với --database).")
        @OptionGroup var options: ServeOptions
        @Option(help: "Cơ sở dữ liệu PostgreSQL (postgresql://… hoặc chuỗi kết nối libpq) thay cho tệp SQLite trong --data, cho Hội cấp tỉnh hay cả nước; --data khi đó chỉ giữ hộp thư gói và bản tạm để tính điểm.")
        var database: String?

        func run() throws {
            if let database { try options.servePostgres(url: database) } else { try options.serve(as: .association) }
        }
    }

    struct Centres: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "centres", abstract: "Liệt kê các trung tâm đã đăng ký và gói mới nhất của mỗi nơi.")
        @OptionGroup var storage: AssociationDatabase

        func run() throws {
            let year = Timestamps.currentYear()
            let centres: [RegisteredCentre], totals: [String: CentreTotals]
            if let postgres = try storage.postgres() {
                (centres, totals) = (try postgres.registeredCentres(), try postgres.centreTotals(year: year))
            } else {
                let store = try storage.dataOptions.openStore()
                (centres, totals) = (try store.registeredCentres(), try store.centreTotals(year: year))
            }
            for centre in centres {
                let t = totals[centre.id] ?? CentreTotals()
                printLine("\(centre.name) (\(centre.id)): đã nhập đến gói số \(centre.lastSequence); \(t.learners) người học, \(Store.roundHours(t.hours)) giờ, \(t.learningCitizens) công dân học tập năm nay")
            }
        }
    }

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "migrate",
            abstract: "Tạo hoặc nâng cấp lược đồ của Hội trong PostgreSQL (serve và import cũng tự làm).")
        @Option(help: "Cơ sở dữ liệu PostgreSQL (postgresql://… hoặc chuỗi kết nối libpq).") var database: String

        func run() throws {
            let postgres = try PostgresAssociation(url: database)
            printLine("Lược đồ của Hội ở cơ sở dữ liệu PostgreSQL \(postgres.target) đã ở bước \(try postgres.schemaVersion()).")
        }
    }
}

/// Where the association keeps its records: its SQLite file under `--data` (a commune), or a
/// PostgreSQL database with `--database URL` (a province, the country).
struct AssociationDatabase: ParsableArguments {
    @OptionGroup var dataOptions: DataOptions
    @Option(help: "Cơ sở dữ liệu PostgreSQL (postgresql://… hoặc chuỗi kết nối libpq) thay cho tệp SQLite trong --data.")
    var database: String?
    @Option(help: "Thư mục các bộ tiêu chí đi kèm chương trình (để tính điểm khi dùng --database).")
    var rulesets = "./rulesets"

    /// The PostgreSQL store, connected and migrated, when `--database` names one; the data
    /// folder then keeps only copies (each commune's scratch store for scoring).
    func postgres() throws -> PostgresAssociation? {
        try database.map { try PostgresAssociation(url: $0, rulesets: rulesets, workFolder: dataOptions.data) }
    }
}
