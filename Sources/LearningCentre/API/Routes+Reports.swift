import Foundation
import LearningCentreCore

extension Handlers {
    func registerReportRoutes(_ router: inout Router) {
        router.add("GET", "/api/reports/dashboard", .staff, ReportDocs.dashboard, scoresYear: true) { [unowned self] ctx in
            if ctx.request.query["village"] ?? "" == "", let frozen = try frozenAnswer(ctx, "dashboard.json") { return frozen }
            let results = try store.yearResults(year: ctx.yearQuery())
            return .json(Dashboard(results: results, villageId: try ctx.village(in: results)))
        }
        router.add("GET", "/api/reports/annual", .staff,
                   RouteDoc("Báo cáo năm: trang A4 để in (mặc định) hoặc bảng tính (format=xlsx); submission=N: bản đã nộp số N, đúng từng byte; năm đã khóa sổ: bản lúc khóa",
                            query: ["year", "format", "submission"], response: "HTML"), scoresYear: true) { [unowned self] ctx in
            let year = try ctx.yearQuery()
            let format = ctx.request.query["format"] ?? "html"
            guard format == "html" || format == "xlsx" else {
                throw HTTPError(400, "bad_parameter", "\"format\" phải là html hoặc xlsx.", field: "format")
            }
            let body: [UInt8]
            if let text = ctx.request.query["submission"], !text.isEmpty {
                guard let number = Int(text), let copy = try store.yearDocument(year: year, copy: number, name: "annual.\(format)") else {
                    throw HTTPError.notFound("bản báo cáo số \(text.prefix(6)) của năm \(year) (xem các bản đã nộp ở /api/years)")
                }
                body = copy
            } else if let copy = try store.yearDocument(year: year, copy: 0, name: "annual.\(format)") {  // closed: as it was
                body = copy
            } else {
                let report = try annualReport(try store.yearResults(year: year))
                body = format == "html" ? Array(report.html.utf8) : try report.spreadsheet()
            }
            guard format == "xlsx" else { return HTTPResponse(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: body) }
            return HTTPResponse(status: 200, headers: [
                ("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                ("Content-Disposition", "attachment; filename=\"bao-cao-\(year).xlsx\""),
            ], body: body)
        }
        router.add("GET", "/api/reports/recognition", .staff,
                   RouteDoc("Danh sách đề nghị công nhận của năm (cả xã hoặc một thôn), trang A4 để in", query: ["year", "village"],
                            response: "HTML"), scoresYear: true) { [unowned self] ctx in
            let results = try store.yearResults(year: ctx.yearQuery())
            let village = try ctx.village(in: results)
            let name = village.flatMap { id in results.titles[.community]?.first { $0.id == id }?.name }
            return .text(RecognitionList.html(results, villageId: village, villageName: name, commune: try store.communeName() ?? "xã ..........",
                                              now: Store.nowMillis()), type: "text/html; charset=utf-8")
        }
    }
}

/// What the document says of the year's pages, on either store (the association on PostgreSQL
/// adds `commune`).
enum ReportDocs {
    static let dashboard = RouteDoc("Số liệu của bảng điều khiển: chỉ tiêu T1–T10 (cả xã hoặc một thôn), theo từng thôn, công dân học tập theo nhóm đối tượng, giờ học theo lĩnh vực và tháng",
                                    query: ["year", "village"], response: "Dashboard")
    static let titles = RouteDoc("Danh hiệu của năm: gia đình, dòng họ, cộng đồng (thôn), đơn vị học tập, kèm lý do",
                                 query: ["year", "kind", "village"], response: "Titles")
    static let indicators = RouteDoc("Các chỉ tiêu T1–T10: tử số, mẫu số, phần trăm, mục tiêu 2025 và 2030", query: ["year", "village"],
                                     response: "Indicators")
}
