import Foundation
import GRDB

/// One line of the audit table: who changed what and when, old and new values by field.
public struct AuditEntry: Codable, Sendable {
    public var at: String
    public var username: String
    public var action: String
    public var changes: [String: [JSONValue]]
}

extension Store {
    /// Writes an audit line inside the caller's transaction, so it lands with the change or not at all.
    static func audit(_ db: Database, actor: AuthenticatedUser?, entity: String, id: String, action: String,
                      changes: [String: [JSONValue]]) throws {
        let data = try JSONCoding.encoder.encode(changes)
        try db.execute(sql: """
            INSERT INTO audit(at, user_id, username, entity, entity_id, action, changes) VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [Store.nowMillis(), actor?.id, actor?.username ?? "system", entity, id, action,
                             String(decoding: data, as: UTF8.self)])
    }

    /// The fields whose values differ between two JSON objects, as [old, new].
    static func diff(_ old: [String: JSONValue], _ new: [String: JSONValue], ignoring: Set<String> = ["updatedAt"]) -> [String: [JSONValue]] {
        var changes: [String: [JSONValue]] = [:]
        for key in Set(old.keys).union(new.keys) where !ignoring.contains(key) {
            let a = old[key] ?? .null, b = new[key] ?? .null
            if a != b { changes[key] = [a, b] }
        }
        return changes
    }

    public func auditTrail(entity: String, id: String, limit: Int = 200) throws -> [AuditEntry] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT at, username, action, changes FROM audit WHERE entity = ? AND entity_id = ? ORDER BY seq DESC LIMIT ?
                """, arguments: [entity, id, limit]).map { row in
                let changes = (try? JSONCoding.decoder.decode([String: [JSONValue]].self, from: Data((row["changes"] as String).utf8))) ?? [:]
                return AuditEntry(at: Timestamps.iso(millis: row["at"]), username: row["username"], action: row["action"], changes: changes)
            }
        }
    }
}

extension Encodable {
    /// This value as a JSON object (for audit diffs).
    var jsonObject: [String: JSONValue] {
        guard let data = try? JSONCoding.encoder.encode(self),
              case .object(let o)? = try? JSONCoding.decoder.decode(JSONValue.self, from: data) else { return [:] }
        return o
    }
}
