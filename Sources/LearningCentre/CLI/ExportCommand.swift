import ArgumentParser
import Foundation
import LearningCentreCore
import Glibc

/// `learning-centre export`: writes the next bundle for the commune association into the
/// outbox, then delivers what is waiting (push to the association's address, USB stick).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export",
        abstract: "Xuất gói dữ liệu cho Hội Khuyến học xã (những gì thay đổi từ gói trước, hoặc toàn bộ với --full).")
    @OptionGroup var dataOptions: DataOptions
    @Option(help: "Thư mục hộp thư đi, nơi ghi gói (mặc định: DATA/outbox).")
    var out: String?
    @Flag(help: "Ghi toàn bộ dữ liệu thay vì chỉ phần thay đổi.")
    var full = false
    @Flag(help: "In khóa công khai (Ed25519) của trung tâm để Hội Khuyến học đăng ký; tạo cặp khóa nếu chưa có.")
    var printPublicKey = false
    @Option(help: "Thư mục các bộ tiêu chí (để tính điểm trong gói).")
    var rulesets = "./rulesets"
    @Option(help: "Các thư mục tìm USB có thư mục \(Delivery.usbMarker), cách nhau bởi dấu phẩy.")
    var usbRoots = Delivery.defaultUSBRoots.joined(separator: ",")

    func run() throws {
        // A file size limit (or a full disk) must become an error message, not a killed process.
        signal(SIGXFSZ, SIG_IGN)
        // The database's reads run on its own threads: without a cap each would keep a heap.
        ProcessSetup.limitMallocArenas()
        // The daemon checks the file when it starts; an export only reads, so it does not read
        // the whole file again (seconds on a large centre).
        let store = try Store(dataDirectory: dataOptions.data, quickCheck: false)
        if printPublicKey {
            let key = try store.centreKey()
            printLine("Trung tâm \(try store.centreId())")
            printLine("Khóa công khai (Ed25519): \(key.publicKeyBase64)")
            return
        }
        try store.claimRole(.centre)
        _ = try? store.installRulesets(from: rulesets)
        let outbox = out ?? (dataOptions.data as NSString).appendingPathComponent("outbox")
        // The night's box holds the export's own memory, not the code starting touched.
        MappedCode.releaseStartupPages()
        let record = try store.runExport(outbox: outbox, full: full, requestedBy: "export")
        printLine("Đã ghi gói \(record.name) (\(record.kind.label.lowercased()), \(record.rows ?? 0) dòng): \(record.tarballPath)")
        for line in Delivery(store: store, usbRoots: usbRoots.split(separator: ",").map(String.init)).run() { printLine(line) }
    }
}

/// `learning-centre verify-export DIR`: checks a bundle's checksums and signature.
struct VerifyExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify-export",
        abstract: "Kiểm tra mã kiểm tra (SHA-256) và chữ ký của một gói xuất (thư mục hoặc .tar.gz).")
    @Argument(help: "Thư mục gói hoặc tệp .tar.gz.")
    var bundle: String
    @Option(help: "Khóa công khai đã đăng ký của trung tâm (base64). Không có: dùng khóa ghi trong gói, chỉ chứng minh gói còn nguyên vẹn.")
    var key: String?

    func run() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lc-verify-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let verified: VerifiedBundle
        do {
            // Without a registered key, the key the bundle names proves it is whole, not who sent it.
            verified = try BundleVerifier.open(bundle, scratch: scratch) { manifest in key ?? manifest.centre.publicKey }
        } catch let refused as BundleRefused {
            throw CLIFailure(refused.description)
        }
        let m = verified.manifest
        printLine("Gói \(m.name) nguyên vẹn: \(m.files.count) tệp khớp SHA-256, chữ ký hợp lệ.")
        printLine("Trung tâm \(m.centre.id), số thứ tự \(m.sequence) (\(m.kind)), thay đổi \(m.watermark.from)–\(m.watermark.to).")
        if key == nil { printLine("Chữ ký được kiểm bằng khóa ghi trong gói (\(m.centre.publicKey)); hãy so với khóa đã đăng ký của trung tâm.") }
    }
}
