/// Where a daemon keeps its logins and their sessions: the centre's (or a commune
/// association's) SQLite store, or a province association's PostgreSQL (`PostgresLogins`).
package protocol LoginBook: Sendable {
    /// The user and their password hash, for a login.
    func credentials(username: String) throws -> (UserView, String)?
    /// Starts a session: the cookie's token and the CSRF token.
    func startSession(userID: String) throws -> (token: String, csrf: String)
    /// The user of a live session token.
    func sessionUser(token: String) throws -> AuthenticatedUser?
    func endSession(token: String) throws
}

extension Store: LoginBook {}
