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

/// The centre's application (and a commune association's, on its SQLite store): its routes
/// over the store, answered through `APIDispatch`. Thread-safe; called on the server's threads.
/// Every member is a constant: the route table is built before the app exists.
public final class CentreApp: HTTPResponder, Sendable {
    public let store: Store
    public let config: AppConfig
    let handlers: Handlers
    /// Every route, frozen.
    public let router: Router
    let dispatch: APIDispatch

    public init(store: Store, config: AppConfig, logger: Logger = Logger(label: "learning-centre")) {
        self.store = store
        self.config = config
        handlers = Handlers(store: store, config: config, logger: logger)
        router = handlers.routes()
        dispatch = APIDispatch(router: router, files: StaticFiles(root: config.wwwDirectory), logger: logger,
                               kioskAddresses: config.kioskAddresses, logins: store, bodyLimit: config.bodyLimit,
                               uploadLimit: config.uploadLimit, inbox: store.inbox)
    }

    public func respond(to request: HTTPRequest) -> HTTPResponse { dispatch.respond(to: request) }

    public func plan(method: String, path: String) -> RequestPlan { dispatch.plan(method: method, path: path) }
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
