import Foundation

public enum Role: String, Codable, Sendable, CaseIterable {
    case manager, staff
}

/// The user behind a request's session cookie.
public struct AuthenticatedUser: Sendable, Equatable {
    public var id: String
    public var username: String
    public var role: Role
    public var csrfToken: String

    public init(id: String, username: String, role: Role, csrfToken: String) {
        self.id = id
        self.username = username
        self.role = role
        self.csrfToken = csrfToken
    }
}

/// A user as the API shows one (never the hash).
public struct UserView: Codable, Sendable {
    public var id: String
    public var username: String
    public var role: String
}
