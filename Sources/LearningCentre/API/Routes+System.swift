import Foundation
import LearningCentreCore
import GRDB

extension Handlers {
    func registerSystemRoutes(_ router: inout Router) {
        router.add("GET", "/api/health", .anyone, RouteDoc("Tình trạng máy chủ và cơ sở dữ liệu", response: "Health")) { [unowned self] _ in
            var database = "ok"
            var managers = 0
            do { managers = try store.userCount() } catch { database = "unavailable" }
            return .json(Health(database: database, version: config.version, setupNeeded: managers == 0, association: config.association, store: "sqlite"),
                         status: database == "ok" ? 200 : 503)
        }
        router.add("GET", "/api/system/clock", .staff,
                   RouteDoc("Giờ của máy và cảnh báo khi đồng hồ sai", response: "Clock")) { [unowned self] _ in
            let now = Store.nowMillis()
            return .json(ClockAnswer(now: now, warning: try store.clockWarning(now: now)))
        }
        router.add("GET", "/api/system/status", .staff,
                   RouteDoc("Tình trạng máy: phiên bản, thời gian chạy, dung lượng, sao lưu và lần xuất gần nhất, cảnh báo", response: "SystemStatus")) { [unowned self] _ in
            .json(try store.systemStatus())
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

/// `GET /api/health`: open to anyone (the appliance's checks, the kiosk before sign-in).
struct Health: JSONShape {
    var database: String
    var version: String
    var setupNeeded: Bool
    var association: Bool
    /// Where the records are: the embedded SQLite file, or the association's PostgreSQL.
    var store: String

    static let schemaName = "Health"
    static let fields: [ShapeField<Health>] = [
        .string("database", \.database, schema: ValueSchema.oneOf(["ok", "unavailable"])),
        .string("role", { $0.association ? "association" : "centre" }, schema: ValueSchema.oneOf(["centre", "association"])),
        .bool("setupNeeded", \.setupNeeded),
        .string("status", { $0.database == "ok" ? "ok" : "degraded" }, schema: ValueSchema.oneOf(["ok", "degraded"])),
        .string("store", \.store, schema: ValueSchema.oneOf(["sqlite", "postgresql"])),
        .string("version", \.version),
    ]
}

/// `GET /api/system/clock`: the box's time, and a warning when it cannot be right.
struct ClockAnswer: JSONShape {
    var now: Int64
    var warning: ClockWarning?
    static let schemaName = "Clock"
    static let fields: [ShapeField<ClockAnswer>] = [.moment("now", \.now), .nullableObject("warning", \.warning)]
}

extension ClockWarning: JSONShape {
    public static let schemaName = "ClockWarning"
    public static let fields: [ShapeField<ClockWarning>] = [
        .moment("expectedAfter", \.expectedAfter), .string("kind", \.kind), .string("message", \.message),
    ]
}
