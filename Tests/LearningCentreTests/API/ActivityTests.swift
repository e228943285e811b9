import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// The association's own activities (CRITERIA §5) and target T10: officers and members (either
/// flag, as on the year's last day) who took part in a briefing in the year, over all of them.
@Suite struct ActivityTests {
    let centre: TestCentre
    let manager: TestCentre.Login
    let today = Day.today()
    var year: Int { today.year }

    init() throws {
        centre = try TestCentre()
        manager = try centre.login()
    }

    func learner(_ name: String, village: String, officer: Bool = false, member: Bool = false) throws -> String {
        try centre.create("/api/learners", ["fullName": name, "gender": "female", "birthYear": 1970, "villageId": village,
                                            "isAssociationOfficer": officer, "isAssociationMember": member,
                                            "registeredOn": "\(year - 1)-01-10"], login: manager)
    }

    func t10(_ query: String = "") -> JSONValue? {
        centre.send("GET", "/api/reports/indicators?year=\(year)\(query)", login: manager).json["items"]?.arrayValue?.first { $0["code"] == "T10" }
    }

    @Test func aBriefingCountsItsOfficersAndMembersForT10() throws {
        let village = try centre.village("Thôn Nà Pàn", login: manager)
        let officer = try learner("Hoàng Văn Sáng", village: village, officer: true)
        let member = try learner("Lý Thị Hoa", village: village, member: true)
        let plain = try learner("Vi Văn Tài", village: village)
        #expect(t10()?["numerator"] == 0 && t10()?["denominator"] == 2, "\(String(describing: t10()))")
        // The page adds a village's officers and members at once, or finds one of them by name.
        func association(_ query: String) -> Set<String> {
            Set(centre.send("GET", "/api/learners?association=true\(query)", login: manager).json["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? [])
        }
        #expect(association("&village=\(village)") == [officer, member])
        #expect(association("&q=sang") == [officer] && association("&q=tai").isEmpty)
        #expect(t10()?["target2025"] == 100 && t10()?["target2030"] == 100)

        let created = centre.send("POST", "/api/activities", json: [
            "kind": "briefing", "date": today.text, "title": "Quán triệt Kế hoạch học tập suốt đời",
            "participantIds": [officer, plain, officer], "villageId": village,
        ], login: manager)
        #expect(created.status == 201, "\(created.bodyText)")
        let id = created.json["id"]?.stringValue ?? ""
        #expect(created.json["participantIds"] == .array([.string(officer), .string(plain)]))  // each once, in the order given
        #expect(t10()?["numerator"] == 1 && t10()?["denominator"] == 2 && t10()?["percent"] == 50)
        #expect(t10("&village=\(village)")?["numerator"] == 1)

        // A training is not a briefing; the briefing completed by PATCH counts everyone.
        _ = try centre.create("/api/activities", ["kind": "training", "date": today.text, "title": "Tập huấn CNTT", "participantIds": [member]],
                              login: manager)
        #expect(t10()?["numerator"] == 1)
        let patched = centre.send("PATCH", "/api/activities/\(id)", json: ["participantIds": [officer, member]], login: manager)
        #expect(patched.status == 200 && patched.json["title"] == "Quán triệt Kế hoạch học tập suốt đời", "\(patched.bodyText)")
        #expect(t10()?["numerator"] == 2 && t10()?["percent"] == 100)
        let detail = centre.send("GET", "/api/reports/indicators/T10?year=\(year)", login: manager).json["indicator"]?["items"]?.arrayValue ?? []
        #expect(Set(detail.compactMap { $0["id"]?.stringValue }) == [officer, member])

        // A member who left the association before the year's last day does not count in it.
        let left = centre.send("PATCH", "/api/learners/\(member)", json: ["isAssociationMember": false, "effectiveFrom": today.text], login: manager)
        #expect(left.status == 200, "\(left.bodyText)")
        #expect(t10()?["numerator"] == 1 && t10()?["denominator"] == 1)

        let list = centre.send("GET", "/api/activities?year=\(year)", login: manager).json
        #expect(list["items"]?.arrayValue?.count == 2 && list["year"] == .number(Double(year)))
        let briefing = list["summary"]?.arrayValue?.first { $0["kind"] == "briefing" }
        #expect(briefing?["count"] == 1 && briefing?["people"] == 2 && briefing?["label"] == "Học tập, quán triệt kế hoạch")
        #expect(centre.send("GET", "/api/activities?year=\(year)&kind=training", login: manager).json["items"]?.arrayValue?.count == 1)
        #expect(centre.send("GET", "/api/activities?kind=party", login: manager).status == 400)
        #expect(centre.send("GET", "/api/activities/\(id)", login: manager).json["kind"] == "briefing")
        #expect(centre.send("GET", "/api/activities/nope", login: manager).status == 404)
        #expect(centre.send("GET", "/api/activities?year=\(year)").status == 401)
    }

    @Test func badActivitiesAreRefusedFieldByFieldInWords() throws {
        let village = try centre.village("Thôn Khuổi Mực", login: manager)
        let gone = try learner("Nông Văn Cao", village: village, member: true)
        #expect(centre.send("POST", "/api/learners/\(gone)/archive", login: manager).status == 200)

        let empty = centre.send("POST", "/api/activities", json: [:], login: manager)
        #expect(empty.status == 422)
        #expect(Set(empty.json["error"]?["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []) == ["kind", "date", "title"])
        #expect(empty.json["error"]?["message"]?.stringValue?.hasPrefix("Thiếu loại hoạt động.") == true)

        let base: [String: Any] = ["kind": "fundraising", "date": today.text, "title": "Vận động quỹ khuyến học"]
        func refused(_ change: [String: Any]) -> (String?, String?) {
            let answer = centre.send("POST", "/api/activities", json: base.merging(change) { _, new in new }, login: manager)
            #expect(answer.status == 422 || answer.status == 409, "\(change): \(answer.status) \(answer.bodyText)")
            return (answer.errorCode == "year_closed" ? "year_closed" : answer.errorField, answer.json["error"]?["message"]?.stringValue)
        }
        let future = today.adding(days: 1)
        #expect(refused(["date": future.text]) == ("date", "Ngày \(future.vietnamese) còn ở tương lai: chỉ ghi hoạt động đã diễn ra (muộn nhất là hôm nay)."))
        #expect(refused(["date": "2026-02-30"]).0 == "date")
        #expect(refused(["kind": "party"]).0 == "kind")
        #expect(refused(["amount": -1]) == ("amount", "Số tiền không được âm."))
        #expect(refused(["amount": 100_000_000_001]) == ("amount", "Số tiền 100.000.000.001 đồng quá lớn (tối đa 100 tỷ đồng). Hãy kiểm tra số chữ số 0."))
        #expect(refused(["amount": 12.5]).0 == "amount")
        #expect(refused(["participantIds": [gone]]).1 == "Nông Văn Cao đã thôi tham gia (lưu trữ), không thêm vào hoạt động được. Hãy bỏ người này ra.")
        #expect(refused(["participantIds": ["no-such-learner"]]).0 == "participantIds[0]")
        #expect(refused(["participantIds": "all"]).0 == "participantIds")
        #expect(refused(["villageId": "nowhere"]).0 == "villageId")
        #expect(refused(["title": "   "]).0 == "title")
        #expect(centre.send("POST", "/api/activities", json: base.merging(["colour": "red"]) { a, _ in a }, login: manager).errorCode == "unknown_field")

        // The largest amount a commune could raise is taken, and printed the Vietnamese way.
        _ = try centre.create("/api/activities", base.merging(["amount": 100_000_000_000]) { _, new in new }, login: manager)
        #expect(centre.send("GET", "/api/activities?year=\(year)", login: manager).json["summary"]?.arrayValue?
            .first { $0["kind"] == "fundraising" }?["amount"] == 100_000_000_000)

        // A closed year takes no activity, neither a new one nor one moved into it.
        #expect(centre.send("POST", "/api/years/\(year - 1)/close", login: manager).status == 200)
        #expect(refused(["date": "\(year - 1)-06-01"]).0 == "year_closed")
        let id = try centre.create("/api/activities", base, login: manager)
        #expect(centre.send("PATCH", "/api/activities/\(id)", json: ["date": "\(year - 1)-06-01"], login: manager).errorCode == "year_closed")
        #expect(centre.send("PATCH", "/api/activities/nope", json: ["title": "x"], login: manager).status == 404)
    }

    @Test func theReportPrintsTheYearsFiguresBesideTheSections() throws {
        let village = try centre.village("Thôn Bản Chắt", login: manager)
        let officer = try learner("Hà Thị Lan", village: village, officer: true)
        _ = try centre.create("/api/activities", ["kind": "briefing", "date": today.text, "title": "Học tập kế hoạch", "participantIds": [officer]],
                              login: manager)
        _ = try centre.create("/api/activities", ["kind": "fundraising", "date": today.text, "title": "Quỹ khuyến học", "amount": 1_250_000],
                              login: manager)
        _ = try centre.create("/api/activities", ["kind": "award", "date": today.text, "title": "Khen gia đình", "amount": 500_000],
                              login: manager)
        let html = centre.send("GET", "/api/reports/annual?year=\(year)", login: manager).bodyText
        #expect(html.contains("Số liệu ghi nhận: 1 buổi học tập, quán triệt kế hoạch với 1 người tham gia; 1/1 cán bộ, hội viên đã được quán triệt (100%)."))
        #expect(html.contains("Số liệu ghi nhận: 1 đợt vận động quỹ, tổng 1.250.000 đồng."))
        #expect(html.contains("Số liệu ghi nhận: 1 lần khen thưởng, tổng 500.000 đồng."))
        #expect(html.contains("T10. Cán bộ, hội viên Hội Khuyến học được học tập, quán triệt kế hoạch"))
        #expect(centre.send("GET", "/api/reports/annual?year=\(year)&format=xlsx", login: manager).status == 200)
    }

    /// Activities and narratives travel in the bundles: the association computes T10 from them,
    /// and its report gathers each centre's sections under the centre's name.
    @Test func activitiesAndNarrativesReachTheAssociation() throws {
        let first = try TestCentre(), second = try TestCentre()
        var briefed: [String] = []
        for (index, centre) in [first, second].enumerated() {
            let manager = try centre.login()
            let village = try centre.village(index == 0 ? "Thôn Nà Pàn" : "Thôn Bản Vược", login: manager)
            let member = try centre.create("/api/learners", ["fullName": "Hội viên \(index)", "gender": "male", "birthYear": 1960,
                                                             "villageId": village, "isAssociationMember": true], login: manager)
            _ = try centre.create("/api/learners", ["fullName": "Cán bộ \(index)", "gender": "male", "birthYear": 1961,
                                                    "villageId": village, "isAssociationOfficer": true], login: manager)
            _ = try centre.create("/api/activities", ["kind": "briefing", "date": today.text, "title": "Quán triệt", "participantIds": [member],
                                                      "villageId": village], login: manager)
            briefed.append(member)
            #expect(centre.send("PUT", "/api/reports/annual/\(year)/narrative", json: ["publicity": "Phát thanh \(index + 1) lần"],
                                login: manager).status == 200)
        }
        let bundles = try [first, second].map { try $0.store.exportForTest() }
        #expect(try bundleRows(bundles[0], "activities.csv").count == 2)
        #expect(try bundleRows(bundles[0], "report_narratives.csv").count == 2)
        let association = try makeAssociation(registering: [first.store, second.store])
        let outcomes = try association.receiveBundles(bundles.map(\.tarballPath))
        #expect(outcomes.allSatisfy { $0.kind == .applied }, "\(outcomes.map(\.message))")
        let results = try association.yearResults(year: year)
        let t10 = Targets.compute(results).first { $0.code == "T10" }
        #expect(t10?.numerator == 2 && t10?.denominator == 4, "\(String(describing: t10))")
        #expect(Set(t10?.items.filter(\.counted).map(\.id) ?? []) == Set(briefed))
        let narrative = try association.reportNarrative(year: year)
        #expect(narrative["publicity"] == "Trung tâm 1: Phát thanh 1 lần\nTrung tâm 2: Phát thanh 2 lần", "\(narrative)")
        #expect(try association.activitySummary(year: year).line(.briefing) == .init(kind: .briefing, count: 2, people: 2, amount: 0))
        // Its report sums the centres and names each, with its own figures.
        let daemon = try TestCentre(store: association, association: true)
        let html = daemon.send("GET", "/api/reports/annual?year=\(year)", login: try daemon.login()).bodyText
        #expect(html.contains("Số liệu tổng hợp từ 2 trung tâm học tập cộng đồng: Trung tâm 1, Trung tâm 2."))
        #expect(html.contains("<h3>Kết quả theo trung tâm</h3>") && html.contains("<td>Trung tâm 1</td><td>2</td>"), "\(html)")
        #expect(html.contains("<p>Trung tâm 1: Phát thanh 1 lần</p><p>Trung tâm 2: Phát thanh 2 lần</p>"))
        #expect(html.contains("Số liệu ghi nhận: 2 buổi học tập, quán triệt kế hoạch với 2 người tham gia; 2/4 cán bộ, hội viên đã được quán triệt (50%)."))
        // The association's own words win over the centres'.
        _ = try association.saveNarrative(year: year, ReportNarrative(texts: ["publicity": "Hội viết"]), actor: nil)
        #expect(try association.reportNarrative(year: year)["publicity"] == "Hội viết")
    }

    @Test func numbersAreWrittenTheVietnameseWay() {
        #expect(VietNumber.integer(1_250_000) == "1.250.000")
        #expect(VietNumber.integer(999) == "999" && VietNumber.integer(-1000) == "-1.000" && VietNumber.integer(0) == "0")
        #expect(VietNumber.decimal(12.5) == "12,5" && VietNumber.decimal(1234.567) == "1.234,57" && VietNumber.decimal(0.25) == "0,25")
        #expect(VietNumber.decimal(80) == "80" && VietNumber.decimal(-0.001) == "0" && VietNumber.decimal(66.666, decimals: 1) == "66,7")
    }
}
