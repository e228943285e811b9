import ArgumentParser
import Foundation
import LearningCentreCore
import Glibc

/// `learning-centre association …`: the commune association's side, with its own database.
struct AssociationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "association",
        abstract: "Phía Hội Khuyến học xã: đăng ký trung tâm, nhập gói, chạy máy chủ tổng hợp.",
        subcommands: [RegisterCentre.self, Import.self, Serve.self, Centres.self])

    struct RegisterCentre: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "register-centre",
            abstract: "Đăng ký một trung tâm với khóa công khai của nó (in bằng 'export --print-public-key' ở trung tâm).")
        @OptionGroup var dataOptions: DataOptions
        @Option(help: "Mã trung tâm (UUID).") var id: String
        @Option(help: "Khóa công khai (base64).") var key: String
        @Option(help: "Tên trung tâm, để hiển thị.") var name: String

        func run() throws {
            do {
                try dataOptions.openStore().registerCentre(id: id.lowercased(), name: name, publicKey: key)
            } catch let error as SystemError { throw CLIFailure(error.description) }
            printLine("Đã đăng ký trung tâm \(name) (\(id.lowercased())).")
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import",
            abstract: "Kiểm tra và nhập các gói (thư mục hoặc .tar.gz), theo đúng thứ tự của từng trung tâm.")
        @OptionGroup var dataOptions: DataOptions
        @Argument(help: "Các gói.") var bundles: [String]

        func run() throws {
            signal(SIGXFSZ, SIG_IGN)
            let store = try dataOptions.openStore()
            let outcomes: [ImportOutcome]
            // The same path as a pushed bundle: an early one waits in the inbox and is applied once the gap fills.
            do { outcomes = try store.receiveBundles(bundles) } catch let error as SystemError { throw CLIFailure(error.description) }
            for outcome in outcomes {
                let mark = ["applied": "✓", "duplicate": "=", "waiting": "…", "refused": "✗", "failed": "✗"][outcome.kind.rawValue]!
                let path = bundles.contains(outcome.path) ? outcome.path : "\(outcome.path) (đã chờ trong hộp thư)"
                printLine("\(mark) \(path): \(outcome.message)")
            }
            let problems = outcomes.filter { bundles.contains($0.path) && $0.kind != .applied && $0.kind != .duplicate }.count
            if problems > 0 { throw CLIFailure("\(problems) gói chưa nhập được (xem từng dòng ở trên).") }
        }
    }

    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "serve",
            abstract: "Chạy máy chủ của Hội Khuyến học: nhận gói các trung tâm gửi, trang tổng quan và báo cáo năm của cả xã.")
        @OptionGroup var options: ServeOptions

        func run() throws { try options.serve(as: .association) }
    }

    struct Centres: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "centres", abstract: "Liệt kê các trung tâm đã đăng ký và gói mới nhất của mỗi nơi.")
        @OptionGroup var dataOptions: DataOptions

        func run() throws {
            let store = try dataOptions.openStore()
            let totals = try store.centreTotals(year: Timestamps.currentYear())
            for centre in try store.registeredCentres() {
                let t = totals[centre.id] ?? CentreTotals()
                printLine("\(centre.name) (\(centre.id)): đã nhập đến gói số \(centre.lastSequence); \(t.learners) người học, \(Store.roundHours(t.hours)) giờ, \(t.learningCitizens) công dân học tập năm nay")
            }
        }
    }
}
