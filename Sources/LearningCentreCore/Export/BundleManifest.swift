import Foundation

/// `manifest.json` of a bundle: who sent it, which changes it carries, and the SHA-256 of every
/// file. Its exact bytes are signed (`manifest.sig`, Ed25519, base64).
package struct BundleManifest: Codable, Sendable {
    static let formatVersion = 1
    package static let fileName = "manifest.json"
    static let signatureName = "manifest.sig"

    package struct Centre: Codable, Sendable { package var id: String; package var name: String?; package var publicKey: String }
    package struct Commune: Codable, Sendable { package var code: String?; package var name: String? }
    package struct Watermark: Codable, Sendable { package var from: Int64; package var to: Int64 }
    package struct Period: Codable, Sendable { package var from: String?; package var to: String }
    package struct RulesetUsed: Codable, Sendable { package var year: Int; package var id: String; package var version: Int }
    package struct File: Codable, Sendable { package var name: String; package var sha256: String; package var bytes: Int; package var rows: Int? }

    var formatVersion: Int
    package var name: String
    package var centre: Centre
    var commune: Commune
    package var sequence: Int
    var previousSequence: Int?
    package var kind: BundleKind
    package var watermark: Watermark
    var period: Period
    var createdAt: String
    var ruleset: RulesetUsed?
    /// "all": every learner's score and every title of the year; "changed": the scores of the
    /// learners whose score may have moved since the previous bundle (no titles).
    var scores: String?
    package var learnerColumns: [String]
    var rowCounts: [String: Int]
    package var files: [File]
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
