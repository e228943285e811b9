import Foundation
import GRDB

/// What a manager sets once: the centre's and commune's names (on reports and in bundles) and
/// where the nightly export goes.
public struct CentreSettings: Sendable, Equatable {
    public var centreName: String?
    public var communeName: String?
    /// The commune's official administrative code, as the district knows it.
    public var communeCode: String?
    /// The association's address for pushing bundles (nil: bundles stay in the outbox and on USB).
    public var pushURL: String?
    /// Delivered bundles older than this leave the outbox.
    public var retentionDays: Int
    /// Optional learner columns that leave the centre (none by default: see `ExportTable.optionalLearnerColumns`).
    public var learnerColumns: [String]
    /// The kiosk's screen hours ("06:00" to "21:30" unless set): outside them the screen goes
    /// dark after a minute without a touch, and a touch wakes it.
    public var kioskOpensAt: String?
    public var kioskClosesAt: String?
    /// The centre's IANA time zone (nil: `CentreZone.defaultIdentifier`): see `CentreZone`.
    public var timeZone: String?
    /// "off" silences the kiosk's short chime after a check-in or check-out (nil: on).
    public var kioskSound: String?
    /// The commune's study-promotion association, which issues the yearly report (nil: named
    /// after the commune), and its chair, who signs it for the executive committee.
    public var associationName: String?
    public var associationChair: String?
    /// The yearly report's deadline as "MM-DD" (nil: 15 November).
    public var reportDeadline: String?
    /// The report's recipients, one a line (nil: the defaults of `recipients`).
    public var reportRecipients: String?

    public var kioskSoundOn: Bool { kioskSound != "off" }

    public var zoneIdentifier: String { timeZone ?? CentreZone.defaultIdentifier }

    public var association: String { associationName ?? "Hội Khuyến học \(communeName ?? "xã")" }
    public var deadline: String { reportDeadline ?? "11-15" }
    /// Since 1 July 2025 there are no districts: the commune's People's Committee and the
    /// province's association.
    public var recipients: [String] { recipientsSet ?? ["UBND \(communeName ?? "xã")", "Hội Khuyến học tỉnh", "Lưu: VT"] }
    /// The recipients as the manager set them (nil: the defaults).
    public var recipientsSet: [String]? { reportRecipients.map { $0.split(separator: "\n").map(String.init) } }

    public static let defaultRetentionDays = 60
    public static let defaultKioskHours = (opensAt: "06:00", closesAt: "21:30")

    public var kioskHours: (opensAt: String, closesAt: String) {
        (kioskOpensAt ?? Self.defaultKioskHours.opensAt, kioskClosesAt ?? Self.defaultKioskHours.closesAt)
    }

    static let keys = ["centreName": \CentreSettings.centreName, "commune": \.communeName, "communeCode": \.communeCode,
                       "exportPushUrl": \.pushURL, "kioskOpensAt": \.kioskOpensAt, "kioskClosesAt": \.kioskClosesAt,
                       "timeZone": \.timeZone, "kioskSound": \.kioskSound, "associationName": \.associationName,
                       "associationChair": \.associationChair, "reportDeadline": \.reportDeadline, "reportRecipients": \.reportRecipients]
}

extension Store {
    public func settings() throws -> CentreSettings {
        try read { db in try Store.settings(db) }
    }

    static func settings(_ db: Database) throws -> CentreSettings {
        let rows = try Row.fetchAll(db, sql: "SELECT key, value FROM centre")
        let values = Dictionary(rows.map { ($0[0] as String, $0[1] as String) }, uniquingKeysWith: { a, _ in a })
        var settings = CentreSettings(retentionDays: values["exportRetentionDays"].flatMap { Int($0) } ?? CentreSettings.defaultRetentionDays,
                                      learnerColumns: (values["exportLearnerColumns"] ?? "").split(separator: ",").map(String.init))
        for (key, path) in CentreSettings.keys { settings[keyPath: path] = values[key] }
        return settings
    }

    /// Saves every setting in one write, audited.
    public func saveSettings(_ settings: CentreSettings, actor: AuthenticatedUser?) throws {
        try write { db in
            let old = try Store.settings(db)
            for (key, path) in CentreSettings.keys {
                if let value = settings[keyPath: path] {
                    try db.execute(sql: "INSERT INTO centre(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                                   arguments: [key, value])
                } else {
                    try db.execute(sql: "DELETE FROM centre WHERE key = ?", arguments: [key])
                }
            }
            try db.execute(sql: "INSERT INTO centre(key, value) VALUES ('exportRetentionDays', ?), ('exportLearnerColumns', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [String(settings.retentionDays), settings.learnerColumns.joined(separator: ",")])
            if old != settings {
                try Store.audit(db, actor: actor, entity: "settings", id: "centre", action: "update",
                                changes: ["pushUrl": [old.pushURL.map(JSONValue.string) ?? .null, settings.pushURL.map(JSONValue.string) ?? .null],
                                          "learnerColumns": [.string(old.learnerColumns.joined(separator: ",")),
                                                             .string(settings.learnerColumns.joined(separator: ","))],
                                          "kioskHours": [.string("\(old.kioskHours.opensAt)-\(old.kioskHours.closesAt)"),
                                                         .string("\(settings.kioskHours.opensAt)-\(settings.kioskHours.closesAt)")],
                                          "timeZone": [.string(old.zoneIdentifier), .string(settings.zoneIdentifier)],
                                          "association": [.string(old.association), .string(settings.association)],
                                          "associationChair": [old.associationChair.map(JSONValue.string) ?? .null,
                                                               settings.associationChair.map(JSONValue.string) ?? .null],
                                          "reportDeadline": [.string(old.deadline), .string(settings.deadline)],
                                          "reportRecipients": [.string(old.recipients.joined(separator: "; ")),
                                                               .string(settings.recipients.joined(separator: "; "))]])
            }
        }
        CentreZone.use(settings.timeZone)
    }
}
