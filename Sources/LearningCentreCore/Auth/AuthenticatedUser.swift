import Foundation

/// What a login may do: a manager everything, staff the daily work (API.md, "Roles").
public enum Role: String, ClosedSet {
    case manager, staff
    public var label: String {
        switch self {
        case .manager: "Quản lý"; case .staff: "Cán bộ"
        }
    }
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
    public var role: Role
}
