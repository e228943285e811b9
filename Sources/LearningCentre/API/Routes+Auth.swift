import Foundation
import LearningCentreCore

/// Logging in and out, for every daemon: its logins are where `logins` keeps them.
enum AuthRoutes {
    static let cookieName = "lc_session"

    static func register(_ router: inout Router, logins: any LoginBook, throttle: LoginThrottle) {
        router.add("POST", "/api/auth/login", .anyone,
                   RouteDoc("Đăng nhập; đặt cookie lc_session và trả mã CSRF", request: "LoginRequest", response: "LoginAnswer")) { ctx in
            let body = try ctx.body(allowed: ["username", "password"])
            let username = try body.requiredString("username").trimmingCharacters(in: .whitespaces)
            let password = try body.requiredString("password")
            // Names are at most 40 characters (see `addUser`): a longer one is no one's, and is
            // not kept by the throttle either; a password past 1,000 characters is not hashed.
            guard username.count <= 40, password.utf8.count <= 1000 else {
                throw HTTPError(401, "wrong_credentials", "Sai tên đăng nhập hoặc mật khẩu. Hãy kiểm tra lại (chữ hoa, chữ thường).")
            }
            let address = ctx.request.clientAddress
            if let wait = throttle.attempt(username: username, address: address) {
                let when = wait < 60 ? "\(Int(wait)) giây" : "\(Int((wait / 60).rounded(.up))) phút"
                throw HTTPError(429, "too_many_attempts",
                                "Đăng nhập sai nhiều lần từ máy này. Hãy đợi \(when) rồi thử lại, hoặc nhờ người quản lý đặt lại mật khẩu.",
                                details: ["retryAfterSeconds": .number(wait.rounded(.up))],
                                headers: [("Retry-After", String(Int(wait.rounded(.up))))])
            }
            guard let (user, hash) = try logins.credentials(username: username), Passwords.verify(password, hash: hash) else {
                if try logins.credentials(username: username) == nil { _ = Passwords.verify(password, hash: dummyHash) }
                throw HTTPError(401, "wrong_credentials", "Sai tên đăng nhập hoặc mật khẩu. Hãy kiểm tra lại (chữ hoa, chữ thường).")
            }
            throttle.succeeded(username: username, address: address)
            let session = try logins.startSession(userID: user.id)
            var response = HTTPResponse.json(LoginAnswer(id: user.id, username: user.username, role: user.role, csrfToken: session.csrf))
            response.setHeader("Set-Cookie", "\(AuthRoutes.cookieName)=\(session.token); HttpOnly; SameSite=Strict; Path=/; Max-Age=\(Store.sessionLifetimeMillis / 1000)")
            return response
        }
        router.add("POST", "/api/auth/logout", .staff, RouteDoc("Đăng xuất", status: 204)) { ctx in
            if let token = ctx.request.cookie(AuthRoutes.cookieName) { try logins.endSession(token: token) }
            var response = HTTPResponse.noContent()
            response.setHeader("Set-Cookie", "\(AuthRoutes.cookieName)=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0")
            return response
        }
        router.add("GET", "/api/auth/me", .staff, RouteDoc("Người đang đăng nhập", response: "LoginAnswer")) { ctx in
            let user = ctx.actor
            return .json(LoginAnswer(id: user.id, username: user.username, role: user.role, csrfToken: user.csrfToken))
        }
    }

    /// Verified against when the name is unknown, so that a wrong name takes as long as a wrong password.
    static let dummyHash: String = (try? Passwords.hash(Passwords.randomToken())) ?? ""
}

/// Who is signed in, the token their writes carry, and the centre's time zone.
struct LoginAnswer: JSONShape {
    var user: SignedInUser
    var csrfToken: String

    init(id: String, username: String, role: Role, csrfToken: String) {
        user = SignedInUser(id: id, username: username, role: role)
        self.csrfToken = csrfToken
    }

    static let schemaName = "LoginAnswer"
    static let fields: [ShapeField<LoginAnswer>] = [
        .string("csrfToken", \.csrfToken), .string("timeZone", { _ in CentreZone.identifier }), .object("user", \.user),
    ]
}

struct SignedInUser: JSONShape, Sendable {
    var id: String
    var username: String
    var role: Role
    static let schemaName = "SignedInUser"
    static let fields: [ShapeField<SignedInUser>] = [
        .string("id", \.id), .code("role", \.role), .string("username", \.username),
    ]
}
