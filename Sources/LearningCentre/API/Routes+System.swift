import Foundation
import LearningCentreCore
import GRDB

extension Handlers {
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
                "role": .string(config.association ? "association" : "centre"),
            ])
            return .json(body, status: database == "ok" ? 200 : 503)
        }
        router.add("GET", "/api/system/clock", .staff,
                   RouteDoc("Giờ của máy và cảnh báo khi đồng hồ sai", response: "Clock")) { [unowned self] _ in
            let now = Store.nowMillis()
            let warning: JSONValue = try store.clockWarning(now: now).map {
                .object(["kind": .string($0.kind), "expectedAfter": .string(Timestamps.iso(millis: $0.expectedAfter)), "message": .string($0.message)])
            } ?? .null
            return .json(JSONValue.object(["now": .string(Timestamps.iso(millis: now)), "warning": warning]))
        }
        router.add("GET", "/api/system/status", .staff,
                   RouteDoc("Tình trạng máy: phiên bản, thời gian chạy, dung lượng, sao lưu và lần xuất gần nhất, cảnh báo", response: "SystemStatus")) { [unowned self] _ in
            .json(try store.systemStatus().json)
        }
        router.add("GET", "/api/labels", .anyone,
                   RouteDoc("Tên tiếng Việt của các mã (giới tính, loại người học, lĩnh vực, mục đích, trạng thái…): một nguồn cho mọi trang",
                            response: "Labels")) { _ in
            .json(LabelsAnswer())
        }
        router.add("GET", "/api/openapi.json", .anyone, RouteDoc("Tài liệu OpenAPI 3 của mọi địa chỉ /api")) { [unowned self] ctx in
            .json(OpenAPI.document(for: ctx.routes, version: config.version))
        }
    }
}
