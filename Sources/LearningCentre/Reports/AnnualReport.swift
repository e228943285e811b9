import Foundation

/// The yearly report the association sends before 15 November: results against each target,
/// activities by category, recognised titles, remarks. Built from the same scored year as the
/// dashboard, so the two always agree. Produced at any date, it shows the year so far.
struct AnnualReport {
    var results: YearResults
    var targets: [TargetResult]
    var activity: [ActivityLine]
    var commune: String
    var now: Int64

    static let categoryNames = ["it": "Tin học, kỹ năng số", "language": "Ngoại ngữ", "agriculture": "Nông nghiệp", "law": "Pháp luật",
                                "health": "Sức khỏe", "literacy": "Xóa mù chữ", "culture": "Văn hóa", "other": "Khác",
                                "reading": "Đọc sách, thư viện", "club": "Sinh hoạt câu lạc bộ", "selfStudy": "Tự học"]

    /// "Đạt" when the 2025 mark is reached, else how far below it.
    static func assessment(_ t: TargetResult) -> String {
        if t.denominator == 0 { return "Chưa có số liệu" }
        return t.percent + 1e-9 >= t.target2025 ? "Đạt" : "Chưa đạt (thiếu \(A4Page.percent(t.target2025 - t.percent)))"
    }

    var titleCounts: [(String, Int, Int)] {
        [("Gia đình học tập", "family"), ("Dòng họ học tập", "clan"), ("Cộng đồng học tập", "community"), ("Đơn vị học tập", "unit")].map { name, kind in
            let all = results.titles[kind] ?? []
            return (name, all.filter(\.recognized).count, all.count)
        }
    }

    var html: String {
        let e = A4Page.escape
        let citizens = results.scores.filter(\.recognized).count
        var body = "<p>Số liệu năm \(results.year), tính đến \(e(Timestamps.localDate(now))); bộ tiêu chí \(e(results.ruleset.name)) "
            + "(\(e(results.ruleset.id)), phiên bản \(results.ruleset.version)).</p>"
        body += "<h2>I. Kết quả thực hiện các chỉ tiêu</h2>"
        body += A4Page.table(["Chỉ tiêu", "Đạt / tổng số", "Tỷ lệ", "Mục tiêu 2025", "Mục tiêu 2030", "Đánh giá"], targets.map { t in
            ["\(t.code). \(t.name)", "\(t.numerator)/\(t.denominator)", A4Page.percent(t.percent), A4Page.percent(t.target2025),
             A4Page.percent(t.target2030), AnnualReport.assessment(t)]
        })
        body += "<h2>II. Hoạt động học tập theo lĩnh vực</h2>"
        body += A4Page.table(["Lĩnh vực", "Số buổi học", "Lượt tham gia", "Số giờ được tính"], activity.map { a in
            [AnnualReport.categoryNames[a.category] ?? a.category, a.sessions > 0 ? String(a.sessions) : "–", String(a.attendances),
             A4Page.number(a.hours)]
        })
        body += "<p>Tổng số người học: \(results.facts.count); đạt \"Công dân học tập\": \(citizens).</p>"
        body += "<h2>III. Các danh hiệu được công nhận</h2>"
        body += A4Page.table(["Danh hiệu", "Số được công nhận", "Tổng số"], titleCounts.map { [$0.0, String($0.1), String($0.2)] })
        let missed = targets.filter { $0.denominator > 0 && $0.percent + 1e-9 < $0.target2025 }
        var closing = "<h2>IV. Nhận xét, kiến nghị</h2><div class=\"remarks\">"
        closing += "<p>1. Đạt \(targets.count - missed.count - targets.filter { $0.denominator == 0 }.count)/\(targets.count) chỉ tiêu của năm 2025.</p>"
        if !missed.isEmpty {
            closing += "<p>2. Các chỉ tiêu chưa đạt: " + missed.map { "\(e($0.code)) (\(A4Page.percent($0.percent)) so với \(A4Page.percent($0.target2025)))" }
                .joined(separator: "; ") + ".</p>"
        }
        closing += "<p>Kiến nghị:</p><div class=\"dots\"></div><div class=\"dots\"></div><div class=\"dots\"></div></div>"
        return A4Page.html(title: "Báo cáo năm \(results.year)", issuer: "HỘI KHUYẾN HỌC \(commune.uppercased())\nTRUNG TÂM HỌC TẬP CỘNG ĐỒNG",
                           place: commune, date: now, heading: "BÁO CÁO",
                           subheading: "Kết quả xây dựng xã hội học tập năm \(results.year)", body: body, closing: closing,
                           signer: "GIÁM ĐỐC TRUNG TÂM")
    }
}
