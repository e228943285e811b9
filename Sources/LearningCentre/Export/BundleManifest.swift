import Foundation

/// `manifest.json` of a bundle: who sent it, which changes it carries, and the SHA-256 of every
/// file. Its exact bytes are signed (`manifest.sig`, Ed25519, base64).
struct BundleManifest: Codable, Sendable {
    static let formatVersion = 1
    static let fileName = "manifest.json"
    static let signatureName = "manifest.sig"

    struct Centre: Codable, Sendable { var id: String; var name: String?; var publicKey: String }
    struct Commune: Codable, Sendable { var code: String?; var name: String? }
    struct Watermark: Codable, Sendable { var from: Int64; var to: Int64 }
    struct Period: Codable, Sendable { var from: String?; var to: String }
    struct RulesetUsed: Codable, Sendable { var year: Int; var id: String; var version: Int }
    struct File: Codable, Sendable { var name: String; var sha256: String; var bytes: Int; var rows: Int? }

    var formatVersion: Int
    var name: String
    var centre: Centre
    var commune: Commune
    var sequence: Int
    var previousSequence: Int?
    /// "full" carries every record; "incremental" what changed after the previous bundle.
    var kind: String
    var watermark: Watermark
    var period: Period
    var createdAt: String
    var ruleset: RulesetUsed?
    /// "all": every learner's score and every title of the year; "changed": the scores of the
    /// learners whose score may have moved since the previous bundle (no titles).
    var scores: String?
    var learnerColumns: [String]
    var rowCounts: [String: Int]
    var files: [File]
    var software: String
    /// The centre's time zone: the days, months and years of its records (absent before v0.2).
    var timeZone: String? = nil

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(self))
    }

    /// A bundle's folder name: the centre id and the sequence number.
    static func bundleName(centreId: String, sequence: Int) -> String {
        "\(centreId)-" + String(repeating: "0", count: max(0, 6 - String(sequence).count)) + String(sequence)
    }
}
