import Foundation
import LearningCentreCore

extension Handlers {
    static let cardTitle = "TRUNG TÂM HỌC TẬP CỘNG ĐỒNG"

    func registerCardRoutes(_ router: inout Router) {
        router.add("GET", "/api/learners/{id}/card.svg", .staff,
                   RouteDoc("Thẻ người học để in (SVG, có mã QR của mã thẻ)", response: "SVG")) { [unowned self] ctx in
            guard let learner = try store.learner(id: ctx.param("id")) else { throw HTTPError.notFound("người học này") }
            let village = try store.villageNames()[learner.villageId] ?? ""
            var response = HTTPResponse.text(LearnerCard.svg(name: learner.fullName, village: village, cardCode: learner.cardCode,
                                                             centre: Handlers.cardTitle), type: "image/svg+xml; charset=utf-8")
            response.setHeader("Content-Disposition", "inline; filename=\"the-\(learner.cardCode).svg\"")
            return response
        }
        router.add("GET", "/api/cards", .staff,
                   RouteDoc("Tờ A4 thẻ người học của một thôn hoặc những người được chọn, để in", query: ["village", "ids"],
                            response: "HTML")) { [unowned self] ctx in
            var learners: [Learner] = []
            if let ids = ctx.request.query["ids"], !ids.isEmpty {
                learners = try ids.split(separator: ",").prefix(500).compactMap { try store.learner(id: String($0)) }
            } else if let village = ctx.request.query["village"], !village.isEmpty {
                var query = LearnerQuery()
                query.villageId = village
                query.limit = 500
                learners = try store.searchLearners(query).items
            } else {
                throw HTTPError(400, "bad_parameter", "Hãy chọn một thôn (village) hoặc danh sách người học (ids).", field: "village")
            }
            let villages = try store.villageNames()
            let cards = learners.filter { !$0.archived }.map {
                "<div class=\"card\">" + LearnerCard.svg(name: $0.fullName, village: villages[$0.villageId] ?? "", cardCode: $0.cardCode,
                                                           centre: Handlers.cardTitle) + "</div>"
            }
            if !cards.isEmpty { try store.noteCardsPrinted() }
            let html = """
                <!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Thẻ người học</title>
                <link rel="stylesheet" href="/shared/cards.css"></head><body>
                <p class="screen-only">\(cards.count) thẻ. Chọn In (Ctrl+P), khổ A4, tỉ lệ 100%, rồi cắt theo viền.</p>
                <main class="sheet">\(cards.joined())</main></body></html>
                """
            return .text(html, type: "text/html; charset=utf-8")
        }
        router.add("POST", "/api/learners/{id}/card/reissue", .staff,
                   RouteDoc("Cấp lại thẻ: mã mới, mã cũ không dùng được nữa", response: "Learner")) { [unowned self] ctx in
            .json(try store.reissueCard(id: ctx.param("id"), actor: ctx.user))
        }
    }
}
