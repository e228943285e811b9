import Foundation
import GRDB

/// One line of the audit table: who changed what and when, old and new values by field.
public struct AuditEntry: Encodable, Sendable {
    public var at: String
    public var username: String
    public var action: String
    public var changes: [String: [JSONValue]]
}

extension Store {
    /// Writes an audit line inside the caller's transaction, so it lands with the change or not at all.
    static func audit(_ db: Database, actor: AuthenticatedUser?, entity: String, id: String, action: String,
                      changes: [String: [JSONValue]]) throws {
        try audit(db, actor: actor, entity: entity, id: id, action: action, changesText: auditText(changes))
    }

    /// The same with the changes already written as JSON (before the write lane: see `NewLearner`).
    static func audit(_ db: Database, actor: AuthenticatedUser?, entity: String, id: String, action: String,
                      changesText: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO audit(at, user_id, username, entity, entity_id, action, changes) VALUES (?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [Store.nowMillis(), actor?.id, actor?.username ?? "system", entity, id, action, changesText])
    }

    static func auditText(_ changes: [String: [JSONValue]]) -> String {
        var writer = JSONWriter()
        JSONValue.object(changes.mapValues { .array($0) }).write(to: &writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// The changes of a learner's creation: every field from nothing to its value.
    /// Written straight from the fields in order (the line `auditText(diff([:], fields))` would
    /// give): building, comparing and sorting dictionaries was a twentieth of a registration's time.
    static func auditText(created learner: Learner) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        for (key, value) in learner.sortedFields where value != .null && key != "createdAt" && key != "updatedAt" {
            writer.key(key)
            writer.beginArray()
            writer.null()
            value.write(to: &writer)
            writer.endArray()
        }
        writer.endObject()
        return String(decoding: writer.bytes, as: UTF8.self)
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
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT at, username, action, changes FROM audit WHERE entity = ? AND entity_id = ? ORDER BY seq DESC LIMIT ?
                """, arguments: [entity, id, limit]).map { row in
                let stored = (try? JSONValue.parse(Array((row["changes"] as String).utf8)))?.objectValue ?? [:]
                let changes = stored.compactMapValues(\.arrayValue)
                return AuditEntry(at: Timestamps.iso(millis: row["at"]), username: row["username"], action: row["action"], changes: changes)
            }
        }
    }
}

extension Learner {
    /// Every field as a JSON value (audit diffs, error details).
    var fields: [String: JSONValue] { Dictionary(uniqueKeysWithValues: sortedFields) }

    /// The same, in the order of their names (as an audit line writes them).
    var sortedFields: [(key: String, value: JSONValue)] {
        func text(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
        return [
            ("archived", .bool(archived)), ("birthDate", text(birthDate)), ("birthYear", .number(Double(birthYear))),
            ("cardCode", .string(cardCode)), ("category", .string(category.rawValue)), ("clanId", text(clanId)),
            ("consentAt", text(consentAt)), ("createdAt", .string(createdAt)), ("fullName", .string(fullName)),
            ("gender", .string(gender.rawValue)), ("householdId", text(householdId)), ("id", .string(id)),
            ("isAssociationMember", .bool(isAssociationMember)), ("isAssociationOfficer", .bool(isAssociationOfficer)),
            ("notes", text(notes)), ("phone", text(phone)), ("registeredOn", text(registeredOn)),
            ("targetGroup", text(targetGroup?.rawValue)), ("unitId", text(unitId)), ("updatedAt", .string(updatedAt)),
            ("villageId", .string(villageId)),
        ]
    }
}
