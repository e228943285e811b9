import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// The yearly report is the commune association's (CRITERIA §5): issued under its name, signed
/// for its executive committee by the chair set in the settings, sent to the recipients set
/// there (no district since July 2025), judged against the mark of the period its year is in.
@Suite struct AssociationReportTests {
    let centre: TestCentre
    let manager: TestCentre.Login
    let year = LocalDay.year(of: Store.nowMillis())

    init() throws {
        centre = try TestCentre()
        manager = try centre.login()
    }

    func report() -> String { centre.send("GET", "/api/reports/annual?year=\(year)", login: manager).bodyText }

    @Test func issuedByTheAssociationAndSignedByItsChair() throws {
        let saved = centre.send("PATCH", "/api/settings", json: [
            "communeName": "xã Y Tịch", "associationChair": "Hoàng Thị Mai",
            "reportRecipients": ["UBND xã Y Tịch", "Hội Khuyến học tỉnh Lạng Sơn", "<b>Lưu</b>: VT"],
        ], login: manager)
        #expect(saved.status == 200, "\(saved.bodyText)")
        #expect(saved.json["associationChair"] == "Hoàng Thị Mai")
        #expect(saved.json["associationName"] == .null)  // the default, which follows the commune's name
        #expect(saved.json["reportDeadline"] == "11-15")
        let html = report()
        #expect(html.contains("HỘI KHUYẾN HỌC XÃ Y TỊCH<br>"))
        #expect(html.contains("TM. BAN CHẤP HÀNH<br>CHỦ TỊCH"))
        #expect(html.contains("<span class=\"signer-name\">Hoàng Thị Mai</span>"))
        #expect(!html.contains("GIÁM ĐỐC") && !html.contains("huyện"))
        #expect(html.contains("<br>- Hội Khuyến học tỉnh Lạng Sơn;<br>- &lt;b&gt;Lưu&lt;/b&gt;: VT.</div>"))
        #expect(html.contains("Đẩy mạnh phong trào học tập suốt đời"))
        #expect(!html.lowercased().contains("bộ tiêu chí bộ tiêu chí"))
        let mark = year <= 2025 ? 2025 : 2030
        #expect(html.contains("Đánh giá (so với mục tiêu \(mark))"))
        #expect(html.contains("chỉ tiêu so với mục tiêu đến năm \(mark)"))

        // A name of the association's own, and back to the default with null.
        #expect(centre.send("PATCH", "/api/settings", json: ["associationName": "Hội Khuyến học xã Y Tịch (mới)"], login: manager).status == 200)
        #expect(report().contains("HỘI KHUYẾN HỌC XÃ Y TỊCH (MỚI)<br>"))
        #expect(centre.send("PATCH", "/api/settings", json: ["associationName": NSNull(), "reportRecipients": [String]()], login: manager).status == 200)
        let reset = centre.send("GET", "/api/settings", login: manager).json
        #expect(reset["associationName"] == .null && reset["reportRecipients"] == .null)
        #expect(report().contains("<br>- UBND xã Y Tịch;<br>- Hội Khuyến học tỉnh;<br>- Lưu: VT.</div>"))
    }

    @Test func withoutAChairTheReportSaysWhoMustWriteTheNameAndStillPrints() {
        let html = report()
        #expect(html.contains("TM. BAN CHẤP HÀNH<br>CHỦ TỊCH"))
        #expect(html.contains("Chưa có tên Chủ tịch Hội"))
        #expect(html.contains("<br>- Hội Khuyến học tỉnh;"))
        #expect(centre.send("GET", "/api/reports/annual?year=\(year)&format=xlsx", login: manager).status == 200)
    }

    @Test func badSettingsAreRefusedInWords() {
        for (value, field) in [("02-30", "reportDeadline"), ("11/15", "reportDeadline"), ("02-29", "reportDeadline"), ("13-01", "reportDeadline")] {
            let answer = centre.send("PATCH", "/api/settings", json: [field: value], login: manager)
            #expect(answer.status == 422, "\(value)")
            #expect(answer.errorField == field, "\(value)")
        }
        let wrongRecipients: [Any] = ["UBND xã", (1...9).map { "Nơi \($0)" }, [3], [String(repeating: "a", count: 201)], ["a\nb"]]
        for recipients in wrongRecipients {
            let answer = centre.send("PATCH", "/api/settings", json: ["reportRecipients": recipients], login: manager)
            #expect(answer.status == 422, "\(recipients)")
            #expect(answer.errorField == "reportRecipients", "\(recipients)")
        }
        #expect(centre.send("PATCH", "/api/settings", json: ["associationChair": "Mai\u{202E}"], login: manager).status == 422)
        #expect(centre.send("PATCH", "/api/settings", json: ["reportDeadline": "12-01"], login: manager).json["reportDeadline"] == "12-01")
        #expect(centre.send("PATCH", "/api/settings", json: ["reportDeadline": NSNull()], login: manager).json["reportDeadline"] == "11-15")
    }

    /// The dashboard's reminder: days left, then a warning once the deadline has passed while the
    /// report was not sent; a submitted copy is named; a sent one ends the warning.
    @Test func theReminderFollowsTheDeadlineAndTheSubmissions() throws {
        let today = Day.today()
        func due(_ day: Day) -> JSONValue {
            #expect(centre.send("PATCH", "/api/settings", json: ["reportDeadline": String(day.text.dropFirst(5))], login: manager).status == 200)
            return centre.send("GET", "/api/reports/deadline", login: manager).json
        }
        let later = today.adding(days: 10)
        if later.year == today.year {
            let d = due(later)
            #expect(d["daysLeft"] == 10 && d["state"] == "draft" && d["overdue"] == false, "\(d)")
            #expect(d["deadline"] == .string(later.text))
            #expect(d["message"]?.stringValue?.hasPrefix("Còn 10 ngày: hạn nộp báo cáo năm \(today.year) là \(later.vietnamese).") == true, "\(d)")
        }
        let earlier = today.adding(days: -3)
        guard earlier.year == today.year else { return }  // the first days of January: no deadline behind in this year
        var d = due(earlier)
        #expect(d["daysLeft"] == -3 && d["state"] == "draft" && d["overdue"] == true, "\(d)")
        #expect(d["message"]?.stringValue?.hasPrefix("Đã quá 3 ngày") == true, "\(d)")
        #expect(centre.send("POST", "/api/years/\(today.year)/submit", login: manager).status == 201)
        d = centre.send("GET", "/api/reports/deadline", login: manager).json
        #expect(d["state"] == "submitted" && d["copy"] == 1 && d["overdue"] == true, "\(d)")
        #expect(d["message"]?.stringValue?.contains("Bản số 1 đã nộp nhưng chưa ghi nhận đã gửi đi") == true, "\(d)")
        #expect(centre.send("POST", "/api/years/\(today.year)/submissions/1/sent", json: ["how": "paper", "to": "UBND xã"], login: manager).status == 200)
        d = centre.send("GET", "/api/reports/deadline", login: manager).json
        #expect(d["state"] == "sent" && d["copy"] == 1 && d["overdue"] == false, "\(d)")
    }

    /// The sections the association writes: printed as text, a paragraph a line; a section not
    /// written leaves dotted lines to write on; a closed year's are frozen with it.
    @Test func theAssociationWritesItsSectionsAndTheReportPrintsThemAsText() {
        let path = "/api/reports/annual/\(year)/narrative"
        #expect(centre.send("GET", path, login: manager).json["publicity"] == .null)
        let saved = centre.send("PUT", path, json: ["publicity": "Phát 12 bản tin trên loa truyền thanh.\nHọp ở 8 thôn.",
                                                     "proposals": "<script>alert(1)</script> Xin thêm máy tính"], login: manager)
        #expect(saved.status == 200, "\(saved.bodyText)")
        let html = report()
        #expect(html.contains("<h2>IV. Hoạt động của Hội Khuyến học</h2>"))
        #expect(html.contains("<p>Phát 12 bản tin trên loa truyền thanh.</p><p>Họp ở 8 thôn.</p>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; Xin thêm máy tính") && !html.contains("<script>alert"))
        #expect(html.contains("<p><strong>3. Khen thưởng.</strong></p><div class=\"dots\">"))
        #expect(centre.send("PUT", path, json: ["slogan": "x"], login: manager).errorCode == "unknown_field")
        #expect(centre.send("PUT", path, json: ["funds": String(repeating: "a", count: 4001)], login: manager).errorField == "funds")
        // PUT replaces the whole: what is left out is cleared.
        #expect(centre.send("PUT", path, json: ["awards": "Khen 3 gia đình học tập tiêu biểu"], login: manager).status == 200)
        let now = centre.send("GET", path, login: manager).json
        #expect(now["publicity"] == .null && now["awards"] == "Khen 3 gia đình học tập tiêu biểu")
        // Last year, once closed, takes no more writing.
        #expect(centre.send("POST", "/api/years/\(year - 1)/close", login: manager).status == 200)
        #expect(centre.send("PUT", "/api/reports/annual/\(year - 1)/narrative", json: ["awards": "muộn"], login: manager).errorCode == "year_closed")
    }

    @Test func aYearIsJudgedAgainstTheMarkOfItsPeriod() {
        #expect([2022, 2025, 2026, 2030, 2031].map(AnnualReport.mark(of:)) == [2025, 2025, 2030, 2030, 2030])
        #expect(AnnualReport.rulesetPhrase("Bộ tiêu chí Công dân học tập 2025") == "Bộ tiêu chí Công dân học tập 2025")
        #expect(AnnualReport.rulesetPhrase("Quy định của tỉnh") == "bộ tiêu chí Quy định của tỉnh")
    }
}
