import Foundation

/// The recognition list (danh sách đề nghị công nhận) of a year, for one village or the whole
/// commune: learning citizens, families, clans, communities and units that meet the rules.
package enum RecognitionList {
    package static func html(_ results: YearResults, villageId: String?, villageName: String?, commune: String, now: Int64) -> String {
        let e = A4Page.escape
        let villages = Dictionary((results.titles[.community] ?? []).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let citizens = results.facts.indices.filter { results.scores[$0].recognized && (villageId == nil || results.facts[$0].villageId == villageId) }
        func titled(_ kind: TitleKind) -> [TitleResult] {
            (results.titles[kind] ?? []).filter { $0.recognized && (villageId == nil || $0.villageId == nil || $0.villageId == villageId) }
        }
        var body = "<h2>I. Công dân học tập (\(citizens.count) người)</h2>"
        body += A4Page.table(["Họ và tên", "Năm sinh", "Thôn", "Điểm"], citizens.map { i in
            let f = results.facts[i]
            return [f.fullName, String(f.birthYear), villages[f.villageId] ?? "", A4Page.number(results.scores[i].total)]
        })
        let families = titled(.family)
        body += "<h2>II. Gia đình học tập (\(families.count) hộ)</h2>"
        body += A4Page.table(["Chủ hộ", "Thôn"], families.map { [$0.name, villages[$0.villageId ?? ""] ?? ""] })
        if villageId == nil {
            let clans = titled(.clan), communities = titled(.community), units = titled(.unit)
            body += "<h2>III. Dòng họ học tập (\(clans.count))</h2>" + A4Page.table(["Dòng họ"], clans.map { [$0.name] })
            body += "<h2>IV. Cộng đồng học tập (\(communities.count) thôn)</h2>" + A4Page.table(["Thôn"], communities.map { [$0.name] })
            body += "<h2>V. Đơn vị học tập (\(units.count))</h2>" + A4Page.table(["Đơn vị", "Mức"], units.map { [$0.name, "Mức \($0.level ?? 1)"] })
        } else if let community = titled(.community).first {
            body += "<h2>III. Cộng đồng học tập</h2><p>\(e(community.name)) đạt danh hiệu \"Cộng đồng học tập\" năm \(results.year).</p>"
        }
        return A4Page.html(title: "Danh sách đề nghị công nhận \(results.year)", issuer: "TRUNG TÂM HỌC TẬP CỘNG ĐỒNG\n\(commune.uppercased())",
                           place: commune, date: now, heading: "DANH SÁCH ĐỀ NGHỊ CÔNG NHẬN",
                           subheading: "Các danh hiệu học tập năm \(results.year)" + (villageName.map { " — \($0)" } ?? ""),
                           body: body, signer: "GIÁM ĐỐC TRUNG TÂM",
                           recipients: ["Hội Khuyến học \(commune)", "UBND \(commune)", "Lưu: TTHTCĐ"])
    }
}
