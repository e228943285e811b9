import Foundation

/// The province's report settings in PostgreSQL: a row a setting set, with who set it and when;
/// a setting given back to its default loses its row.
public struct PostgresSettings: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) { self.pool = pool }

    public func load() throws -> ProvinceSettings {
        try pool.with { try Self.load($0) }
    }

    static func load(_ db: PostgresConnection) throws -> ProvinceSettings {
        var values: [String: String] = [:]
        for row in try db.query("SELECT key, value FROM settings") { values[row[0]!] = row[1]! }
        var settings = ProvinceSettings()
        for (name, path) in ProvinceSettings.keys { settings[keyPath: path] = values[name] }
        return settings
    }

    /// Saves every setting in one transaction; a changed one keeps who changed it and when.
    public func save(_ settings: ProvinceSettings, actor: AuthenticatedUser?) throws {
        try pool.with { db in
            try db.transaction {
                for (name, path) in ProvinceSettings.keys {
                    if let value = settings[keyPath: path] {
                        try db.query("""
                            INSERT INTO settings(key, value, changed_by, changed_at) VALUES ($1, $2, $3, $4)
                            ON CONFLICT (key) DO UPDATE SET value = excluded.value, changed_by = excluded.changed_by, changed_at = excluded.changed_at
                            WHERE settings.value IS DISTINCT FROM excluded.value
                            """, [name, value, actor?.username, String(Store.nowMillis())])
                    } else {
                        try db.query("DELETE FROM settings WHERE key = $1", [name])
                    }
                }
            }
        }
    }
}
