import Foundation
import GRDB

extension CentreApp {
    func registerSystemRoutes(_ router: inout Router) {
        router.add("GET", "/api/health", .anyone, RouteDoc("Tình trạng máy chủ và cơ sở dữ liệu", response: "Health")) { [unowned self] _ in
            var database = "ok"
            var managers = 0
            do { managers = try store.userCount() } catch { database = "unavailable" }
            let body: JSONValue = .object([
                "status": .string(database == "ok" ? "ok" : "degraded"),
                "version": .string(config.version),
                "database": .string(database),
                "setupNeeded": .bool(managers == 0),
            ])
            return .json(body, status: database == "ok" ? 200 : 503)
        }
        router.add("GET", "/api/openapi.json", .anyone, RouteDoc("Tài liệu OpenAPI 3 của mọi địa chỉ /api")) { [unowned self] _ in
            .json(OpenAPI.document(for: self.router, version: config.version))
        }
    }
}
