import Foundation
import LearningCentreCore
import Logging

/// What every daemon does with a request: a static file, or an API route found, who may call
/// it checked, run, its errors rendered; and one log line. The centre's app and the province
/// association's app (`AssociationApp`) differ only in their routes and where logins are kept.
struct APIDispatch: Sendable {
    let router: Router
    let files: StaticFiles
    let logger: Logger
    /// Client addresses that may use the kiosk routes.
    let kioskAddresses: Set<String>
    let logins: any LoginBook
    /// The largest JSON or CSV body (read into memory), the largest bundle pushed (streamed to disk), and where it goes.
    let bodyLimit: Int
    let uploadLimit: Int
    let inbox: String

    func respond(to request: HTTPRequest) -> HTTPResponse {
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
    func plan(method: String, path: String) -> RequestPlan {
        let read = method == "GET" || method == "HEAD"
        guard path == "/api" || path.hasPrefix("/api/"), case .found(let route, _) = router.match(method: method, path: path) else {
            return RequestPlan(body: .none, onWorker: !read)
        }
        let body: BodyPolicy = route.doc.request.map {
            $0 == "binary" ? .file(limit: uploadLimit, directory: inbox) : .memory(limit: bodyLimit)
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
            } catch let error as PostgresError where error.lost {
                logger.error("request \(request.requestID) on \(route.method) \(route.pattern): \(error)")
                response = HTTPError(503, "database_unavailable", "Chưa kết nối được cơ sở dữ liệu của Hội. Hãy thử lại sau ít phút; nếu vẫn vậy, báo người quản trị máy chủ.").response
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
            guard kioskAddresses.contains(request.clientAddress) else {
                throw HTTPError(403, "not_a_kiosk", "Chức năng này chỉ dùng được trên máy điểm danh của trung tâm.")
            }
            return nil
        case .staff, .manager:
            guard let token = request.cookie(AuthRoutes.cookieName), !token.isEmpty,
                  let user = try logins.sessionUser(token: token) else { throw HTTPError.unauthenticated }
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
