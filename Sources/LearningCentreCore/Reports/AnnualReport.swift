import Foundation

/// The yearly report the commune's study-promotion association sends before its deadline
/// (CRITERIA §5): results against each target, activities by category, recognised titles,
/// remarks; issued by the association and signed for its executive committee by its chair.
/// Built from the same scored year as the dashboard, so the two always agree. Produced at any
/// date, it shows the year so far.
package struct AnnualReport {
    var results: YearResults
    var targets: [TargetResult]
    var activity: [ActivityLine]
    var commune: String
    var settings: CentreSettings
    var narrative: ReportNarrative
    /// The year's activities of the association, summed by kind: the figures beside its sections.
    var activities: ActivitySummary
    /// At an association: the centres whose records it sums, each with its own figures.
    var centres: [(name: String, totals: CentreTotals)]
    var now: Int64

    package init(results: YearResults, settings: CentreSettings, narrative: ReportNarrative, activities: ActivitySummary,
         centres: [(name: String, totals: CentreTotals)] = [], now: Int64) {
        self.centres = centres
        self.results = results
        self.narrative = narrative
        self.activities = activities
        targets = Targets.compute(results)
        activity = results.activity
        commune = settings.communeName ?? "xã .........."
        self.settings = settings
        self.now = now
    }

    /// The programme the plan carries out (the seed plan's title).
    static let programme = "Đẩy mạnh phong trào học tập suốt đời trong gia đình, dòng họ, cộng đồng, đơn vị giai đoạn 2021 - 2030"

    static let signer = "TM. BAN CHẤP HÀNH\nCHỦ TỊCH"
    static let missingChair = "(Chưa có tên Chủ tịch Hội: người quản lý điền ở trang Gửi dữ liệu, mục \"Chủ tịch Hội Khuyến học\")"
    var subheading: String { "Kết quả thực hiện Chương trình \"\(AnnualReport.programme)\" năm \(results.year)" }

    /// The mark a year is judged against: 2025 up to 2025, 2030 after.
    static func mark(of year: Int) -> Int { year <= 2025 ? 2025 : 2030 }

    static let categoryNames = SessionCategory.labels.merging(VisitPurpose.labels) { a, _ in a }

    static func goal(_ t: TargetResult, mark: Int) -> Double { mark == 2025 ? t.target2025 : t.target2030 }
    static func meets(_ t: TargetResult, mark: Int) -> Bool { t.percent + 1e-9 >= goal(t, mark: mark) }

    /// "Đạt" when the mark's goal is reached, else how far below it.
    static func assessment(_ t: TargetResult, mark: Int) -> String {
        if t.denominator == 0 { return "Chưa có số liệu" }
        return meets(t, mark: mark) ? "Đạt" : "Chưa đạt (thiếu \(A4Page.percent(goal(t, mark: mark) - t.percent)))"
    }

    /// "theo Bộ tiêu chí …" without saying "bộ tiêu chí" twice when the ruleset's name begins so.
    static func rulesetPhrase(_ name: String) -> String {
        NameFolding.fold(name).hasPrefix("bo tieu chi") ? name : "bộ tiêu chí \(name)"
    }

    /// What the association wrote in a section, a paragraph a line, or dotted lines to write on;
    /// the section's figures from the recorded activities first.
    func written(_ key: String) -> String {
        let figures = self.figures(key).map { "<p class=\"figures\">\(A4Page.escape($0))</p>" } ?? ""
        guard let text = narrative[key] else { return figures + "<div class=\"dots\"></div><div class=\"dots\"></div>" }
        return figures + text.split(separator: "\n").map { "<p>\(A4Page.escape(String($0)))</p>" }.joined()
    }

    /// The recorded figures of a section ("Số liệu ghi nhận: …"), nil when nothing was recorded for it.
    func figures(_ key: String) -> String? {
        func times(_ kind: ActivityKind, _ noun: String) -> String? {
            let line = activities.line(kind)
            guard line.count > 0 else { return nil }
            return "\(line.count) \(noun)" + (line.people > 0 ? " với \(VietNumber.integer(Int64(line.people))) người tham gia" : "")
                + (line.amount > 0 ? ", tổng \(VietNumber.integer(line.amount)) đồng" : "")
        }
        var parts: [String]
        switch key {
        case "publicity": parts = [times(.publicity, "hoạt động tuyên truyền"), times(.meeting, "cuộc họp, hội nghị"), times(.other, "hoạt động khác")].compactMap { $0 }
        case "training":
            parts = [times(.briefing, "buổi học tập, quán triệt kế hoạch"), times(.training, "lớp bồi dưỡng, tập huấn")].compactMap { $0 }
            if let t10 = targets.first(where: { $0.code == "T10" }), t10.denominator > 0 {
                parts.append("\(t10.numerator)/\(t10.denominator) cán bộ, hội viên đã được quán triệt (\(A4Page.percent(t10.percent)))")
            }
        case "awards": parts = [times(.award, "lần khen thưởng")].compactMap { $0 }
        case "funds": parts = [times(.fundraising, "đợt vận động quỹ")].compactMap { $0 }
        default: parts = []
        }
        return parts.isEmpty ? nil : "Số liệu ghi nhận: " + parts.joined(separator: "; ") + "."
    }

    /// Why a learner is not (yet) a learning citizen: the points missing, the indicators under the floor.
    static func citizenReason(_ score: LearnerScore, ruleset: Ruleset) -> String {
        guard !score.recognized else { return "" }
        var reasons: [String] = []
        if score.total + 1e-9 < ruleset.passMark {
            reasons.append("thiếu \(VietNumber.decimal(ruleset.passMark - score.total)) điểm (cần \(VietNumber.decimal(ruleset.passMark)))")
        }
        for indicator in score.indicators where indicator.points + 1e-9 < ruleset.minIndicatorPoints {
            reasons.append("chỉ số \(indicator.code) có \(VietNumber.decimal(indicator.points)) điểm (cần ít nhất \(VietNumber.decimal(ruleset.minIndicatorPoints)))")
        }
        return reasons.joined(separator: "; ")
    }

    /// Each village: its learning families and citizens, the targets it meets, its own title.
    func villageRows(mark: Int) -> [[String]] {
        let byVillage = Targets.byVillage(results, itemized: false)
        return (results.titles[.community] ?? []).map { village in
            let families = (results.titles[.family] ?? []).filter { $0.villageId == village.id }
            let people = results.facts.indices.filter { results.facts[$0].villageId == village.id }
            let targets = (byVillage[village.id] ?? []).filter { $0.denominator > 0 }
            let met = targets.filter { AnnualReport.meets($0, mark: mark) }
            return [village.name, "\(families.filter(\.recognized).count)/\(families.count)",
                    "\(people.filter { results.scores[$0].recognized }.count)/\(people.count)",
                    targets.isEmpty ? "–" : "\(met.count)/\(targets.count)", village.recognized ? "Đạt" : "Chưa đạt"]
        }
    }

    var titleCounts: [(String, Int, Int)] {
        TitleKind.allCases.map { kind in
            let all = results.titles[kind] ?? []
            return (kind.label, all.filter(\.recognized).count, all.count)
        }
    }

    package var html: String {
        let e = A4Page.escape
        let citizens = results.scores.filter(\.recognized).count
        let mark = AnnualReport.mark(of: results.year)
        var body = "<p>Số liệu năm \(results.year), tính đến \(e(Timestamps.localDate(now))), theo \(e(AnnualReport.rulesetPhrase(results.ruleset.name))) "
            + "(\(e(results.ruleset.id)), phiên bản \(results.ruleset.version)). Năm \(results.year) được đánh giá so với mục tiêu đến năm \(mark).</p>"
        if !centres.isEmpty {
            body += "<p>Số liệu tổng hợp từ \(centres.count) trung tâm học tập cộng đồng: \(e(centres.map(\.name).joined(separator: ", "))).</p>"
        }
        body += "<h2>I. Kết quả thực hiện các chỉ tiêu</h2>"
        body += A4Page.table(["Chỉ tiêu", "Đạt / tổng số", "Tỷ lệ", "Mục tiêu 2025", "Mục tiêu 2030", "Đánh giá (so với mục tiêu \(mark))"], targets.map { t in
            ["\(t.code). \(t.name)", "\(t.numerator)/\(t.denominator)", A4Page.percent(t.percent), A4Page.percent(t.target2025),
             A4Page.percent(t.target2030), AnnualReport.assessment(t, mark: mark)]
        })
        body += "<h3>Kết quả theo thôn</h3>"
        body += A4Page.table(["Thôn", "Gia đình học tập (đạt/tổng số)", "Công dân học tập (đạt/số người học)",
                              "Chỉ tiêu đạt (so với mục tiêu \(mark))", "Cộng đồng học tập"], villageRows(mark: mark))
        body += "<h3>Kết quả theo đơn vị</h3>"
        body += A4Page.table(["Đơn vị", "Kết quả", "Điều kiện chưa đạt"], (results.titles[.unit] ?? []).map { unit in
            [unit.name, unit.recognized ? "Đạt" + (unit.level.map { " mức \($0)" } ?? "") : "Chưa đạt",
             unit.reasons.filter { !$0.met }.map(\.text).joined(separator: "; ")]
        })
        if !centres.isEmpty {
            body += "<h3>Kết quả theo trung tâm</h3>"
            body += A4Page.table(["Trung tâm", "Người học", "Số giờ được tính", "Công dân học tập"], centres.map { c in
                [c.name, VietNumber.integer(Int64(c.totals.learners)), A4Page.number(c.totals.hours), VietNumber.integer(Int64(c.totals.learningCitizens))]
            })
        }
        body += "<h2>II. Hoạt động học tập theo lĩnh vực</h2>"
        body += A4Page.table(["Lĩnh vực", "Số buổi học", "Lượt tham gia", "Số giờ được tính"], activity.map { a in
            [AnnualReport.categoryNames[a.category] ?? a.category, a.sessions > 0 ? String(a.sessions) : "–", String(a.attendances),
             A4Page.number(a.hours)]
        })
        body += "<p>Tổng số người học: \(results.facts.count); đạt \"Công dân học tập\": \(citizens).</p>"
        body += "<h2>III. Các danh hiệu được công nhận</h2>"
        body += A4Page.table(["Danh hiệu", "Số được công nhận", "Tổng số"], titleCounts.map { [$0.0, String($0.1), String($0.2)] })
        body += "<h2>IV. Hoạt động của Hội Khuyến học</h2><div class=\"remarks\">"
        for (index, section) in ReportNarrative.sections.prefix(4).enumerated() {
            body += "<p><strong>\(index + 1). \(section.title).</strong></p>" + written(section.key)
        }
        body += "</div>"
        let missed = targets.filter { $0.denominator > 0 && !AnnualReport.meets($0, mark: mark) }
        var closing = "<h2>V. Nhận xét, khó khăn, kiến nghị</h2><div class=\"remarks\">"
        closing += "<p>1. Đạt \(targets.count - missed.count - targets.filter { $0.denominator == 0 }.count)/\(targets.count) chỉ tiêu so với mục tiêu đến năm \(mark).</p>"
        if !missed.isEmpty {
            closing += "<p>2. Các chỉ tiêu chưa đạt: " + missed.map { "\(e($0.code)) (\(A4Page.percent($0.percent)) so với \(A4Page.percent(AnnualReport.goal($0, mark: mark))))" }
                .joined(separator: "; ") + ".</p>"
        }
        closing += "<p><strong>Khó khăn, hạn chế:</strong></p>" + written("difficulties")
        closing += "<p><strong>Kiến nghị, đề xuất:</strong></p>" + written("proposals") + "</div>"
        return A4Page.html(title: "Báo cáo năm \(results.year)", issuer: settings.association.uppercased(),
                           place: commune, date: now, heading: "BÁO CÁO", subheading: subheading,
                           body: body, closing: closing, signer: AnnualReport.signer, signerName: settings.associationChair,
                           missingSigner: AnnualReport.missingChair, recipients: settings.recipients)
    }
}
