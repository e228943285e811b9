import Foundation

/// The association daemon's logins and sessions in PostgreSQL (`user add --database` makes
/// the logins); a session is one row, found by its token's digest, as in the SQLite store.
public struct PostgresLogins: LoginBook {
    let pool: PostgresPool

    public init(pool: PostgresPool) { self.pool = pool }

    package func credentials(username: String) throws -> (UserView, String)? {
        try pool.with { db in
            try db.query("SELECT id, username, role, password_hash FROM users WHERE username = $1", [username]).first.map {
                (UserView(id: $0[0]!, username: $0[1]!, role: Role(rawValue: $0[2]!) ?? .staff), $0[3]!)
            }
        }
    }

    package func startSession(userID: String) throws -> (token: String, csrf: String) {
        let token = Passwords.randomToken(), csrf = Passwords.randomToken()
        let now = Store.nowMillis()
        try pool.with { db in
            try db.transaction {
                try db.query("DELETE FROM login_sessions WHERE expires_at < $1", [String(now)])
                try db.query("INSERT INTO login_sessions(token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
                             [Passwords.tokenDigest(token), userID, csrf, String(now), String(now + Store.sessionLifetimeMillis)])
            }
        }
        return (token, csrf)
    }

    package func sessionUser(token: String) throws -> AuthenticatedUser? {
        try pool.with { db in
            try db.query("""
                SELECT u.id, u.username, u.role, s.csrf_token FROM login_sessions s JOIN users u ON u.id = s.user_id
                WHERE s.token_hash = $1 AND s.expires_at > $2
                """, [Passwords.tokenDigest(token), String(Store.nowMillis())]).first.map {
                AuthenticatedUser(id: $0[0]!, username: $0[1]!, role: Role(rawValue: $0[2]!) ?? .staff, csrfToken: $0[3]!)
            }
        }
    }

    package func endSession(token: String) throws {
        try pool.with { db in _ = try db.query("DELETE FROM login_sessions WHERE token_hash = $1", [Passwords.tokenDigest(token)]) }
    }

    /// How many managers can log in (none: the daemon says how to make the first).
    public func managerCount() throws -> Int {
        try pool.with { db in Int(try db.query("SELECT count(*) FROM users WHERE role = 'manager'").first![0]!)! }
    }
}
