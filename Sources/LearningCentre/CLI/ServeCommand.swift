import ArgumentParser
import Foundation
import LearningCentreCore
import Logging

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Chạy máy chủ của trung tâm.")
    @OptionGroup var options: ServeOptions

    func run() throws { try options.serve(as: .centre) }
}

/// The daemon's options and its life, for a centre and for the association alike.
struct ServeOptions: ParsableArguments {
    @OptionGroup var dataOptions: DataOptions
    @Option(help: "Thư mục các trang web.") var www: String = "./www"
    @Option(help: "Thư mục các bộ tiêu chí (mặc định: rulesets cạnh thư mục trang web).") var rulesets: String?
    @Option(help: "Địa chỉ lắng nghe.") var bind: String = "127.0.0.1"
    @Option(help: "Cổng (0: chọn một cổng trống).") var port: UInt16 = 8080
    @Option(help: "Địa chỉ các máy điểm danh, cách nhau bởi dấu phẩy.") var kioskAddresses: String = "127.0.0.1,::1"
    @Option(help: "Số giây chờ một kết nối im lặng trước khi đóng.") var connectionTimeout: UInt32 = 30
    @Option(help: "Số kết nối cùng lúc từ các máy không phải máy điểm danh (máy điểm danh luôn còn chỗ).") var connectionLimit: Int = 4000
    @Option(help: "Số kết nối cùng lúc từ một địa chỉ (trừ máy điểm danh).") var connectionsPerAddress: Int = 64
    @Option(help: "Số giây để một máy gửi xong phần đầu của yêu cầu; chậm hơn thì bị ngắt.") var headerTimeout: Double = 10
    @Option(help: "Số luồng đọc yêu cầu (mặc định: số lõi, ít nhất 2).") var threads: UInt32?
    @Option(help: "Số luồng cho việc ghi dữ liệu, đăng nhập và tính số liệu cả năm (mỗi luồng giữ một yêu cầu chờ ghi đĩa; các yêu cầu ghi cùng lúc dùng chung một lần ghi).") var workers: Int = 32
    @Option(help: "Số giờ tối đa của một lượt đến trung tâm (đọc sách, câu lạc bộ, tự học).") var maxVisitHours: Double = 4
    @Option(help: "Giờ đóng cửa: các lượt còn mở tự đóng lúc này (HH:MM).") var closingTime: String = "21:00"
    @Option(help: "Số phút trước giờ học thì mở điểm danh.") var openLeadMinutes: Int = 30
    @Option(help: "Thư mục hộp thư đi của các gói xuất (mặc định: DATA/outbox).") var outbox: String?
    @Option(help: "Các thư mục tìm USB có thư mục \(Delivery.usbMarker), cách nhau bởi dấu phẩy.")
    var usbRoots = Delivery.defaultUSBRoots.joined(separator: ",")

    func serve(as role: Store.DatabaseRole) throws {
        let (logger, lock, rulesetDirectory) = try startProcess()
        let store = try dataOptions.openStore()
        if store.startedAfterCleanStop {
            logger.info("Lần dừng trước sạch, tệp dữ liệu còn nguyên như lúc dừng: bỏ qua kiểm tra nhanh (kiểm tra đầy đủ chạy hằng đêm cùng bản sao lưu)")
        }
        try store.claimRole(role)
        let loaded = try store.installRulesets(from: rulesetDirectory)
        for installed in loaded.installed { logger.info("Đã nạp bộ tiêu chí \(installed) từ \(rulesetDirectory)") }
        for problem in loaded.problems { logger.error("\(problem)") }
        var appConfig = AppConfig()
        appConfig.wwwDirectory = www
        guard let closingMinute = CentreRules.minute(of: closingTime) else {
            throw CLIFailure("--closing-time phải có dạng HH:MM, ví dụ 21:00.")
        }
        appConfig.rules.closingMinute = closingMinute
        appConfig.rules.maxVisitHours = max(0.25, min(maxVisitHours, 24))
        appConfig.rules.openLeadMinutes = max(0, min(openLeadMinutes, 24 * 60))
        appConfig.outbox = outbox
        appConfig.usbRoots = usbRoots.split(separator: ",").map(String.init)
        appConfig.association = role == .association
        appConfig.kioskAddresses = Set(kioskAddresses.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        let app = CentreApp(store: store, config: appConfig, logger: logger)
        // Pushed bundles can be large; every other body is still checked by its route.
        if role == .association { store.sweepImportLeftovers() }
        let server = try startServer(app, kioskAddresses: appConfig.kioskAddresses, where: store.path)
        if (try? store.userCount()) == 0 { printFirstLoginHint("--data \(dataOptions.data)") }
        lock.recordHolder(startedAt: Store.nowMillis())
        ServiceNotifier.notify("READY=1\nSTATUS=Đang phục vụ trên cổng \(server.boundPort)")
        Thread.detachNewThread {
            store.warmSearchIndex()
            MappedCode.releaseStartupPages()
        }
        // The association keeps the centres' records as they sent them: it closes no check-ins itself.
        // Started in this order, stopped in the reverse one.
        var loops: [BackgroundLoop] = []
        if role == .centre {
            loops.append(Housekeeping(store: store, rules: appConfig.rules, logger: logger).start())
            loops.append(Delivery(store: store, usbRoots: appConfig.usbRoots).start(logger: logger))
        }
        if let watchdog = ServiceNotifier.startWatchdog(healthy: { (try? store.read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1 }) {
            loops.append(watchdog)
        }
        waitAndStop(server, loops: loops, logger: logger)
        do {
            if try !store.close(waitingUpTo: 3) {
                logger.warning("một việc nền (tìm kiếm, xuất, dọn dẹp) vẫn đang đọc cơ sở dữ liệu: để nó đóng khi thoát")
            }
        } catch { logger.warning("không đóng hẳn được cơ sở dữ liệu: \(StoreError.describe(error))") }
        withExtendedLifetime(lock) {}
        logger.info("đã dừng")
    }

    /// The process made ready to serve: stop signals held for `waitAndStop`, the data folder
    /// locked against a second daemon, the web pages found; and where the rulesets are.
    func startProcess() throws -> (Logger, DataLock, rulesets: String) {
        let logger = Log.logger()
        ProcessSetup.blockStopSignals()
        ProcessSetup.raiseFileLimit()
        ProcessSetup.limitMallocArenas()
        guard let lock = try DataLock(dataDirectory: dataOptions.data) else {
            throw CLIFailure("một learning-centre khác đang chạy với thư mục dữ liệu \(dataOptions.data). Hãy dừng nó trước (systemctl stop learning-centre).")
        }
        guard FileManager.default.fileExists(atPath: www + "/index.html") else {
            throw CLIFailure("không thấy trang web ở \(www) (thiếu index.html). Hãy chỉ đúng thư mục bằng --www.")
        }
        return (logger, lock, rulesets ?? URL(fileURLWithPath: www).deletingLastPathComponent().appendingPathComponent("rulesets").path)
    }

    /// The HTTP server on the options' address and limits, started; its URL printed.
    func startServer(_ responder: some HTTPResponder, kioskAddresses: Set<String>, where records: String) throws -> HTTPServer {
        var serverConfig = HTTPServerConfig()
        serverConfig.bindAddress = bind
        serverConfig.port = port
        serverConfig.connectionTimeoutSeconds = connectionTimeout
        serverConfig.connectionLimit = max(16, min(connectionLimit, 60_000))
        serverConfig.connectionsPerAddress = max(4, connectionsPerAddress)
        serverConfig.kioskAddresses = kioskAddresses
        serverConfig.headerDeadline = max(1, min(headerTimeout, 300))
        if let threads { serverConfig.threads = max(1, min(threads, 64)) }
        serverConfig.workers = max(1, min(workers, 64))
        let server = HTTPServer(config: serverConfig, responder: responder)
        try server.start()
        let host = bind.contains(":") ? "[\(bind)]" : bind
        printLine("learning-centre \(LearningCentreVersion.current): đang phục vụ tại http://\(host):\(server.boundPort)/ (dữ liệu: \(records))")
        return server
    }

    func printFirstLoginHint(_ storage: String) {
        printLine("""
            Chưa có tài khoản quản lý. Trong một cửa sổ dòng lệnh khác, tạo tài khoản đầu tiên (lệnh sẽ hỏi mật khẩu):
              \(CommandLine.arguments[0]) user add quanly --role manager --password-stdin \(storage)
            """)
    }

    /// Until SIGTERM or SIGINT; then no new connections, the loops stopped in reverse order, the
    /// requests in progress finished.
    func waitAndStop(_ server: HTTPServer, loops: [BackgroundLoop], logger: Logger) {
        let signal = ProcessSetup.waitForStopSignal()
        logger.info("\(signal): dừng nhận kết nối mới, hoàn tất các yêu cầu đang xử lý")
        ServiceNotifier.notify("STOPPING=1")
        server.beginStopping()
        for loop in loops.reversed() { loop.stop() }
        server.finish(within: 4)
    }

    /// The association's daemon on PostgreSQL: the data folder keeps only the inbox and the
    /// scoring's scratch copies.
    func servePostgres(url: String) throws {
        try FileManager.default.createDirectory(atPath: dataOptions.data, withIntermediateDirectories: true)
        let (logger, lock, rulesetDirectory) = try startProcess()
        let association = try PostgresAssociation(url: url, rulesets: rulesetDirectory, workFolder: dataOptions.data)
        let pool = try PostgresPool(url: url, size: max(2, min(workers, 16)))
        var appConfig = AppConfig()
        appConfig.wwwDirectory = www
        appConfig.association = true
        let app = AssociationApp(association: association, pool: pool, dataDirectory: dataOptions.data, config: appConfig, logger: logger)
        let server = try startServer(app, kioskAddresses: [], where: "PostgreSQL \(pool.target), thư mục làm việc \(dataOptions.data)")
        // Bundles left waiting and a scoring cut short, after the start (a province's backlog may take minutes).
        Thread.detachNewThread {
            do {
                for outcome in try app.catchUp() { logger.info("\(outcome.path): \(outcome.message)") }
            } catch { logger.error("chưa nhập được các gói đang chờ: \(StoreError.describe(error))") }
        }
        if (try? PostgresLogins(pool: pool).managerCount()) == 0 { printFirstLoginHint("--database URL") }
        lock.recordHolder(startedAt: Store.nowMillis())
        ServiceNotifier.notify("READY=1\nSTATUS=Đang phục vụ trên cổng \(server.boundPort)")
        MappedCode.releaseStartupPages()
        var loops: [BackgroundLoop] = []
        if let watchdog = ServiceNotifier.startWatchdog(healthy: app.healthy) { loops.append(watchdog) }
        waitAndStop(server, loops: loops, logger: logger)
        withExtendedLifetime(lock) {}
        logger.info("đã dừng")
    }
}
