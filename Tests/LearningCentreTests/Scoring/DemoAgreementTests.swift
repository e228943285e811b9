import Foundation
import Testing
@testable import LearningCentre
@testable import LearningCentreCore

/// The demo commune: every learner's score is the same whether computed for everyone at once or
/// for one learner with the evidence; the dashboard, the titles and the yearly report (printable
/// and spreadsheet) agree with each other.
@Suite struct DemoAgreementTests {
    let centre: TestCentre
    let manager: TestCentre.Login
    let year = LocalDay.year(of: Store.nowMillis())

    init() throws {
        centre = try TestCentre()
        _ = try DemoCommune(learnerCount: 300).fill(centre.store)
        manager = try centre.login()
    }

    /// After check-ins alone (a morning at the kiosk), the year is scored again for the learners
    /// concerned and their households only; every figure agrees with scoring everyone anew.
    @Test func aYearRefreshedAfterCheckInsAgreesWithScoringEveryoneAgain() throws {
        var pages = ["/api/reports/dashboard?year=\(year)", "/api/titles?year=\(year)", "/api/titles?year=\(year)&kind=family",
                     "/api/scores?year=\(year)&limit=500", "/api/reports/indicators?year=\(year)", "/api/reports/annual?year=\(year)"]
        let results = try centre.store.yearResults(year: year)
        // A village's own figures too (its targets pick their groups through the kept titles).
        let village = try #require(results.titles[.community]?.first?.id)
        pages += ["/api/reports/dashboard?year=\(year)&village=\(village)", "/api/reports/indicators?year=\(year)&village=\(village)"]
        for page in pages { #expect(centre.send("GET", page, login: manager).status == 200) }
        // Learners without a record yet (their households' counts move too), and some with.
        let fresh = results.facts.filter { $0.records == 0 && $0.householdId != nil }.prefix(12).map(\.learnerId)
        let regular = results.facts.filter { $0.records > 0 }.prefix(8).map(\.learnerId)
        // A morning already past, whatever the hour the test runs at: today's 08:00 (Vietnam) once
        // it is 10:00, else the day before's (within the year). Three hours before now reached past
        // the closing time (21:00) in the evening, which had closed the visits before their check-out.
        let now = Store.nowMillis()
        var morning = LocalDay.start(containing: now) + 8 * 3_600_000
        if morning + 2 * 3_600_000 > now, morning - 86_400_000 >= LocalDay.startOfYear(year) { morning -= 86_400_000 }
        var done = 0
        for (k, id) in (fresh + regular).enumerated() {
            let at = morning + Int64(k) * 60_000
            guard (try? centre.store.checkIn(.id(id), .purpose(.reading), now: at, rules: CentreRules())) != nil else { continue }
            _ = try centre.store.checkOut(.id(id), now: at + 90 * 60_000, rules: CentreRules())
            done += 1
        }
        #expect(done >= 15, "\(done) check-ins")
        let before = centre.store.yearScorings.withLock { $0 }
        let refreshed = pages.map { centre.send("GET", $0, login: manager).bodyText }
        let after = centre.store.yearScorings.withLock { $0 }
        #expect(after.refreshed == before.refreshed + 1 && after.full == before.full, "\(before) → \(after)")
        centre.store.yearCache.withLock { $0.removeAll() }
        let anew = pages.map { centre.send("GET", $0, login: manager).bodyText }
        for (k, page) in pages.enumerated() {
            let same = refreshed[k] == anew[k]
            #expect(same, "\(page) differs between the refreshed year and the year scored anew")
        }
        #expect(centre.store.yearScorings.withLock { $0 }.full == after.full + 1)
    }

    @Test func everyoneAtOnceAndOneByOneGiveTheSameScores() throws {
        var next: String? = nil, checked = 0
        repeat {
            let page = centre.send("GET", "/api/scores?year=\(year)&limit=500" + (next.map { "&next=\($0)" } ?? ""), login: manager).json
            for line in page["items"]?.arrayValue ?? [] {
                let one = centre.send("GET", "/api/learners/\(line["learnerId"]!.stringValue!)/score?year=\(year)", login: manager).json
                #expect(one["total"] == line["total"], "\(line["fullName"]!)")
                #expect(one["recognized"] == line["recognized"])
                #expect(one["nextStep"] == line["nextStep"])
                checked += 1
            }
            next = page["next"]?.stringValue
        } while next != nil
        #expect(checked == 300)
    }

    @Test func dashboardTitlesAndReportAgree() throws {
        let dashboard = centre.send("GET", "/api/reports/dashboard?year=\(year)", login: manager).json
        let targets = Dictionary(uniqueKeysWithValues: (dashboard["targets"]?.arrayValue ?? []).map { ($0["code"]!.stringValue!, $0) })
        #expect(targets.count == 10)
        func recognized(_ kind: String) -> (Int, Int) {
            let items = centre.send("GET", "/api/titles?year=\(year)&kind=\(kind)", login: manager).json["items"]?.arrayValue ?? []
            return (items.filter { $0["recognized"] == true }.count, items.count)
        }
        let families = recognized("family"), communities = recognized("community"), units = recognized("unit")
        #expect(targets["T1"]?["numerator"]?.numberValue.map { Int($0) } == families.0)
        #expect(targets["T3"]?["numerator"]?.numberValue.map { Int($0) } == communities.0)
        #expect(targets["T3"]?["denominator"]?.numberValue.map { Int($0) } == communities.1)
        #expect(targets["T4"]?["numerator"]?.numberValue.map { Int($0) } == units.0)
        // T10 by hand: the officers and members, and those of them on a briefing's list.
        let association = Set((centre.send("GET", "/api/learners?association=true&limit=500", login: manager).json["items"]?.arrayValue ?? [])
            .compactMap { $0["id"]?.stringValue })
        let briefed = Set((centre.send("GET", "/api/activities?year=\(year)&kind=briefing&limit=500", login: manager).json["items"]?.arrayValue ?? [])
            .flatMap { $0["participantIds"]?.arrayValue ?? [] }.compactMap(\.stringValue))
        #expect(targets["T10"]?["denominator"]?.numberValue.map { Int($0) } == association.count)
        #expect(targets["T10"]?["numerator"]?.numberValue.map { Int($0) } == association.intersection(briefed).count)
        #expect(association.count > briefed.count && !briefed.isEmpty, "the demo's T10 has done some and has some left")
        let citizens = centre.send("GET", "/api/scores?year=\(year)&recognized=true&limit=500", login: manager).json["items"]?.arrayValue?.count
        #expect(dashboard["learningCitizens"]?.numberValue.map { Int($0) } == citizens)
        #expect((citizens ?? 0) > 0, "the demo has learning citizens to show")
        // The hours by category and month add up to everyone's hours of the year.
        var monthly = 0.0
        for months in (dashboard["hoursByCategoryAndMonth"]?.objectValue ?? [:]).values {
            for value in months.objectValue?.values ?? [:].values { monthly += value.numberValue ?? 0 }
        }
        let everyone = (centre.send("GET", "/api/hours?year=\(year)&limit=500", login: manager).json["items"]?.arrayValue ?? [])
            .reduce(0.0) { $0 + ($1["total"]?.numberValue ?? 0) }
        #expect(monthly > 0)
        #expect(abs(monthly - everyone) < 1, "\(monthly) vs \(everyone)")
        // The indicators route gives the same figures.
        let indicators = centre.send("GET", "/api/reports/indicators?year=\(year)", login: manager).json["items"]?.arrayValue ?? []
        #expect(indicators == dashboard["targets"]?.arrayValue)

        // The printable report shows each target's figures as the dashboard does, in its sections.
        let report = centre.send("GET", "/api/reports/annual?year=\(year)", login: manager)
        #expect(report.header("Content-Type")?.hasPrefix("text/html") == true)
        let html = report.bodyText
        for section in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "I. Kết quả thực hiện các chỉ tiêu",
                        "II. Hoạt động học tập theo lĩnh vực", "III. Các danh hiệu được công nhận", "IV. Hoạt động của Hội Khuyến học", "V. Nhận xét, khó khăn, kiến nghị"] {
            #expect(html.contains(section), "\(section)")
        }
        for (code, t) in targets {
            #expect(html.contains("<td>\(Int(t["numerator"]!.numberValue!))/\(Int(t["denominator"]!.numberValue!))</td>"), "\(code)")
        }
        #expect(html.contains("<td>Gia đình học tập</td><td>\(families.0)</td><td>\(families.1)</td>"))
        // Results by village (each with its own title) and by unit.
        for village in dashboard["byVillage"]?.arrayValue ?? [] {
            let name = village["name"]!.stringValue!
            #expect(html.contains("<td>\(A4Page.escape(name))</td><td>"), "\(name)")
        }
        #expect(html.contains("<h3>Kết quả theo thôn</h3>") && html.contains("<h3>Kết quả theo đơn vị</h3>"))

        // The spreadsheet is a real .xlsx (a zip with its four sheets).
        let sheet = centre.send("GET", "/api/reports/annual?year=\(year)&format=xlsx", login: manager)
        #expect(sheet.status == 200)
        #expect(Array(sheet.body.prefix(2)) == [0x50, 0x4B], "a zip file")
        #expect(String(decoding: sheet.body, as: UTF8.self).contains("xl/worksheets/sheet4.xml"))
        #expect(centre.send("GET", "/api/reports/annual?year=\(year)&format=pdf", login: manager).status == 400)

        let list = centre.send("GET", "/api/reports/recognition?year=\(year)", login: manager).bodyText
        #expect(list.contains("DANH SÁCH ĐỀ NGHỊ CÔNG NHẬN"))
        #expect(list.contains("I. Công dân học tập (\(citizens ?? -1) người)"))
    }
}
