import Foundation
import LearningCentreCore
import GRDB
import Logging

public struct AppConfig: Sendable {
    public var wwwDirectory = "www"
    /// Client addresses that may use the kiosk routes.
    public var kioskAddresses: Set<String> = ["127.0.0.1", "::1"]
    public var version = LearningCentreVersion.current
    public var rules = CentreRules()
    /// Where bundles are written (default: the data folder's `outbox`).
    public var outbox: String?
    public var usbRoots = Delivery.defaultUSBRoots
    /// The association's daemon: receives pushed bundles.
    public var association = false
    /// The largest JSON or CSV body (read into memory).
    public var bodyLimit = 1 << 20
    /// The largest bundle pushed to the association (streamed to disk).
    public var uploadLimit = 256 << 20
    /// How long a request that starts a long job (`POST /api/exports`, `POST /api/learners/import`)
    /// waits for it before it answers 202 (still working): a centre's usual bundle or list is done
    /// well within it, a bundle of two million check-ins or a list of the whole commune is not.
    public var jobAnswerSeconds = 8.0
    public init() {}
}

/// The application: turns a request into an answer. Finds the route, checks who may call it,
/// runs it, renders errors, adds one log line. Thread-safe; called on the server's threads.
/// Every member is a constant: the route table is built before the app exists.
public final class CentreApp: HTTPResponder, Sendable {
    public let store: Store
    public let config: AppConfig
    let files: StaticFiles
    let logger: Logger
    let handlers: Handlers
    /// Every route, frozen.
    public let router: Router

    public init(store: Store, config: AppConfig, logger: Logger = Logger(label: "learning-centre")) {
        self.store = store
        self.config = config
        self.files = StaticFiles(root: config.wwwDirectory)
        self.logger = logger
        handlers = Handlers(store: store, config: config, logger: logger)
        router = handlers.routes()
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        let started = DispatchTime.now().uptimeNanoseconds
        var response: HTTPResponse
        if request.rawPath == "/api" || request.rawPath.hasPrefix("/api/") {
            response = routeAPI(request)
        } else {
            response = files.respond(to: request)
            response.route = "static"
        }
        let tenths = (DispatchTime.now().uptimeNanoseconds - started) / 100_000
        // Method, route pattern, status and time only: never the path's values, the query or a body.
        logger.info("\(request.method) \(response.route) \(response.status) \(tenths / 10).\(tenths % 10)ms",
                    metadata: response.status >= 500 ? ["request": "\(request.requestID)"] : [:])
        return response
    }

    /// One match of the route answers both questions the server asks at the headers.
    /// The body: a route that documents none takes none; a bundle upload is streamed to the
    /// inbox; every other body is read into memory up to `bodyLimit`.
    /// The thread: anything that writes (or hashes a password) may wait for the disk or the CPU,
    /// so it runs on a worker; so does a read that may score a whole year (5 s on a small box): on
    /// the polling thread it held every connection that thread serves (the small-box benchmark
    /// saw a kiosk's card read wait 4.8 s behind the day's first dashboard). Other reads run where
    /// they arrive: handing every staff read to a worker cost the search a third of its throughput.
    public func plan(method: String, path: String) -> RequestPlan {
        let read = method == "GET" || method == "HEAD"
        guard path == "/api" || path.hasPrefix("/api/"), case .found(let route, _) = router.match(method: method, path: path) else {
            return RequestPlan(body: .none, onWorker: !read)
        }
        let body: BodyPolicy = route.doc.request.map {
            $0 == "binary" ? .file(limit: config.uploadLimit, directory: store.inbox) : .memory(limit: config.bodyLimit)
        } ?? .none
        return RequestPlan(body: body, onWorker: !read || route.scoresYear)
    }

    func routeAPI(_ request: HTTPRequest) -> HTTPResponse {
        switch router.match(method: request.method, path: request.rawPath) {
        case .notFound:
            return HTTPError(404, "not_found", "Không có địa chỉ API này. Xem danh sách ở /api/openapi.json.").response
        case .methodNotAllowed(let allowed):
            var response = HTTPError(405, "method_not_allowed",
                                     "Địa chỉ này không nhận \(request.method). Dùng: \(allowed.joined(separator: ", ")).").response
            response.setHeader("Allow", allowed.joined(separator: ", "))
            return response
        case .found(let route, let params):
            var response: HTTPResponse
            do {
                let user = try authorize(route, request)
                response = try route.handler(RequestContext(request: request, params: params, user: user, routes: router.routes))
            } catch let error as HTTPError {
                response = error.response
            } catch let error as DomainError {
                response = HTTPError(error).response
            } catch {
                logger.error("request \(request.requestID) failed on \(route.method) \(route.pattern): \(StoreError.describe(error))")
                response = HTTPError.internalError(requestID: request.requestID).response
            }
            if request.method == "HEAD" { response.body = [] }
            response.route = route.pattern
            if route.access != .anyone && route.access != .kiosk { response.setHeader("Cache-Control", "no-store") }
            return response
        }
    }

    /// Who may call: kiosk routes only from kiosk addresses; staff and manager routes with a
    /// session, and with the CSRF header on every request that changes data.
    func authorize(_ route: Route, _ request: HTTPRequest) throws -> AuthenticatedUser? {
        switch route.access {
        case .anyone:
            return nil
        case .kiosk:
            guard config.kioskAddresses.contains(request.clientAddress) else {
                throw HTTPError(403, "not_a_kiosk", "Chức năng này chỉ dùng được trên máy điểm danh của trung tâm.")
            }
            return nil
        case .staff, .manager:
            guard let token = request.cookie(AuthRoutes.cookieName), !token.isEmpty,
                  let user = try store.sessionUser(token: token) else { throw HTTPError.unauthenticated }
            if !["GET", "HEAD", "OPTIONS"].contains(request.method) {
                guard let sent = request.header("x-csrf-token"), Passwords.constantTimeEquals(sent, user.csrfToken) else {
                    throw HTTPError.csrf
                }
            }
            if route.access == .manager && user.role != .manager { throw HTTPError.forbiddenRole }
            return user
        }
    }
}

extension RequestContext {
    /// `limit` (default 50, at most 500) and the offset behind `next`.
    func paging() throws -> (limit: Int, offset: Int) {
        var limit = 50
        if let text = request.query["limit"], !text.isEmpty {
            guard let value = Int(text), value >= 1 else {
                throw HTTPError(400, "bad_parameter", "Tham số \"limit\" phải là số nguyên dương.", field: "limit")
            }
            limit = min(value, 500)
        }
        return (limit, try Cursor.decode(request.query["next"]))
    }

    func body(allowed: Set<String>) throws -> Fields { try Fields(request, allowed: allowed) }
}
