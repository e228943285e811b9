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
                "role": .string(config.association ? "association" : "centre"),
            ])
            return .json(body, status: database == "ok" ? 200 : 503)
        }
        router.add("GET", "/api/system/clock", .staff,
                   RouteDoc("Giờ của máy và cảnh báo khi đồng hồ sai", response: "Clock")) { [unowned self] _ in
            let now = Store.nowMillis()
            let newest = try store.newestKnownTime()
            var warning: JSONValue = .null
            if now < newest - Housekeeping.tolerance {
                warning = .object(["kind": "behindRecords", "expectedAfter": .string(Timestamps.iso(millis: newest)),
                                   "message": .string("Đồng hồ của máy đang chỉ \(Timestamps.iso(millis: now)), sớm hơn dữ liệu đã ghi (\(Timestamps.iso(millis: newest))). Giờ điểm danh có thể sai; hãy chỉnh lại ngày giờ của máy.")])
            } else if let event = try store.latestClockEvent(), now - event.seenAt < 24 * 3_600_000 {
                warning = .object(["kind": .string(event.kind), "expectedAfter": .string(Timestamps.iso(millis: event.expectedAfter)),
                                   "message": .string("Lúc \(Timestamps.iso(millis: event.seenAt)) đồng hồ của máy đã lùi về trước (lẽ ra sau \(Timestamps.iso(millis: event.expectedAfter))). Hãy kiểm tra giờ điểm danh quanh lúc đó.")])
            }
            return .json(JSONValue.object(["now": .string(Timestamps.iso(millis: now)), "warning": warning]))
        }
        router.add("GET", "/api/openapi.json", .anyone, RouteDoc("Tài liệu OpenAPI 3 của mọi địa chỉ /api")) { [unowned self] _ in
            .json(OpenAPI.document(for: self.router, version: config.version))
        }
    }
}
