import Foundation

/// The yearly report of a province's association (on PostgreSQL) to the national one: the
/// province's results against each target, each commune's, the titles recognised and the hours
/// by field. Built from the same sums as the province's dashboard, so the two always agree. The
/// sections a commune's association writes by hand (activities, difficulties, proposals) are
/// dotted lines to write on: the province's own work is not recorded by this program. The
/// province, the association, its chair and the recipients come from its settings.
package struct ProvinceReport {
    var dashboard: Dashboard
    var communes: [CommuneLine]
    /// Kind ("family"…) → (recognised, all).
    var titles: [String: (recognized: Int, all: Int)]
    var settings: ProvinceSettings
    var now: Int64

    package var html: String {
        let year = dashboard.label.year, mark = AnnualReport.mark(of: year)
        let dots = "<div class=\"dots\"></div><div class=\"dots\"></div>"
        var body = "<p>Số liệu năm \(year), tính đến \(A4Page.escape(Timestamps.localDate(now))), tổng hợp từ \(communes.count) xã, "
            + "\(communes.reduce(0) { $0 + $1.centres }) trung tâm học tập cộng đồng, theo bộ tiêu chí \(A4Page.escape(dashboard.label.ruleset)) "
            + "(phiên bản \(dashboard.label.rulesetVersion)). Năm \(year) được đánh giá so với mục tiêu đến năm \(mark).</p>"
        body += "<h2>I. Kết quả thực hiện các chỉ tiêu</h2>"
        body += A4Page.table(["Chỉ tiêu", "Đạt / tổng số", "Tỷ lệ", "Mục tiêu 2025", "Mục tiêu 2030", "Đánh giá (so với mục tiêu \(mark))"],
                             dashboard.targets.map { t in
            ["\(t.code). \(t.name)", "\(VietNumber.integer(Int64(t.numerator)))/\(VietNumber.integer(Int64(t.denominator)))", A4Page.percent(t.percent),
             A4Page.percent(t.target2025), A4Page.percent(t.target2030), AnnualReport.assessment(t, mark: mark)]
        })
        body += "<p>Tổng số người học: \(VietNumber.integer(Int64(dashboard.learners))); đạt \"Công dân học tập\": "
            + "\(VietNumber.integer(Int64(dashboard.learningCitizens))).</p>"
        body += "<h3>Kết quả theo xã</h3>"
        body += A4Page.table(["Xã", "Trung tâm", "Công dân học tập (đạt/số người học)", "Chỉ tiêu đạt (so với mục tiêu \(mark))"], communes.map { c in
            let counted = c.targets.filter { $0.denominator > 0 }
            return [c.name, String(c.centres), "\(VietNumber.integer(Int64(c.learningCitizens)))/\(VietNumber.integer(Int64(c.learners)))",
                    counted.isEmpty ? "–" : "\(counted.filter { AnnualReport.meets($0, mark: mark) }.count)/\(counted.count)"]
        })
        body += "<h2>II. Giờ học theo lĩnh vực</h2>"
        let hours = dashboard.hoursByCategoryAndMonth.mapValues { $0.values.reduce(0, +) }.sorted { $0.key < $1.key }
        body += A4Page.table(["Lĩnh vực", "Số giờ được tính"], hours.map { [AnnualReport.categoryNames[$0.key] ?? $0.key, A4Page.number($0.value)] })
        body += "<h2>III. Các danh hiệu được công nhận</h2>"
        body += A4Page.table(["Danh hiệu", "Số được công nhận", "Tổng số"],
                             TitleKind.allCases.map { kind in
            [kind.label, VietNumber.integer(Int64(titles[kind.rawValue]?.recognized ?? 0)), VietNumber.integer(Int64(titles[kind.rawValue]?.all ?? 0))]
        })
        body += "<h2>IV. Hoạt động của Hội Khuyến học tỉnh</h2>" + dots
        let missed = dashboard.targets.filter { $0.denominator > 0 && !AnnualReport.meets($0, mark: mark) }
        var closing = "<h2>V. Nhận xét, khó khăn, kiến nghị</h2><div class=\"remarks\">"
        if !missed.isEmpty {
            closing += "<p>Các chỉ tiêu chưa đạt: " + missed.map { "\(A4Page.escape($0.code)) (\(A4Page.percent($0.percent)) so với \(A4Page.percent(AnnualReport.goal($0, mark: mark))))" }
                .joined(separator: "; ") + ".</p>"
        }
        closing += "<p><strong>Khó khăn, hạn chế:</strong></p>" + dots + "<p><strong>Kiến nghị, đề xuất:</strong></p>" + dots + "</div>"
        return A4Page.html(title: "Báo cáo năm \(year)", issuer: settings.association.uppercased(), place: settings.place, date: now,
                           heading: "BÁO CÁO", subheading: "Kết quả thực hiện Chương trình \"\(AnnualReport.programme)\" năm \(year)",
                           body: body, closing: closing, signer: "TM. BAN THƯỜNG VỤ\nCHỦ TỊCH", signerName: settings.associationChair,
                           missingSigner: "(Chưa có tên Chủ tịch Hội: người quản lý điền ở trang Các trung tâm, mục \"Báo cáo năm\")",
                           recipients: settings.recipients)
    }
}
