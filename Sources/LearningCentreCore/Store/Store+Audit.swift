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
    /// Written straight from the fields (the line `auditText(diff([:], fields))` would give):
    /// building and comparing two dictionaries was a twentieth of a registration's time (`perf`).
    static func auditText(created learner: Learner) -> String {
        var writer = JSONWriter()
        writer.beginObject()
        for (key, value) in learner.fields.sorted(by: { $0.key < $1.key }) where value != .null && key != "createdAt" && key != "updatedAt" {
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
    var fields: [String: JSONValue] {
        func text(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
        return [
            "id": .string(id), "fullName": .string(fullName), "gender": .string(gender.rawValue), "birthYear": .number(Double(birthYear)),
            "birthDate": text(birthDate), "villageId": .string(villageId), "householdId": text(householdId),
            "clanId": text(clanId), "unitId": text(unitId), "category": .string(category.rawValue), "targetGroup": text(targetGroup?.rawValue),
            "isAssociationOfficer": .bool(isAssociationOfficer), "isAssociationMember": .bool(isAssociationMember),
            "registeredOn": text(registeredOn), "phone": text(phone), "cardCode": .string(cardCode),
            "consentAt": text(consentAt), "notes": text(notes), "archived": .bool(archived),
            "createdAt": .string(createdAt), "updatedAt": .string(updatedAt),
        ]
    }
}
