import Foundation

extension CentreApp {
    func registerYearHoursRoutes(_ router: inout Router) {
        router.add("GET", "/api/hours", .staff,
                   RouteDoc("Giờ học của mọi người trong năm (người có giờ, theo thứ tự tên)", query: ["year", "limit", "next"],
                            response: "YearHoursList")) { [unowned self] ctx in
            let (limit, offset) = try ctx.paging()
            let all = try store.yearHours(year: ctx.yearQuery())
            return .json(Page(overfetched: Array(all.dropFirst(offset).prefix(limit + 1)), limit: limit, offset: offset))
        }
        router.add("GET", "/api/officers", .staff,
                   RouteDoc("Chỉ tiêu T7: cán bộ hội tham gia hoạt động của trung tâm và được tập huấn CNTT", query: ["year"],
                            response: "Officers")) { [unowned self] ctx in
            let year = try ctx.yearQuery()
            return .json(OfficersView(year: year, rules: config.rules, items: try store.officers(year: year, rules: config.rules)))
        }
    }
}

/// Target T7 for a year: the officers, how many count, and the rule that counted them.
struct OfficersView: JSONWritable {
    var year: Int
    var rules: CentreRules
    var items: [OfficerYear]

    func write(to w: inout JSONWriter) {
        let counted = items.filter { $0.participates && $0.trainedInIT }.count
        w.beginObject()
        w.key("counted"); w.int(counted)
        w.key("items"); w.array(items)
        w.key("officers"); w.int(items.count)
        w.key("participating"); w.int(items.filter(\.participates).count)
        w.key("percent"); w.number(items.isEmpty ? 0 : (Double(counted) * 1000 / Double(items.count)).rounded() / 10)
        w.key("rule"); w.string("""
            Tham gia: có ít nhất một giờ học được tính trong năm. Được tập huấn CNTT: từ \(Store.roundHours(rules.officerITHours)) \
            giờ CNTT trong năm, hoặc kỹ năng số được đánh giá từ mức cơ bản.
            """)
        w.key("trainedInIT"); w.int(items.filter(\.trainedInIT).count)
        w.key("year"); w.int(year)
        w.endObject()
    }
}
