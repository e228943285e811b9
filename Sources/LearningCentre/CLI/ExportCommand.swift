import ArgumentParser
import Foundation

/// `learning-centre export`: the centre's side of the nightly export to the association.
/// This build has the centre's signing key; the bundles themselves come with issue 6.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export",
        abstract: "Xuất dữ liệu cho Hội Khuyến học xã (bản này: in khóa công khai của trung tâm).")
    @OptionGroup var dataOptions: DataOptions
    @Flag(help: "In khóa công khai (Ed25519) của trung tâm để Hội Khuyến học đăng ký; tạo cặp khóa nếu chưa có.")
    var printPublicKey = false

    func run() throws {
        guard printPublicKey else {
            throw CLIFailure("bản này chưa tạo gói xuất dữ liệu; hiện chỉ có --print-public-key (in khóa công khai của trung tâm).")
        }
        let store = try dataOptions.openStore()
        let key = try store.centreKey()
        printLine("Trung tâm \(try store.centreId())")
        printLine("Khóa công khai (Ed25519): \(key.publicKeyBase64)")
    }
}
